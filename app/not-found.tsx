import { useTranslations } from "next-intl";
import { StatusPage } from "@/components/status-page";

export default function NotFound() {
  const t = useTranslations("common.statusPage");
  return (
    <StatusPage code="404" title={t("notFoundTitle")}>
      {t("notFoundBody")}
    </StatusPage>
  );
}
