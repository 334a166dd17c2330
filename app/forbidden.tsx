import { useTranslations } from "next-intl";
import { StatusPage } from "@/components/status-page";

export default function Forbidden() {
  const t = useTranslations("common.statusPage");
  return (
    <StatusPage code="403" title={t("forbiddenTitle")}>
      {t("forbiddenBody")}
    </StatusPage>
  );
}
