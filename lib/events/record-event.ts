import type { Db } from "@/db/client";
import { events } from "@/db/schema";

export type EventInput = {
  orgId: string;
  /** exact name from the seed's Observability section, e.g. `bot_traffic_split_assigned` */
  name: string;
  conversationId?: string | null;
  userId?: string | null;
  properties?: Record<string, unknown>;
  /** when set, a second write with the same key is a no-op (retries, redeliveries) */
  dedupKey?: string;
  occurredAt?: Date;
};

/**
 * Records one product-analytics event.
 * @returns true if written, false if an event with the same `(org, dedupKey)` already existed
 */
export async function recordEvent(db: Db, input: EventInput): Promise<boolean> {
  const rows = await db
    .insert(events)
    .values({
      orgId: input.orgId,
      name: input.name,
      conversationId: input.conversationId ?? null,
      userId: input.userId ?? null,
      properties: input.properties ?? {},
      dedupKey: input.dedupKey ?? null,
      occurredAt: input.occurredAt,
    })
    .onConflictDoNothing()
    .returning({ id: events.id });
  return rows.length > 0;
}
