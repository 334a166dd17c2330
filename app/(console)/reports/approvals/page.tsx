import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireMemberOrNotFound } from "@/app/_auth/guard";
import { DateRangeFilters } from "@/components/date-range-filters";
import { getDb } from "@/db/client";
import { approvalMetrics, CONFIDENCE_BANDS, QUALITY_TARGETS } from "@/lib/approvals/approval-metrics";
import { approvalReportParamsSchema, APPROVAL_RANGE_PRESETS, resolveApprovalRange } from "@/lib/approvals/report-params";
import { CalibrationChart, EditDistanceChart } from "./charts";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reports");
  return { title: t("approvals.metaTitle") };
}

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
  const t = await getTranslations("reports");
  /** a confidence band as percentages ("below 70%", "70–80%") rather than lib's 0..1 thresholds */
  const bandLabel = (label: string) => {
    const band = CONFIDENCE_BANDS.find((b) => b.label === label);
    if (!band) return label;
    const max = Math.min(100, Math.round(band.max * 100));
    return band.min === 0 ? t("approvals.calibration.bandBelow", { max }) : t("approvals.calibration.bandRange", { min: Math.round(band.min * 100), max });
  };
  const tiles = [
    { label: t("approvals.tiles.draftRate"), value: pct(m.draftRate), ok: m.draftRate === null ? null : m.draftRate >= QUALITY_TARGETS.draftRate, target: t("approvals.tiles.draftRateTarget") },
    { label: t("approvals.tiles.acceptanceRate"), value: pct(m.acceptanceRate), ok: null, target: t("approvals.tiles.decided", { count: String(m.decided) }) },
    { label: t("approvals.tiles.medianApprovalTime"), value: m.medianApprovalMinutes === null ? "—" : t("approvals.tiles.minutes", { minutes: num(m.medianApprovalMinutes) }), ok: m.medianApprovalMinutes === null ? null : m.medianApprovalMinutes <= QUALITY_TARGETS.medianApprovalMinutes, target: t("approvals.tiles.medianApprovalTarget") },
    { label: t("approvals.tiles.escalationRate"), value: pct(m.escalationRate), ok: null, target: t("approvals.tiles.escalationBase", { count: String(m.chatwootConversations) }) },
    { label: t("approvals.tiles.csat"), value: m.csat.mean === null ? "—" : t("approvals.tiles.csatValue", { mean: num(m.csat.mean) }), ok: m.csat.mean === null ? null : m.csat.mean >= QUALITY_TARGETS.csat, target: t("approvals.tiles.csatTarget", { count: String(m.csat.responses) }) },
    {
      label: t("approvals.tiles.superseded"),
      value: m.superseded.total.toLocaleString("en"),
      ok: null,
      target: t("approvals.tiles.supersededBreakdown", {
        humanReply: String(m.superseded.byReason.human_reply),
        resolved: String(m.superseded.byReason.resolved),
        reassigned: String(m.superseded.byReason.reassigned),
      }),
    },
    { label: t("approvals.tiles.tone"), value: num(m.grades.tone), ok: m.grades.tone === null ? null : m.grades.tone >= QUALITY_TARGETS.tone, target: t("approvals.tiles.toneTarget") },
    { label: t("approvals.tiles.accuracy"), value: num(m.grades.accuracy), ok: m.grades.accuracy === null ? null : m.grades.accuracy >= QUALITY_TARGETS.accuracy, target: t("approvals.tiles.accuracyTarget") },
    { label: t("approvals.tiles.policy"), value: num(m.grades.policy), ok: m.grades.policy === null ? null : m.grades.policy >= QUALITY_TARGETS.policy, target: t("approvals.tiles.policyTarget") },
  ];
  const exportQuery = new URLSearchParams({ range: params.range, ...(params.range === "custom" ? { from: range.from, to: range.to } : {}) });
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("approvals.title")}</h1>
          <p className="text-sm text-gray-500">{t("approvals.subtitle", { from: range.from, to: range.to, timezone: member.timezone })}</p>
        </div>
        <a href={`/api/reports/approvals/export?${exportQuery}`} className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-700 hover:bg-gray-50">{t("approvals.exportCsv")}</a>
      </div>
      <DateRangeFilters channels={[]} params={params} from={range.from} to={range.to} presets={APPROVAL_RANGE_PRESETS.map((d) => ({ value: d, label: t("presets.lastDays", { days: Number(d) }) }))} />
      {m.drafts === 0 && m.chatwootConversations === 0 ? (
        <section className="rounded-lg border border-dashed border-gray-300 bg-white p-8 text-center text-sm text-gray-600">{t("approvals.empty")}</section>
      ) : (
        <>
          <section aria-label={t("approvals.quality")} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            {tiles.map((tile) => (
              <div key={tile.label} className="rounded-lg border border-gray-200 bg-white p-4">
                <p className="text-sm text-gray-600">{tile.label}</p>
                <p className="mt-1 text-2xl font-semibold tabular-nums">{tile.value}</p>
                <Target ok={tile.ok} label={tile.target} />
              </div>
            ))}
          </section>
          <section className="relative overflow-x-auto rounded-lg border border-gray-200 bg-white">
            <table className="min-w-full text-sm" aria-label={t("approvals.sla.label")}>
              <thead className="bg-gray-50 text-left text-gray-600">
                <tr><th className="px-4 py-2 font-medium">{t("approvals.sla.priority")}</th><th className="px-4 py-2 font-medium">{t("approvals.sla.due")}</th><th className="px-4 py-2 font-medium">{t("approvals.sla.onTime")}</th><th className="px-4 py-2 font-medium">{t("approvals.sla.compliance")}</th></tr>
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
              <h2 className="mb-2 font-semibold">{t("approvals.edits.title")}</h2>
              {m.editDistanceTrend.length ? <EditDistanceChart data={m.editDistanceTrend.map((w) => ({ week: w.week, changed: Math.round(w.mean) }))} /> : <p className="text-sm text-gray-500">{t("approvals.edits.none")}</p>}
            </section>
            <section className="rounded-lg border border-gray-200 bg-white p-5">
              <h2 className="mb-2 font-semibold">{t("approvals.calibration.title")}</h2>
              <CalibrationChart data={m.calibration.map((c) => ({ band: t("approvals.calibration.band", { band: bandLabel(c.band), count: String(c.decided) }), accepted: c.acceptance === null ? 0 : Math.round(c.acceptance * 100) }))} />
            </section>
          </div>
        </>
      )}
    </div>
  );
}
