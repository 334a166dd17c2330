"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";

/** IMPACT-S01 ERR-1: the one sentence and Retry (reloads the report; the failure was already logged). */
export function ReportError() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <p className="font-medium text-red-800">We couldn&apos;t load your report. Try again.</p>
      <button type="button" disabled={pending} aria-busy={pending} onClick={() => startTransition(() => router.refresh())}
        className="mt-3 rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-semibold text-red-700 hover:bg-red-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500 disabled:opacity-70">
        {pending ? "Retrying…" : "Retry"}
      </button>
    </div>
  );
}
