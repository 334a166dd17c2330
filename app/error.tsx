"use client";

import { useTranslations } from "next-intl";
import { StatusPage } from "@/components/status-page";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("common.statusPage");
  return (
    <StatusPage
      code={t("errorCode")}
      title={t("errorTitle")}
      action={
        <button type="button" onClick={reset} className="rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700">
          {t("tryAgain")}
        </button>
      }
    >
      {error.digest ? t("errorBodyRef", { digest: error.digest }) : t("errorBody")}
    </StatusPage>
  );
}
