"use client";

import { RetryError } from "@/components/retry-error";

/** The report's query failed: one sentence and Retry; no partial numbers. */
export default function ApprovalsReportError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RetryError message="We couldn't load the approvals report. Try again." onRetry={reset} />;
}
