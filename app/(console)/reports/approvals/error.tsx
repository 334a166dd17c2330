"use client";

import { useTranslations } from "next-intl";
import { RetryError } from "@/components/retry-error";

/** The report's query failed: one sentence and Retry; no partial numbers. */
export default function ApprovalsReportError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("reports");
  return <RetryError message={t("approvals.error")} onRetry={reset} />;
}
