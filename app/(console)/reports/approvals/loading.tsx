import { useTranslations } from "next-intl";

/** Skeleton tiles and charts while the approvals report loads. */
export default function Loading() {
  const t = useTranslations("reports");
  return (
    <div className="space-y-5" aria-busy="true" aria-label={t("approvals.loading")}>
      <div className="h-8 w-56 animate-pulse rounded bg-gray-200" />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {Array.from({ length: 7 }, (_, i) => <div key={i} className="h-24 animate-pulse rounded-lg bg-gray-200" />)}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="h-64 animate-pulse rounded-lg bg-gray-100" />
        <div className="h-64 animate-pulse rounded-lg bg-gray-100" />
      </div>
    </div>
  );
}
