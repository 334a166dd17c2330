"use client";

import { RetryError } from "@/components/retry-error";

/** The queue couldn't load: one sentence and Retry; nothing is decided by a failed page. */
export default function ApprovalsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <RetryError message="We couldn't load the approvals. Try again." onRetry={reset} />;
}
