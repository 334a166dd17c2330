import { useTranslations } from "next-intl";

/** Skeleton tiles and chart while the daily aggregate loads (001_… §7 Loading). */
export default function Loading() {
  const t = useTranslations("reports");
  return (
    <div className="space-y-5" aria-busy="true" aria-label={t("impact.loading")}>
      <div className="h-8 w-80 animate-pulse rounded bg-gray-200" />
      <div className="h-5 w-2/3 animate-pulse rounded bg-gray-100" />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => <div key={i} className="h-32 animate-pulse rounded-lg bg-gray-200" />)}
      </div>
      <div className="h-10 animate-pulse rounded-lg bg-gray-200" />
      <div className="grid gap-3 sm:grid-cols-3">
        {Array.from({ length: 3 }, (_, i) => <div key={i} className="h-28 animate-pulse rounded-lg bg-gray-200" />)}
      </div>
      <div className="h-64 animate-pulse rounded-lg bg-gray-100" />
    </div>
  );
}
