"use client";

import { useTranslations } from "next-intl";
import { RetryError } from "@/components/retry-error";

/** The queue couldn't load: one sentence and Retry; nothing is decided by a failed page. */
export default function ApprovalsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("approvals");
  return <RetryError message={t("error.load")} onRetry={reset} />;
}
