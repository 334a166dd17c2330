import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireMember } from "@/app/_auth/guard";
import { inputClass } from "@/components/form/field";
import { getDb } from "@/db/client";
import { AUDIT_PAGE_SIZE, auditParamsSchema, listAudit } from "@/lib/audit/list-audit";
import { AUDIT_AREAS } from "@/lib/audit/record-audit";
import { listChannels } from "@/lib/channels/list-channels";
import { listMembers } from "@/lib/members/list-members";
import { formatInZone } from "@/lib/time/format";
import { changeLabelsFor, describeChangesIn } from "@/components/audit-change-labels";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("settings.audit");
  return { title: t("metaTitle") };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember("settingsWrite");
  const params = auditParamsSchema.parse(await searchParams);
  const db = await getDb();
  const [{ rows, total }, members, channels] = await Promise.all([
    listAudit(db, { orgId: member.orgId, params, timezone: member.timezone }),
    listMembers(db, { orgId: member.orgId }),
    listChannels(db, { orgId: member.orgId, includeArchived: true }),
  ]);
  const query = (extra: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ actor: params.actor, area: params.area, from: params.from, to: params.to, ...extra })) if (v !== undefined && v !== "") q.set(k, String(v));
    return q.toString();
  };
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const t = await getTranslations("settings.audit");
  const labels = changeLabelsFor(member.uiLanguage, Object.fromEntries(channels.map((c) => [c.id, c.name])));
  // an entry's action in plain words (`member.role_changed` → "Role changed"); an action without a label shows its code
  const actionLabel = (action: string) => (t.has(`actions.${action}` as never) ? t(`actions.${action}` as never) : null);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-gray-500">{t("intro", { timezone: member.timezone })}</p>
        </div>
        <a href={`/api/audit/export?${query({})}`} className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-medium text-gray-700 hover:bg-gray-50">{t("exportCsv")}</a>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3 rounded-lg border border-gray-200 bg-white p-4" aria-label={t("filters.label")}>
        <label className="w-48 text-sm">{t("filters.actor")}
          <select name="actor" defaultValue={params.actor ?? ""} className={inputClass}>
            <option value="">{t("filters.everyone")}</option>
            {members.map((m) => <option key={m.userId} value={m.userId}>{m.name}</option>)}
          </select>
        </label>
        <label className="w-44 text-sm">{t("filters.area")}
          <select name="area" defaultValue={params.area ?? ""} className={inputClass}>
            <option value="">{t("filters.allAreas")}</option>
            {AUDIT_AREAS.map((a) => <option key={a} value={a}>{t(`areas.${a}`)}</option>)}
          </select>
        </label>
        <label className="text-sm">{t("filters.from")}<input type="date" name="from" defaultValue={params.from} className={inputClass} /></label>
        <label className="text-sm">{t("filters.to")}<input type="date" name="to" defaultValue={params.to} className={inputClass} /></label>
        <button type="submit" className="rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-700">{t("filters.apply")}</button>
        <Link href="/settings/audit" className="px-2 py-2 text-sm text-gray-600 hover:underline">{t("filters.clear")}</Link>
      </form>
      <section className="relative overflow-x-auto rounded-lg border border-gray-200 bg-white">
        {rows.length === 0 ? (
          <p className="p-6 text-sm text-gray-600">{total === 0 && !params.actor && !params.area && !params.from && !params.to ? t("empty") : t("noMatch")}</p>
        ) : (
          <table className="min-w-full text-sm" aria-label={t("title")}>
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr><th className="px-4 py-2 font-medium">{t("columns.when")}</th><th className="px-4 py-2 font-medium">{t("columns.who")}</th><th className="px-4 py-2 font-medium">{t("columns.area")}</th><th className="px-4 py-2 font-medium">{t("columns.what")}</th><th className="px-4 py-2 font-medium">{t("columns.target")}</th><th className="px-4 py-2 font-medium">{t("columns.changes")}</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-t border-gray-100 align-top">
                  <td className="whitespace-nowrap px-4 py-2">{formatInZone(r.createdAt, member.timezone, member.locale)}</td>
                  <td className="px-4 py-2">{r.actorName}</td>
                  <td className="px-4 py-2">{t(`areas.${r.area}`)}</td>
                  <td className="px-4 py-2">{actionLabel(r.action) ?? <code className="text-xs">{r.action}</code>}</td>
                  <td className="px-4 py-2">{r.targetLabel ?? "—"}</td>
                  <td className="max-w-md break-words px-4 py-2 text-xs text-gray-700">{describeChangesIn(r.changes, labels) || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {pages > 1 ? (
        <nav aria-label={t("pagination.label")} className="flex items-center justify-end gap-2 text-sm">
          <span>{t("pagination.summary", { page: params.page, pages, total })}</span>
          {params.page > 1 ? <Link href={`?${query({ page: params.page - 1 })}`} className="rounded border bg-white px-2 py-1">{t("pagination.previous")}</Link> : null}
          {params.page < pages ? <Link href={`?${query({ page: params.page + 1 })}`} className="rounded border bg-white px-2 py-1">{t("pagination.next")}</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
