import { toCsv } from "@/lib/csv/to-csv";
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
  const csv = toCsv(
    rows.map((r) => [r.name, r.email, r.role, r.status, r.lastSeenAt?.toISOString() ?? "", r.role === "agent" ? r.availability : "", r.role === "agent" ? r.capacity : "", r.joinedAt.toISOString()]),
    { header: true, columns: ["name", "email", "role", "status", "last_seen_at", "availability", "capacity", "joined_at"] },
  );
  return csvResponse(csv, "members");
}
