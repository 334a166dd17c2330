import { toCsv } from "@/lib/csv/to-csv";
import { isoInZone } from "@/lib/time/format";
import { guardRoute } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { auditParamsSchema, describeChanges, exportAudit } from "@/lib/audit/list-audit";
import { changeLabelsFor, describeChangesIn } from "@/components/audit-change-labels";
import { listChannels } from "@/lib/channels/list-channels";
import { csvResponse } from "@/lib/csv/csv-response";
import { translatorFor } from "@/lib/i18n/translator";

export const dynamic = "force-dynamic";

/**
 * CSV of the org's audit log with the page's filters (owner/admin): raw `action` and `changes` for tools, with
 * `action_label` and `changes_label` in the reader's language beside them (issue 19 item 4).
 */
export async function GET(request: Request): Promise<Response> {
  const member = await guardRoute("settingsWrite");
  if (member instanceof Response) return member;
  const params = auditParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = await getDb();
  const [rows, channels] = await Promise.all([
    exportAudit(db, { orgId: member.orgId, params, timezone: member.timezone }),
    listChannels(db, { orgId: member.orgId, includeArchived: true }),
  ]);
  const labels = changeLabelsFor(member.uiLanguage, Object.fromEntries(channels.map((c) => [c.id, c.name])));
  const t = translatorFor(member.uiLanguage, "settings");
  const actionLabel = (action: string) => (t.has(`audit.actions.${action}` as never) ? t(`audit.actions.${action}` as never) : action);
  const csv = toCsv(
    rows.map((r) => [
      isoInZone(r.createdAt, member.timezone), r.actorName, r.area, r.action, actionLabel(r.action), r.targetLabel ?? "",
      describeChanges(r.changes), describeChangesIn(r.changes, labels),
    ]),
    { header: true, columns: ["created_at", "actor", "area", "action", "action_label", "target", "changes", "changes_label"] },
  );
  return csvResponse(csv, "audit-log");
}
