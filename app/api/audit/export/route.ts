import { toCsv } from "@/lib/csv/to-csv";
import { isoInZone } from "@/lib/time/format";
import { guardRoute } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { auditParamsSchema, describeChanges, exportAudit } from "@/lib/audit/list-audit";
import { csvResponse } from "@/lib/csv/csv-response";

export const dynamic = "force-dynamic";

/** CSV of the org's audit log with the page's filters (owner/admin). */
export async function GET(request: Request): Promise<Response> {
  const member = await guardRoute("settingsWrite");
  if (member instanceof Response) return member;
  const params = auditParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await exportAudit(await getDb(), { orgId: member.orgId, params, timezone: member.timezone });
  const csv = toCsv(
    rows.map((r) => [isoInZone(r.createdAt, member.timezone), r.actorName, r.area, r.action, r.targetLabel ?? "", describeChanges(r.changes)]),
    { header: true, columns: ["created_at", "actor", "area", "action", "target", "changes"] },
  );
  return csvResponse(csv, "audit-log");
}
