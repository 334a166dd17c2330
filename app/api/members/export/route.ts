import { toCsv } from "@/lib/csv/to-csv";
import { isoInZone } from "@/lib/time/format";
import { translatorFor } from "@/lib/i18n/translator";
import { guardRoute } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { listMembers } from "@/lib/members/list-members";
import { csvResponse } from "@/lib/csv/csv-response";

export const dynamic = "force-dynamic";

/** CSV of the org's members (owner/admin). */
export async function GET(): Promise<Response> {
  const member = await guardRoute("settingsWrite");
  if (member instanceof Response) return member;
  const rows = await listMembers(await getDb(), { orgId: member.orgId });
  const t = translatorFor(member.uiLanguage, "common");
  const at = (d: Date) => isoInZone(d, member.timezone);
  const csv = toCsv(
    rows.map((r) => [r.name, r.email, r.role, t(`csv.role.${r.role}`), r.status, t(`csv.memberStatus.${r.status}`), r.lastSeenAt ? at(r.lastSeenAt) : "", r.role === "agent" ? r.availability : "", r.role === "agent" ? t(`csv.availability.${r.availability}`) : "", r.role === "agent" ? r.capacity : "", at(r.joinedAt)]),
    { header: true, columns: ["name", "email", "role", "role_label", "status", "status_label", "last_seen_at", "availability", "availability_label", "capacity", "joined_at"] },
  );
  return csvResponse(csv, "members");
}
