"use client";

import { useContext, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { ActionFormPending } from "./action-form";

const VARIANTS = {
  primary: "bg-blue-600 text-white hover:bg-blue-700",
  secondary: "border border-gray-300 bg-white text-gray-700 hover:bg-gray-50",
  danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
} as const;

/** A form's submit button: disabled with `pendingLabel` while the form's action runs (form action or ActionForm). */
export function SubmitButton({
  children, pendingLabel, variant = "primary", name, value, className = "",
}: { children: ReactNode; pendingLabel: string; variant?: keyof typeof VARIANTS; name?: string; value?: string; className?: string }) {
  const status = useFormStatus();
  const pending = useContext(ActionFormPending) ?? status.pending;
  return (
    <button type="submit" name={name} value={value} disabled={pending} aria-busy={pending}
      className={`rounded-md px-3 py-2 text-sm font-semibold disabled:cursor-wait disabled:opacity-70 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2 ${VARIANTS[variant]} ${className}`}>
      {pending ? pendingLabel : children}
    </button>
  );
}
