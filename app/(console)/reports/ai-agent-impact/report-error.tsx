"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useTranslations } from "next-intl";
import { RetryError } from "@/components/retry-error";

/** IMPACT-S01 ERR-1: the one sentence and Retry (reloads the report; the failure was already logged). */
export function ReportError() {
  const t = useTranslations("reports");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return <RetryError message={t("impact.error")} pending={pending} onRetry={() => startTransition(() => router.refresh())} />;
}
