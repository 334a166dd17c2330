"use client";

import { createContext, useTransition, type ComponentProps, type FormEvent } from "react";

/** Pending state of the enclosing {@link ActionForm} (null outside one; SubmitButton then uses useFormStatus). */
export const ActionFormPending = createContext<boolean | null>(null);

type Props = Omit<ComponentProps<"form">, "action" | "onSubmit"> & {
  action: (formData: FormData) => void;
  /** return false to cancel (e.g. a confirm dialog) */
  confirm?: () => boolean;
};

/**
 * A form that submits to a `useActionState` action without React's automatic form reset, so what the user typed
 * stays in the fields when the server answers with a field error.
 */
export function ActionForm({ action, confirm, children, ...props }: Props) {
  const [pending, startTransition] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || (confirm && !confirm())) return;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(event.currentTarget, submitter);
    startTransition(() => action(formData));
  }
  return (
    <ActionFormPending value={pending}>
      <form {...props} onSubmit={onSubmit}>{children}</form>
    </ActionFormPending>
  );
}
