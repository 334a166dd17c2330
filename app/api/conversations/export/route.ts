import { toCsv } from "@/lib/csv/to-csv";
import { guardRoute } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { listConversations } from "@/lib/conversations/list-conversations";
import { defaultView, listParamsSchema } from "@/lib/conversations/list-params";
import { canAccess } from "@/lib/auth/roles";
import { csvResponse } from "@/lib/csv/csv-response";

export const dynamic = "force-dynamic";

/** Largest export, in rows; the table's filters narrow it. */
const MAX_EXPORT_ROWS = 50_000;

/** CSV of the org's conversations with the table's current view, filters and sort (the member's default view without one). */
export async function GET(request: Request): Promise<Response> {
  const member = await guardRoute("conversations");
  if (member instanceof Response) return member;
  const parsed = listParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const params = { ...parsed, view: parsed.view ?? defaultView(canAccess(member.role, "actOnAnyConversation")) };
  const { rows } = await listConversations(await getDb(), { orgId: member.orgId, params, limit: MAX_EXPORT_ROWS, userId: member.userId });
  const csv = toCsv(
    rows.map((r) => [r.id, r.channelName, r.contact, r.firstMessage, r.handledBy, r.status, r.variant ?? "", r.messageCount, r.createdAt.toISOString(), r.lastMessageAt.toISOString()]),
    { header: true, columns: ["id", "channel", "contact", "first_message", "handled_by", "status", "variant", "messages", "created_at", "last_message_at"] },
  );
  return csvResponse(csv, "conversations");
}
