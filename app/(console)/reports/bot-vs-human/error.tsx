"use client";

import { RetryError } from "@/components/retry-error";

/** Query failure (000_… BTS-S04 ERR-1): one sentence and Retry; no partial numbers are rendered. */
export default function ComparisonError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RetryError message="Couldn't load comparison. Try again." onRetry={reset} />;
}
