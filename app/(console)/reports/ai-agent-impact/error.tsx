"use client";

import { useTranslations } from "next-intl";
import { RetryError } from "@/components/retry-error";

/** An unexpected render failure shows the report's Error state (IMPACT-S01 ERR-1) with Retry. */
export default function ImpactError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("reports");
  return <RetryError message={t("impact.error")} onRetry={reset} />;
}
