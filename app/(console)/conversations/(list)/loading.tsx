import { getTranslations } from "next-intl/server";

export default async function Loading() {
  const t = await getTranslations("conversations");
  return (
    <div className="space-y-4" aria-busy="true" aria-label={t("list.loading")}>
      <div className="h-8 w-48 animate-pulse rounded bg-gray-200" />
      <div className="space-y-2 rounded-lg border border-gray-200 bg-white p-4">
        {Array.from({ length: 8 }, (_, i) => <div key={i} className="h-6 animate-pulse rounded bg-gray-100" />)}
      </div>
    </div>
  );
}
