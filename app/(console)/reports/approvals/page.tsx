import type { Metadata } from "next";
import { requireMemberOrNotFound } from "@/app/_auth/guard";
import { DateRangeFilters } from "@/components/date-range-filters";
import { getDb } from "@/db/client";
import { approvalMetrics, QUALITY_TARGETS } from "@/lib/approvals/approval-metrics";
import { approvalReportParamsSchema, APPROVAL_RANGE_PRESETS, resolveApprovalRange } from "@/lib/approvals/report-params";
import { CalibrationChart, EditDistanceChart } from "./charts";

export const metadata: Metadata = { title: "Approvals report" };

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);
const num = (v: number | null, digits = 1) => (v === null ? "—" : v.toFixed(digits));

function Target({ ok, label }: { ok: boolean | null; label: string }) {
  if (ok === null) return <span className="text-xs text-gray-500">{label}</span>;
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${ok ? "bg-green-50 text-green-700" : "bg-amber-50 text-amber-800"}`}>{ok ? "✓" : "!"} {label}</span>;
}

export default async function ApprovalsReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMemberOrNotFound("reports");
  const params = approvalReportParamsSchema.parse(await searchParams);
  const range = resolveApprovalRange(params, member.timezone);
  const m = await approvalMetrics(await getDb(), { orgId: member.orgId, start: range.start, end: range.end, timezone: member.timezone });
  const tiles = [
    { label: "AI draft rate (P2/P3)", value: pct(m.draftRate), ok: m.draftRate === null ? null : m.draftRate >= QUALITY_TARGETS.draftRate, target: "target ≥ 90%" },
    { label: "Acceptance rate", value: pct(m.acceptanceRate), ok: null, target: `${m.decided} drafts decided` },
    { label: "Median approval time", value: m.medianApprovalMinutes === null ? "—" : `${num(m.medianApprovalMinutes)} min`, ok: m.medianApprovalMinutes === null ? null : m.medianApprovalMinutes <= QUALITY_TARGETS.medianApprovalMinutes, target: "target ≤ 15 min" },
    { label: "Escalation rate", value: pct(m.escalationRate), ok: null, target: `of ${m.chatwootConversations} Chatwoot conversations` },
    { label: "Customer satisfaction (CSAT)", value: m.csat.mean === null ? "—" : `${num(m.csat.mean)} / 5`, ok: m.csat.mean === null ? null : m.csat.mean >= QUALITY_TARGETS.csat, target: `target ≥ 4.5 · ${m.csat.responses} survey answers` },
    {
      label: "Overtaken in Chatwoot",
      value: m.superseded.total.toLocaleString("en"),
      ok: null,
      target: `drafts no one decided: ${m.superseded.byReason.human_reply} answered by a person, ${m.superseded.byReason.resolved} resolved, ${m.superseded.byReason.reassigned} moved to another agent`,
    },
    { label: "Tone", value: num(m.grades.tone), ok: m.grades.tone === null ? null : m.grades.tone >= QUALITY_TARGETS.tone, target: "target ≥ 4.5" },
    { label: "Accuracy", value: num(m.grades.accuracy), ok: m.grades.accuracy === null ? null : m.grades.accuracy >= QUALITY_TARGETS.accuracy, target: "target ≥ 4.7" },
    { label: "Policy", value: num(m.grades.policy), ok: m.grades.policy === null ? null : m.grades.policy >= QUALITY_TARGETS.policy, target: "target ≥ 4.8" },
  ];
  const exportQuery = new URLSearchParams({ range: params.range, ...(params.range === "custom" ? { from: range.from, to: range.to } : {}) });
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Approvals</h1>
          <p className="text-sm text-gray-500">AI drafts for Chatwoot conversations and how your team handled them, {range.from} to {range.to} ({member.timezone}).</p>
        </div>
        <a href={`/api/reports/approvals/export?${exportQuery}`} className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-700 hover:bg-gray-50">Export CSV</a>
      </div>
      <DateRangeFilters channels={[]} params={params} from={range.from} to={range.to} presets={APPROVAL_RANGE_PRESETS.map((d) => ({ value: d, label: `Last ${d} days` }))} />
      {m.drafts === 0 && m.chatwootConversations === 0 ? (
        <section className="rounded-lg border border-dashed border-gray-300 bg-white p-8 text-center text-sm text-gray-600">No Chatwoot conversations or AI drafts in this range yet.</section>
      ) : (
        <>
          <section aria-label="Quality" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            {tiles.map((t) => (
              <div key={t.label} className="rounded-lg border border-gray-200 bg-white p-4">
                <p className="text-sm text-gray-600">{t.label}</p>
                <p className="mt-1 text-2xl font-semibold tabular-nums">{t.value}</p>
                <Target ok={t.ok} label={t.target} />
              </div>
            ))}
          </section>
          <section className="overflow-x-auto rounded-lg border border-gray-200 bg-white">
            <table className="min-w-full text-sm" aria-label="SLA compliance by priority">
              <thead className="bg-gray-50 text-left text-gray-600">
                <tr><th className="px-4 py-2 font-medium">Priority</th><th className="px-4 py-2 font-medium">First responses due</th><th className="px-4 py-2 font-medium">On time</th><th className="px-4 py-2 font-medium">Compliance</th></tr>
              </thead>
              <tbody>
                {m.sla.map((s) => (
                  <tr key={s.priority} className="border-t border-gray-100">
                    <th scope="row" className="px-4 py-2 text-left font-medium">{s.priority}</th>
                    <td className="px-4 py-2 tabular-nums">{s.conversations}</td>
                    <td className="px-4 py-2 tabular-nums">{s.onTime}</td>
                    <td className="px-4 py-2 tabular-nums">{pct(s.compliance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <div className="grid gap-4 lg:grid-cols-2">
            <section className="rounded-lg border border-gray-200 bg-white p-5">
              <h2 className="mb-2 font-semibold">Edits per week (should fall)</h2>
              {m.editDistanceTrend.length ? <EditDistanceChart data={m.editDistanceTrend.map((w) => ({ week: w.week, "Characters changed": Math.round(w.mean) }))} /> : <p className="text-sm text-gray-500">No sent drafts yet.</p>}
            </section>
            <section className="rounded-lg border border-gray-200 bg-white p-5">
              <h2 className="mb-2 font-semibold">Confidence vs acceptance</h2>
              <CalibrationChart data={m.calibration.map((c) => ({ band: `${c.band} (${c.decided})`, "Accepted %": c.acceptance === null ? 0 : Math.round(c.acceptance * 100) }))} />
            </section>
          </div>
        </>
      )}
    </div>
  );
}
