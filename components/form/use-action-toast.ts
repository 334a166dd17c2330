"use client";

import { useEffect } from "react";
import { toast } from "sonner";

/**
 * Shows a toast once per action result (keyed on the result's `at`): success always; errors too when
 * `errors` is set (for compact inline forms that have no room for an error line).
 */
export function useActionToast(state: { ok?: boolean; message?: string; error?: string; at?: number }, { errors = false } = {}) {
  useEffect(() => {
    if (state.ok && state.message) toast.success(state.message);
    else if (errors && state.error) toast.error(state.error);
  }, [state.at, state.ok, state.message, state.error, errors]);
}

/**
 * Wraps a `useActionState` action so its success toast fires as soon as the result arrives — for forms that unmount
 * when the action succeeds (the state-keyed {@link useActionToast} would never see the result).
 */
export function withSuccessToast<S extends { ok?: boolean; message?: string }>(action: (prev: S, formData: FormData) => Promise<S>): (prev: S, formData: FormData) => Promise<S> {
  return async (prev, formData) => {
    const result = await action(prev, formData);
    if (result.ok && result.message) toast.success(result.message);
    return result;
  };
}
