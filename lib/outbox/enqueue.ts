/**
 * Writing work to the outbox inside the transaction that causes it (issue 16 item 2).
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outbox } from "@/db/schema";
import { OUTBOX_PAYLOADS, type OutboxPayload, type OutboxTopic } from "./payloads";

/** A piece of work to enqueue: its topic and payload, the org it belongs to, and its dedup key. */
export type OutboxWork<T extends OutboxTopic = OutboxTopic> = {
  orgId: string;
  topic: T;
  payload: OutboxPayload<T>;
  /** one row per key, ever (kept 7 days after done): the same work enqueued twice is one row, one effect */
  dedupKey: string;
};

/**
 * Writes `work` as an outbox row in `tx` (call it inside the transaction of the change that causes the work, so the
 * work commits with it or not at all). The payload is validated against its topic's schema.
 * @returns the row's id — of the existing row when the dedup key was enqueued before
 * @throws ZodError for a payload that does not match its topic; database errors
 */
export async function enqueueOutbox<T extends OutboxTopic>(tx: Db, work: OutboxWork<T>): Promise<string> {
  const payload = OUTBOX_PAYLOADS[work.topic].parse(work.payload) as Record<string, unknown>;
  const [row] = await tx
    .insert(outbox)
    .values({ orgId: work.orgId, topic: work.topic, payload, dedupKey: work.dedupKey })
    // a no-op update so the existing row's id comes back in the same statement
    .onConflictDoUpdate({ target: outbox.dedupKey, set: { dedupKey: sql`excluded.dedup_key` } })
    .returning({ id: outbox.id });
  return row!.id;
}
