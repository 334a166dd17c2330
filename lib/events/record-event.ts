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
  return (await recordEvents(db, [input])) > 0;
}

const rowOf = (input: EventInput) => ({
  orgId: input.orgId,
  name: input.name,
  conversationId: input.conversationId ?? null,
  userId: input.userId ?? null,
  properties: input.properties ?? {},
  dedupKey: input.dedupKey ?? null,
  occurredAt: input.occurredAt,
});

/**
 * Records several product-analytics events in one statement (a hot path's events, written with the change that
 * causes them); events whose `(org, dedupKey)` exists already are skipped.
 * @returns how many were written
 */
export async function recordEvents(db: Db, inputs: readonly EventInput[]): Promise<number> {
  if (inputs.length === 0) return 0;
  const rows = await db.insert(events).values(inputs.map(rowOf)).onConflictDoNothing().returning({ id: events.id });
  return rows.length;
}
