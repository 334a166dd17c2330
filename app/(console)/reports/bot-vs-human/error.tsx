"use client";

import { useTranslations } from "next-intl";
import { RetryError } from "@/components/retry-error";

/** Query failure (000_… BTS-S04 ERR-1): one sentence and Retry; no partial numbers are rendered. */
export default function ComparisonError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("reports");
  return <RetryError message={t("botVsHuman.error")} onRetry={reset} />;
}
