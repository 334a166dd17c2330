import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireMember } from "@/app/_auth/guard";
import { inputClass } from "@/components/form/field";
import { getDb } from "@/db/client";
import { retrieveArticles } from "@/lib/agent/retrieve";
import { canAccess } from "@/lib/auth/roles";
import { countByAudience, KNOWLEDGE_PAGE_SIZE, knowledgeParamsSchema, listArticles, listCollections } from "@/lib/knowledge/list-knowledge";
import { formatInZone } from "@/lib/time/format";
import { AUDIENCES, AudienceBadge } from "./audience";
import { ImportForm } from "./import-form";

const pill = (current: boolean) => `rounded-full px-3 py-1 ${current ? "bg-blue-50 text-blue-700" : "bg-gray-100 text-gray-700 hover:bg-gray-200"}`;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("agents");
  return { title: t("knowledge.metaTitle") };
}

export default async function KnowledgePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember("settings");
  const raw = await searchParams;
  const params = knowledgeParamsSchema.parse(raw);
  const db = await getDb();
  const [collections, audiences, { rows, total }, preview] = await Promise.all([
    listCollections(db, { orgId: member.orgId }),
    countByAudience(db, { orgId: member.orgId, collection: params.collection }),
    listArticles(db, { orgId: member.orgId, params }),
    params.preview ? retrieveArticles(db, { orgId: member.orgId, text: params.preview, limit: 5 }) : Promise.resolve(null),
  ]);
  const canEdit = canAccess(member.role, "settingsWrite");
  const t = await getTranslations("agents");
  const query = (extra: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ collection: params.collection, audience: params.audience, q: params.q, preview: params.preview, ...extra })) if (v !== undefined && v !== "") q.set(k, String(v));
    return `?${q}`;
  };
  const pages = Math.max(1, Math.ceil(total / KNOWLEDGE_PAGE_SIZE));
  const articleCount = collections.reduce((s, c) => s + c.articles, 0);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("knowledge.title")}</h1>
        <p className="text-sm text-gray-500">
          {t("knowledge.summary", { articles: articleCount, collections: collections.length })}
          {canEdit ? null : ` ${t("knowledge.readOnly")}`}
        </p>
        {raw.deleted === "1" ? <p role="status" className="mt-2 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">{t("knowledge.deleted")}</p> : null}
      </div>

      {canEdit ? <ImportForm collections={collections.map((c) => c.name)} /> : null}

      <section className="rounded-lg border border-gray-200 bg-white p-5">
        <h2 className="font-semibold">{t("knowledge.searchTitle")}</h2>
        <p className="mb-3 text-sm text-gray-500">{t("knowledge.searchIntro")}</p>
        <form method="get" className="flex flex-wrap gap-2" role="search" aria-label={t("knowledge.searchLabel")}>
          {params.collection ? <input type="hidden" name="collection" value={params.collection} /> : null}
          {params.audience ? <input type="hidden" name="audience" value={params.audience} /> : null}
          <input name="preview" defaultValue={params.preview} placeholder={t("knowledge.searchPlaceholder")} aria-label={t("knowledge.customerQuestion")} className={inputClass + " !mt-0"} />
          <button type="submit" className="rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-700">{t("knowledge.search")}</button>
        </form>
        {preview ? (
          preview.length === 0 ? <p className="mt-3 text-sm text-gray-600">{t("knowledge.noMatch")}</p> : (
            <ol className="mt-3 space-y-2" aria-label={t("knowledge.resultsLabel")}>
              {preview.map((a, i) => (
                <li key={a.articleId} className="rounded-md border border-gray-100 px-3 py-2 text-sm">
                  <span className="mr-2 text-gray-500">{i + 1}.</span>
                  <Link href={`/settings/knowledge/${a.articleId}`} className="font-medium text-blue-700 hover:underline">{a.title}</Link>
                  <span className="ml-2 text-xs text-gray-500">{t("knowledge.score", { score: a.score.toLocaleString(member.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }), coverage: Math.round(a.coverage * 100) })}</span>
                </li>
              ))}
            </ol>
          )
        ) : null}
      </section>

      <section className="rounded-lg border border-gray-200 bg-white">
        <div className="flex flex-wrap items-end justify-between gap-3 border-b border-gray-100 px-5 py-3">
          <nav aria-label={t("knowledge.collectionsLabel")} className="flex flex-wrap gap-2 text-sm">
            <Link href={query({ collection: undefined, page: undefined })} aria-current={!params.collection ? "page" : undefined} className={pill(!params.collection)}>{t("knowledge.all", { count: articleCount })}</Link>
            {collections.map((c) => (
              <Link key={c.name} href={query({ collection: c.name, page: undefined })} aria-current={params.collection === c.name ? "page" : undefined}
                className={pill(params.collection === c.name)}>{c.name} ({c.articles})</Link>
            ))}
          </nav>
          <nav aria-label={t("knowledge.audienceFilterLabel")} className="flex flex-wrap gap-2 text-sm">
            <Link href={query({ audience: undefined, page: undefined })} aria-current={!params.audience ? "page" : undefined} className={pill(!params.audience)}>
              {t("knowledge.anyAudience", { count: audiences.customer + audiences.internal })}
            </Link>
            {AUDIENCES.map((a) => (
              <Link key={a} href={query({ audience: a, page: undefined })} aria-current={params.audience === a ? "page" : undefined} className={pill(params.audience === a)}>
                {t(`audience.label.${a}`)} ({audiences[a]})
              </Link>
            ))}
          </nav>
          <form method="get" className="flex flex-wrap gap-2" aria-label={t("knowledge.filterLabel")}>
            {params.collection ? <input type="hidden" name="collection" value={params.collection} /> : null}
            {params.audience ? <input type="hidden" name="audience" value={params.audience} /> : null}
            <input name="q" defaultValue={params.q} placeholder={t("knowledge.filterPlaceholder")} aria-label={t("knowledge.filterLabel")} className="rounded-md border border-gray-300 px-3 py-1.5 text-sm" />
            <button type="submit" className="rounded-md border border-gray-300 px-3 py-1.5 text-sm">{t("knowledge.filter")}</button>
          </form>
        </div>
        {rows.length === 0 ? (
          <p className="p-6 text-sm text-gray-600">{total === 0 && !params.q && !params.collection && !params.audience ? t("knowledge.emptyAll") : t("knowledge.emptyFiltered")}</p>
        ) : (
          <div className="relative overflow-x-auto">
          <table className="min-w-full text-sm" aria-label={t("knowledge.tableLabel")}>
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr>
                <th className="px-4 py-2 font-medium">{t("knowledge.columns.title")}</th><th className="px-4 py-2 font-medium">{t("knowledge.columns.audience")}</th><th className="px-4 py-2 font-medium">{t("knowledge.columns.collection")}</th>
                <th className="px-4 py-2 font-medium">{t("knowledge.columns.language")}</th><th className="px-4 py-2 text-right font-medium">{t("knowledge.columns.examples")}</th><th className="px-4 py-2 font-medium">{t("knowledge.columns.updated")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id} className="border-t border-gray-100">
                  <td className="px-4 py-2"><Link href={`/settings/knowledge/${a.id}`} className="text-blue-700 hover:underline">{a.title}</Link></td>
                  <td className="px-4 py-2"><AudienceBadge audience={a.audience} /></td>
                  <td className="px-4 py-2">{a.collection}</td>
                  <td className="px-4 py-2">{a.language === "id" ? t("knowledge.languages.id") : t("knowledge.languages.en")}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{a.exampleCount}</td>
                  <td className="whitespace-nowrap px-4 py-2">{formatInZone(a.updatedAt, member.timezone, member.locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
        {pages > 1 ? (
          <nav aria-label={t("knowledge.paginationLabel")} className="flex items-center justify-end gap-2 border-t border-gray-100 px-4 py-2 text-sm">
            <span>{t("knowledge.page", { page: params.page, pages, total })}</span>
            {params.page > 1 ? <Link href={query({ page: params.page - 1 })} className="rounded border px-2 py-1">{t("knowledge.previous")}</Link> : null}
            {params.page < pages ? <Link href={query({ page: params.page + 1 })} className="rounded border px-2 py-1">{t("knowledge.next")}</Link> : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
