import { useTranslations } from "next-intl";

/** Skeleton while the monitoring numbers load. */
export default function Loading() {
  const t = useTranslations("monitoring");
  return (
    <div className="animate-pulse space-y-6" aria-busy="true" aria-label={t("loading.ariaLabel")}>
      <div className="h-8 w-48 rounded bg-gray-200" />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">{[0, 1, 2, 3].map((i) => <div key={i} className="h-20 rounded-lg bg-gray-100" />)}</div>
      <div className="h-64 rounded-lg bg-gray-100" />
    </div>
  );
}
