import { useTranslations } from "next-intl";

/** Skeleton rows while the comparison loads (000_… BTS-S04 Loading). */
export default function Loading() {
  const t = useTranslations("reports");
  return (
    <div className="space-y-5" aria-busy="true" aria-label={t("botVsHuman.loading")}>
      <div className="h-8 w-72 animate-pulse rounded bg-gray-200" />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        {Array.from({ length: 5 }, (_, i) => <div key={i} className="h-24 animate-pulse rounded-lg bg-gray-200" />)}
      </div>
      <div className="space-y-2 rounded-lg border border-gray-200 bg-white p-4">
        {Array.from({ length: 4 }, (_, i) => <div key={i} className="h-6 animate-pulse rounded bg-gray-100" />)}
      </div>
    </div>
  );
}
