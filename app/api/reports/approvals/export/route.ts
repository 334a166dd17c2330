import { toCsv } from "@/lib/csv/to-csv";
import { isoInZone } from "@/lib/time/format";
import { translatorFor } from "@/lib/i18n/translator";
import { guardRoute } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { approvalMetrics } from "@/lib/approvals/approval-metrics";
import { approvalReportParamsSchema, resolveApprovalRange } from "@/lib/approvals/report-params";
import { csvResponse } from "@/lib/csv/csv-response";

export const dynamic = "force-dynamic";

/** CSV of the approvals behind the report (one row per draft; no customer content). Reports roles only. */
export async function GET(request: Request): Promise<Response> {
  const member = await guardRoute("reports");
  if (member instanceof Response) return member.status === 403 ? Response.json({ error: "Not found" }, { status: 404 }) : member;
  const params = approvalReportParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const range = resolveApprovalRange(params, member.timezone);
  const m = await approvalMetrics(await getDb(), { orgId: member.orgId, start: range.start, end: range.end, timezone: member.timezone });
  const t = translatorFor(member.uiLanguage, "common");
  const csv = toCsv(
    m.rows.map((r) => [r.id, isoInZone(r.createdAt, member.timezone), r.status, t(`csv.approvalStatus.${r.status}`), r.decision ?? "", r.decision ? t(`csv.approvalDecision.${r.decision}`) : "", r.confidence.toFixed(3), r.decidedAt ? ((r.decidedAt.getTime() - r.createdAt.getTime()) / 60_000).toFixed(1) : "", r.editDistance ?? "", r.tone ?? "", r.accuracy ?? "", r.policy ?? ""]),
    { header: true, columns: ["approval_id", "created_at", "status", "status_label", "decision", "decision_label", "confidence", "approval_minutes", "edit_distance", "tone", "accuracy", "policy"] },
  );
  return csvResponse(csv, "approvals");
}
