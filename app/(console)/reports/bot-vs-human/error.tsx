"use client";

/** Query failure (000_… BTS-S04 ERR-1): one sentence and Retry; no partial numbers are rendered. */
export default function ComparisonError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <p className="font-medium text-red-800">Couldn&apos;t load comparison. Try again.</p>
      <button type="button" onClick={reset} className="mt-3 rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-semibold text-red-700 hover:bg-red-100">Retry</button>
    </div>
  );
}
