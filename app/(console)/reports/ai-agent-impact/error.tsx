"use client";

import { RetryError } from "@/components/retry-error";

/** An unexpected render failure shows the report's Error state (IMPACT-S01 ERR-1) with Retry. */
export default function ImpactError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RetryError message="We couldn't load your report. Try again." onRetry={reset} />;
}
