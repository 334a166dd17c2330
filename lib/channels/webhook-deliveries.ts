/**
 * The per-channel webhook delivery log (issue 8): every delivery that names a known channel is recorded with
 * time, event, status code, latency and error, so an admin can debug an integration without server access.
 * The newest {@link DELIVERY_LOG_SIZE} per channel are kept. Requests refused for their signature are not deliveries:
 * they are counted apart (`webhook-refusals.ts`). Beside it, the read of the replies Tandem sent to the
 * channel's outbound reply URL (issue 14; written by the reply delivery job).
 */
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { replyDeliveries, webhookDeliveries } from "@/db/schema";
import { errorMessage } from "@/lib/errors/error-message";
import { sqlStateOf } from "@/lib/errors/sql-state";

export const DELIVERY_LOG_SIZE = 500;
/** Pruning runs on one insert in this many (ids are sequential), keeping the hot path to one INSERT. */
const PRUNE_EVERY = 50;

export type DeliveryInput = {
  orgId: string;
  channelId: string;
  endpoint: string;
  event: string;
  deliveryId: string | null;
  statusCode: number;
  /** ms */
  latencyMs: number;
  error: string | null;
};

type NewDelivery = typeof webhookDeliveries.$inferInsert;
/** The deliveries waiting for the next insert, and their callers. */
type Batch = { rows: NewDelivery[]; settle: ((error?: unknown) => void)[] };
/** Per database handle: the batches waiting (the last one being filled) while an insert runs, and whether one runs. */
type Writer = { queued: Batch[]; next: Batch | null; writing: boolean };
const writers = new WeakMap<Db, Writer>();
/** The most rows one insert stores (8 parameters a row: far below PostgreSQL's 65,535 per statement). */
const MAX_BATCH_ROWS = 200;

/**
 * Appends one delivery (and now and then trims the channel's log to the newest 500). Resolves once the row is stored.
 * Deliveries recorded while an insert of the log is running wait for it and are then stored together, in one
 * multi-row insert in arrival order (group commit, at most {@link MAX_BATCH_ROWS} rows an insert): under load the log
 * costs one statement per batch, not per delivery; alone, a delivery is inserted at once.
 * @throws the insert's error: to the caller whose row the database refused (the rest of its batch is kept), or to the
 *   whole batch when the insert failed for another reason (the database unreachable)
 */
export function recordDelivery(db: Db, input: DeliveryInput): Promise<void> {
  const row: NewDelivery = { ...input, deliveryId: input.deliveryId?.slice(0, 200) ?? null, error: input.error?.slice(0, 500) ?? null, latencyMs: Math.max(0, Math.round(input.latencyMs)) };
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = { queued: [], next: null, writing: false }));
  if (!writer.next || writer.next.rows.length >= MAX_BATCH_ROWS) writer.queued.push((writer.next = { rows: [], settle: [] }));
  const batch = writer.next;
  batch.rows.push(row);
  const stored = new Promise<void>((resolve, reject) => batch.settle.push((error) => (error === undefined ? resolve() : reject(error))));
  if (!writer.writing) void writeBatches(db, writer);
  return stored;
}

type StoredDelivery = { id: number; channelId: string };

/** Inserts log rows in one statement, in their order. */
function insertDeliveries(db: Db, rows: NewDelivery[]): Promise<StoredDelivery[]> {
  return db.insert(webhookDeliveries).values(rows).returning({ id: webhookDeliveries.id, channelId: webhookDeliveries.channelId });
}

/**
 * Inserts the waiting batches one after the other until none is left; each batch's callers are answered once its rows
 * are stored and the channels' logs trimmed (on about one insert in {@link PRUNE_EVERY}: ids are sequential).
 */
async function writeBatches(db: Db, writer: Writer): Promise<void> {
  writer.writing = true;
  try {
    for (let batch = writer.queued.shift(); batch; batch = writer.queued.shift()) {
      if (batch === writer.next) writer.next = null;
      const outcomes: unknown[] = batch.rows.map(() => undefined);
      let stored: StoredDelivery[] = [];
      try {
        stored = await insertDeliveries(db, batch.rows);
      } catch (error) {
        // a row the database refuses (its channel deleted meanwhile: SQLSTATE class 23; bad data: 22) must not cost the
        // others theirs: then each on its own, in order. Any other failure (the database unreachable) fails the batch:
        // retrying row by row would only make every later delivery wait longer, or store a committed batch twice
        const state = sqlStateOf(error);
        if (batch.rows.length === 1 || !state || !/^2[23]/.test(state)) outcomes.fill(error ?? new Error("the delivery log insert failed"));
        else {
          for (const [i, row] of batch.rows.entries()) {
            try {
              stored.push(...(await insertDeliveries(db, [row])));
            } catch (e) {
              outcomes[i] = e ?? new Error("the delivery log insert failed");
            }
          }
        }
      }
      try {
        for (const channelId of new Set(stored.filter((r) => r.id % PRUNE_EVERY === 0).map((r) => r.channelId))) await pruneDeliveries(db, { channelId });
      } catch (error) {
        // the rows are stored: a trim that failed is made by a later insert
        console.warn("[delivery-log] trimming failed:", errorMessage(error));
      }
      batch.settle.forEach((settle, i) => settle(outcomes[i]));
    }
  } finally {
    writer.writing = false;
  }
}

/** Deletes all but the newest {@link DELIVERY_LOG_SIZE} deliveries of a channel. */
export async function pruneDeliveries(db: Db, { channelId }: { channelId: string }): Promise<void> {
  const inChannel = eq(webhookDeliveries.channelId, channelId);
  const [cutoff] = await db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(inChannel).orderBy(desc(webhookDeliveries.id)).offset(DELIVERY_LOG_SIZE - 1).limit(1);
  if (cutoff) await db.delete(webhookDeliveries).where(and(inChannel, lt(webhookDeliveries.id, cutoff.id)));
}

/** A channel's log, newest first (org-scoped: another org's channel id gives an empty list). */
export function listDeliveries(db: Db, { orgId, channelId, limit = DELIVERY_LOG_SIZE }: { orgId: string; channelId: string; limit?: number }) {
  return db
    .select({
      id: webhookDeliveries.id,
      receivedAt: webhookDeliveries.receivedAt,
      endpoint: webhookDeliveries.endpoint,
      event: webhookDeliveries.event,
      deliveryId: webhookDeliveries.deliveryId,
      statusCode: webhookDeliveries.statusCode,
      latencyMs: webhookDeliveries.latencyMs,
      error: webhookDeliveries.error,
    })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.channelId, channelId)))
    .orderBy(desc(webhookDeliveries.id))
    .limit(Math.min(limit, DELIVERY_LOG_SIZE));
}

export type DeliveryRow = Awaited<ReturnType<typeof listDeliveries>>[number];

/** How many replies sent to the outbound reply URL the channel page shows, and the most a read returns. */
export const REPLY_LOG_SIZE = 100;

/**
 * The channel's replies sent to its outbound reply URL, newest first, at most {@link REPLY_LOG_SIZE}
 * (org-scoped: another org's channel id gives an empty list). `lastStatusCode` is null until an attempt got an
 * HTTP answer; `deliveredAt` is set once delivered; `nextAttemptAt` matters only while pending.
 */
export function listReplyDeliveries(db: Db, { orgId, channelId, limit = REPLY_LOG_SIZE }: { orgId: string; channelId: string; limit?: number }) {
  return db
    .select({
      id: replyDeliveries.id,
      createdAt: replyDeliveries.createdAt,
      messageId: replyDeliveries.messageId,
      url: replyDeliveries.url,
      status: replyDeliveries.status,
      attempts: replyDeliveries.attempts,
      lastStatusCode: replyDeliveries.lastStatusCode,
      lastError: replyDeliveries.lastError,
      nextAttemptAt: replyDeliveries.nextAttemptAt,
      deliveredAt: replyDeliveries.deliveredAt,
    })
    .from(replyDeliveries)
    .where(and(eq(replyDeliveries.orgId, orgId), eq(replyDeliveries.channelId, channelId)))
    .orderBy(desc(replyDeliveries.id))
    .limit(Math.max(0, Math.min(limit, REPLY_LOG_SIZE)));
}

export type ReplyDeliveryRow = Awaited<ReturnType<typeof listReplyDeliveries>>[number];

/**
 * SQL for the latest delivery of the `channel_integrations` row in the outer query, as `{ at, status }` JSON
 * (the outer table is named explicitly: an unqualified `id` would bind to the delivery's own id).
 */
export const lastDeliverySql = () => sql<{ at: string; status: number } | null>`(
  select json_build_object('at', d.received_at, 'status', d.status_code) from ${webhookDeliveries} d
  where d.channel_id = ${sql.identifier("channel_integrations")}.${sql.identifier("id")} order by d.id desc limit 1)`;
