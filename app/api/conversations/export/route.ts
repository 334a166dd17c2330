import { toCsv } from "@/lib/csv/to-csv";
import { isoInZone } from "@/lib/time/format";
import { translatorFor } from "@/lib/i18n/translator";
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
  // times in the org's zone with its offset, statuses in plain words beside the raw value (issue 19 item 4)
  const t = translatorFor(member.uiLanguage, "common");
  const at = (d: Date) => isoInZone(d, member.timezone);
  const csv = toCsv(
    rows.map((r) => [r.id, r.channelName, r.contact, r.firstMessage, r.handledBy, r.status, t(`status.${r.status}`), r.variant ?? "", r.messageCount, at(r.createdAt), at(r.lastMessageAt)]),
    { header: true, columns: ["id", "channel", "contact", "first_message", "handled_by", "status", "status_label", "variant", "messages", "created_at", "last_message_at"] },
  );
  return csvResponse(csv, "conversations");
}
