import type { ReactNode } from "react";

export const inputClass =
  "mt-1 block w-full rounded-md border border-gray-300 px-3 py-2 text-sm shadow-sm focus:border-blue-500 focus:outline-none focus:ring-1 focus:ring-blue-500 disabled:bg-gray-50 disabled:text-gray-500 aria-[invalid=true]:border-red-500";

/** A labelled form field with its inline error (linked by aria-describedby). */
export function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string[]; hint?: ReactNode; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-gray-700">{label}</label>
      {children}
      {hint ? <p className="mt-1 text-xs text-gray-500">{hint}</p> : null}
      <FieldError id={`${id}-error`} messages={error} />
    </div>
  );
}

/** Inline field error text. */
export function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return <p id={id} className="mt-1 text-sm text-red-600">{messages[0]}</p>;
}

/** A form-level error sentence. */
export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>;
}
