import { toCsv } from "@/lib/csv/to-csv";
import { isoInZone } from "@/lib/time/format";
import { translatorFor } from "@/lib/i18n/translator";
import { guardRoute } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { listAgents } from "@/lib/agent/list-agents";
import { csvResponse } from "@/lib/csv/csv-response";

export const dynamic = "force-dynamic";

/** CSV of the org's AI agents (owner/admin/supervisor, like the page). */
export async function GET(): Promise<Response> {
  const member = await guardRoute("settings");
  if (member instanceof Response) return member;
  const rows = await listAgents(await getDb(), { orgId: member.orgId });
  const t = translatorFor(member.uiLanguage, "common");
  const csv = toCsv(
    rows.map((r) => [r.name, r.status, t(`csv.agentStatus.${r.status}`), r.channels.join("; "), r.publishedVersion ?? "", r.hasUnpublishedChanges ? "yes" : "no", isoInZone(r.updatedAt, member.timezone), r.updatedByName ?? ""]),
    { header: true, columns: ["name", "status", "status_label", "channels", "published_version", "unpublished_changes", "last_edited_at", "last_edited_by"] },
  );
  return csvResponse(csv, "ai-agents");
}
