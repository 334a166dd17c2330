import { getTranslations } from "next-intl/server";

/** Skeleton of the queue and the drawer while the approvals load. */
export default async function Loading() {
  const t = await getTranslations("approvals");
  return (
    <div className="space-y-4" aria-busy="true" aria-label={t("loading.label")}>
      <div className="h-8 w-48 animate-pulse rounded bg-gray-200" />
      <div className="h-5 w-2/3 animate-pulse rounded bg-gray-100" />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,28rem)]">
        <div className="space-y-2 rounded-lg border border-gray-200 bg-white p-4">
          {Array.from({ length: 5 }, (_, i) => <div key={i} className="h-7 animate-pulse rounded bg-gray-100" />)}
        </div>
        <div className="h-72 animate-pulse rounded-lg bg-gray-100" />
      </div>
    </div>
  );
}
