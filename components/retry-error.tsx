"use client";

import { useTranslations } from "next-intl";

/** A page's error state: one plain sentence and a Retry button (for a route's `error.tsx`). */
export function RetryError({ message, onRetry, pending = false }: { message: string; onRetry: () => void; pending?: boolean }) {
  const t = useTranslations("common.retry");
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <p className="font-medium text-red-800">{message}</p>
      <button type="button" onClick={onRetry} disabled={pending} aria-busy={pending}
        className="mt-3 rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-semibold text-red-700 hover:bg-red-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500 disabled:opacity-70">
        {pending ? t("retrying") : t("retry")}
      </button>
    </div>
  );
}
