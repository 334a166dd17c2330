import { useTranslations } from "next-intl";

/** Skeleton while the jobs' health and the delivery counts load. */
export default function Loading() {
  const t = useTranslations("settings.system");
  return (
    <div className="animate-pulse space-y-6" aria-busy="true" aria-label={t("loading")}>
      <div className="h-8 w-40 rounded bg-gray-200" />
      <div className="h-72 rounded-lg bg-gray-100" />
      <div className="h-40 rounded-lg bg-gray-100" />
    </div>
  );
}
