"use client";

/** An unexpected render failure shows the report's Error state (IMPACT-S01 ERR-1) with Retry. */
export default function ImpactError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <p className="font-medium text-red-800">We couldn&apos;t load your report. Try again.</p>
      <button type="button" onClick={reset} className="mt-3 rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-semibold text-red-700 hover:bg-red-100">Retry</button>
    </div>
  );
}
