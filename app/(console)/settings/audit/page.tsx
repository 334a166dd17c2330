import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/app/_auth/guard";
import { inputClass } from "@/components/form/field";
import { getDb } from "@/db/client";
import { AUDIT_PAGE_SIZE, auditParamsSchema, describeChanges, listAudit } from "@/lib/audit/list-audit";
import { AUDIT_AREAS } from "@/lib/audit/record-audit";
import { listMembers } from "@/lib/members/list-members";
import { formatInZone } from "@/lib/time/format";

export const metadata: Metadata = { title: "Audit log" };

const AREA_LABEL: Record<(typeof AUDIT_AREAS)[number], string> = {
  organization: "Organization", flags: "Plan & flags", members: "Members", channels: "Channels", split: "Traffic split",
  agents: "AI agents", knowledge: "Knowledge", alerts: "Alerts", chatwoot: "Chatwoot", approvals: "Approvals", conversations: "Conversations", reports: "Reports", system: "System",
};

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember("settingsWrite");
  const params = auditParamsSchema.parse(await searchParams);
  const db = await getDb();
  const [{ rows, total }, members] = await Promise.all([
    listAudit(db, { orgId: member.orgId, params, timezone: member.timezone }),
    listMembers(db, { orgId: member.orgId }),
  ]);
  const query = (extra: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ actor: params.actor, area: params.area, from: params.from, to: params.to, ...extra })) if (v !== undefined && v !== "") q.set(k, String(v));
    return q.toString();
  };
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="text-sm text-gray-500">Who changed what, and when. Times in {member.timezone}.</p>
        </div>
        <a href={`/api/audit/export?${query({})}`} className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-medium text-gray-700 hover:bg-gray-50">Export CSV</a>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3 rounded-lg border border-gray-200 bg-white p-4" aria-label="Filter the audit log">
        <label className="w-48 text-sm">Actor
          <select name="actor" defaultValue={params.actor ?? ""} className={inputClass}>
            <option value="">Everyone</option>
            {members.map((m) => <option key={m.userId} value={m.userId}>{m.name}</option>)}
          </select>
        </label>
        <label className="w-44 text-sm">Area
          <select name="area" defaultValue={params.area ?? ""} className={inputClass}>
            <option value="">All areas</option>
            {AUDIT_AREAS.map((a) => <option key={a} value={a}>{AREA_LABEL[a]}</option>)}
          </select>
        </label>
        <label className="text-sm">From<input type="date" name="from" defaultValue={params.from} className={inputClass} /></label>
        <label className="text-sm">To<input type="date" name="to" defaultValue={params.to} className={inputClass} /></label>
        <button type="submit" className="rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-700">Apply</button>
        <Link href="/settings/audit" className="px-2 py-2 text-sm text-gray-600 hover:underline">Clear</Link>
      </form>
      <section className="overflow-x-auto rounded-lg border border-gray-200 bg-white">
        {rows.length === 0 ? (
          <p className="p-6 text-sm text-gray-600">{total === 0 && !params.actor && !params.area && !params.from && !params.to ? "No changes recorded yet." : "No entries match these filters."}</p>
        ) : (
          <table className="min-w-full text-sm" aria-label="Audit log">
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr><th className="px-4 py-2 font-medium">When</th><th className="px-4 py-2 font-medium">Who</th><th className="px-4 py-2 font-medium">Area</th><th className="px-4 py-2 font-medium">What</th><th className="px-4 py-2 font-medium">Target</th><th className="px-4 py-2 font-medium">Changes</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-t border-gray-100 align-top">
                  <td className="whitespace-nowrap px-4 py-2">{formatInZone(r.createdAt, member.timezone, member.locale)}</td>
                  <td className="px-4 py-2">{r.actorName}</td>
                  <td className="px-4 py-2">{AREA_LABEL[r.area]}</td>
                  <td className="px-4 py-2"><code className="text-xs">{r.action}</code></td>
                  <td className="px-4 py-2">{r.targetLabel ?? "—"}</td>
                  <td className="max-w-md break-words px-4 py-2 text-xs text-gray-700">{describeChanges(r.changes) || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {pages > 1 ? (
        <nav aria-label="Pagination" className="flex items-center justify-end gap-2 text-sm">
          <span>Page {params.page} of {pages} · {total} entries</span>
          {params.page > 1 ? <Link href={`?${query({ page: params.page - 1 })}`} className="rounded border bg-white px-2 py-1">Previous</Link> : null}
          {params.page < pages ? <Link href={`?${query({ page: params.page + 1 })}`} className="rounded border bg-white px-2 py-1">Next</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
