/**
 * SLA breaches (004_… §6; issue 7 "SLA state shown and breaches recorded"): a Chatwoot conversation whose first
 * response or resolution is past its due time without having happened gets one `sla_breached` event per clock
 * (dedup key), so reports and audits can count breaches when they happened, not only as a ratio after the fact — and an
 * `sla_breach` alert to the supervisors (issue 18 item 4).
 */
import { and, isNotNull, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations } from "@/db/schema";
import { recordEvent } from "@/lib/events/record-event";
import { raiseChatwootAlert } from "./raise-chatwoot-alert";

/**
 * Records every breach due at `now` that isn't recorded yet.
 * @returns breaches newly recorded (`clock`: first_response | resolution)
 */
export async function recordSlaBreaches(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<{ conversationId: string; clock: "first_response" | "resolution" }[]> {
  const rows = await db
    .select({ id: conversations.id, orgId: conversations.orgId, channelId: conversations.channelId, priority: conversations.priority, firstDue: conversations.slaFirstResponseDueAt, firstAt: conversations.firstResponseAt, resolutionDue: conversations.slaResolutionDueAt, status: conversations.status, closedAt: conversations.closedAt })
    .from(conversations)
    .where(
      or(
        and(isNotNull(conversations.slaFirstResponseDueAt), isNull(conversations.firstResponseAt), lt(conversations.slaFirstResponseDueAt, now)),
        and(isNotNull(conversations.slaResolutionDueAt), ne(conversations.status, "RESOLVED"), lt(conversations.slaResolutionDueAt, now)),
      ),
    )
    .orderBy(sql`${conversations.slaFirstResponseDueAt} NULLS LAST`)
    .limit(5000);
  const recorded: { conversationId: string; clock: "first_response" | "resolution" }[] = [];
  for (const r of rows) {
    const clocks: { clock: "first_response" | "resolution"; due: Date }[] = [];
    if (r.firstDue && !r.firstAt && r.firstDue < now) clocks.push({ clock: "first_response", due: r.firstDue });
    if (r.resolutionDue && r.status !== "RESOLVED" && r.resolutionDue < now) clocks.push({ clock: "resolution", due: r.resolutionDue });
    for (const c of clocks) {
      const written = await recordEvent(db, {
        orgId: r.orgId,
        conversationId: r.id,
        name: "sla_breached",
        dedupKey: `sla_breached:${r.id}:${c.clock}`,
        occurredAt: c.due,
        properties: { clock: c.clock, priority: r.priority, due_at: c.due.toISOString() },
      });
      if (written) {
        recorded.push({ conversationId: r.id, clock: c.clock });
        // the supervisors hear of it as it happens (issue 18 item 4), once per clock (the event above is the dedup)
        await raiseChatwootAlert(db, { conversationId: r.id, channelId: r.channelId, signal: { signal: "sla_breach", value: c.clock, detail: r.priority ?? undefined }, at: now });
      }
    }
  }
  return recorded;
}
