"use client";

import { useEffect } from "react";
import { toast } from "sonner";
import { focusAfterResult } from "./focus-after-result";

type Result = { ok?: boolean; message?: string; error?: string; fieldErrors?: Record<string, string[] | undefined>; at?: number };

/**
 * Shows a toast once per action result (keyed on the result's `at`): success always; errors too when
 * `errors` is set (for compact inline forms that have no room for an error line). Focus then goes to the result
 * ({@link focusAfterResult}): the first invalid field, the error sentence, or back to the form, never `<body>`.
 */
export function useActionToast(state: Result, { errors = false } = {}) {
  useEffect(() => {
    if (state.at === undefined) return;
    if (state.ok && state.message) toast.success(state.message);
    else if (errors && state.error) toast.error(state.error);
    focusAfterResult(state);
  }, [state.at, state.ok, state.message, state.error, errors]); // eslint-disable-line react-hooks/exhaustive-deps
}

/**
 * Wraps a `useActionState` action so its success toast fires as soon as the result arrives — for forms that unmount
 * when the action succeeds (the state-keyed {@link useActionToast} would never see the result).
 */
export function withSuccessToast<S extends { ok?: boolean; message?: string }>(action: (prev: S, formData: FormData) => Promise<S>): (prev: S, formData: FormData) => Promise<S> {
  return async (prev, formData) => {
    const result = await action(prev, formData);
    if (result.ok && result.message) toast.success(result.message);
    if (result.ok) focusAfterResult(result);
    return result;
  };
}
