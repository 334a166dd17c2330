/**
 * The outbox dispatcher (issue 16 item 2): claims due rows, hands them to the Inngest engine (one batch send, each
 * event's id the row's dedup key, so a row sent twice is one run) or runs them in-process through
 * {@link OUTBOX_HANDLERS}, and marks them done — or, on failure, due again after a backoff, and `failed` (kept, shown,
 * retryable from Settings › System) after {@link MAX_OUTBOX_ATTEMPTS}.
 */
import { and, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { outbox, type OutboxRow } from "@/db/schema";
import { errorMessage } from "@/lib/errors/error-message";
import { OUTBOX_HANDLERS, type OutboxHandler } from "./handlers";
import { isOutboxTopic, OUTBOX_PAYLOADS, type OutboxTopic } from "./payloads";

/** Attempts before a row is marked `failed` (about 42 minutes of backoff in all). */
export const MAX_OUTBOX_ATTEMPTS = 8;
/**
 * How long a claim holds a row (ms). A dispatcher renews it every {@link OUTBOX_HEARTBEAT_MS} while the row's work runs
 * (a Chatwoot draft may wait on the model for a minute), so a row whose dispatcher died is free again within this long.
 */
export const OUTBOX_LEASE_MS = 30_000;
/** How often a running dispatcher renews the claims of the rows it is working on (ms). */
export const OUTBOX_HEARTBEAT_MS = 10_000;
/** Rows claimed per batch (also how many run at once in-process). */
export const OUTBOX_BATCH = 50;

/** An event for the Inngest engine: the row's topic, payload and dedup key as the event id. */
export type OutboxEvent = { name: OutboxTopic; data: Record<string, unknown>; id: string };
/** Sends a batch of events to the engine; throws when the engine did not take them. */
export type OutboxSender = (events: OutboxEvent[]) => Promise<void>;

export type DispatchResult = { claimed: number; done: number; retrying: number; failed: number; nextRetryAt: Date | null };

/**
 * The wait before attempt `attempts + 1` (ms): 10 s, 20 s, 40 s … doubling, at most 30 minutes.
 * @param attempts attempts made so far (≥ 1)
 */
export function backoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

/**
 * Claims up to `limit` due rows (pending, due, not claimed by a live dispatcher) with `FOR UPDATE SKIP LOCKED`, so
 * concurrent dispatchers never take the same row; the claim counts an attempt and holds the row for the lease.
 * @param ids only these rows (the ones a request just enqueued); default: any due row, oldest due first
 * @returns the claimed rows
 */
export async function claimOutbox(db: Db, { ids, limit = OUTBOX_BATCH, now = new Date(), leaseMs = OUTBOX_LEASE_MS }: { ids?: string[]; limit?: number; now?: Date; leaseMs?: number } = {}): Promise<OutboxRow[]> {
  if (ids && ids.length === 0) return [];
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now), or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)), ids ? inArray(outbox.id, ids) : undefined))
    .orderBy(outbox.nextAttemptAt)
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, lockedUntil: new Date(now.getTime() + leaseMs) })
    .where(inArray(outbox.id, due))
    .returning();
}

type Outcome = { row: OutboxRow; error: string | null; permanent?: boolean };

async function runInProcess(db: Db, row: OutboxRow): Promise<Outcome> {
  if (!isOutboxTopic(row.topic)) return { row, error: `unknown topic ${row.topic}`, permanent: true };
  const parsed = OUTBOX_PAYLOADS[row.topic].safeParse(row.payload);
  if (!parsed.success) return { row, error: "payload not understood", permanent: true };
  try {
    await (OUTBOX_HANDLERS[row.topic] as OutboxHandler<OutboxTopic>)(db, parsed.data as never);
    return { row, error: null };
  } catch (error) {
    return { row, error: errorMessage(error, 500) };
  }
}

async function sendToEngine(rows: OutboxRow[], send: OutboxSender): Promise<Outcome[]> {
  const known = rows.filter((r) => isOutboxTopic(r.topic));
  const unknown: Outcome[] = rows.filter((r) => !isOutboxTopic(r.topic)).map((row) => ({ row, error: `unknown topic ${row.topic}`, permanent: true }));
  if (known.length === 0) return unknown;
  try {
    await send(known.map((r) => ({ name: r.topic as OutboxTopic, data: r.payload, id: r.dedupKey })));
    return [...unknown, ...known.map((row) => ({ row, error: null }))];
  } catch (error) {
    const message = `the Inngest engine did not take the event: ${errorMessage(error, 400)}`;
    return [...unknown, ...known.map((row) => ({ row, error: message }))];
  }
}

/**
 * Records what became of claimed rows: done in one statement; each failure due again after {@link backoffMs} — or
 * `failed` once it used {@link MAX_OUTBOX_ATTEMPTS} or can never succeed (unknown topic, payload not understood).
 */
async function settle(db: Db, outcomes: Outcome[], now: Date): Promise<DispatchResult> {
  const result: DispatchResult = { claimed: outcomes.length, done: 0, retrying: 0, failed: 0, nextRetryAt: null };
  const done = outcomes.filter((o) => o.error === null).map((o) => o.row.id);
  if (done.length > 0) {
    await db.update(outbox).set({ status: "done", doneAt: now, lockedUntil: null, lastError: null }).where(inArray(outbox.id, done));
    result.done = done.length;
  }
  for (const o of outcomes) {
    if (o.error === null) continue;
    const giveUp = o.permanent || o.row.attempts >= MAX_OUTBOX_ATTEMPTS;
    const nextAttemptAt = new Date(now.getTime() + backoffMs(o.row.attempts));
    await db
      .update(outbox)
      .set(giveUp ? { status: "failed", lockedUntil: null, lastError: o.error } : { nextAttemptAt, lockedUntil: null, lastError: o.error })
      .where(eq(outbox.id, o.row.id));
    if (giveUp) result.failed++;
    else {
      result.retrying++;
      if (!result.nextRetryAt || nextAttemptAt < result.nextRetryAt) result.nextRetryAt = nextAttemptAt;
    }
    console.warn(`[outbox] ${o.row.topic} ${o.row.id}: attempt ${o.row.attempts} failed${giveUp ? " (kept as failed)" : ""}: ${o.error}`);
  }
  return result;
}

/**
 * Dispatches one batch: claims due rows ({@link claimOutbox}), then sends them to the engine when `send` is given, else
 * runs each in-process (all of the batch at once), and settles them.
 * @param options.ids only these rows (right after the request that enqueued them committed)
 * @param options.send the engine's sender (see `lib/outbox/engine-sender.ts`); null/absent: in-process
 * @returns counts, and when the earliest retry falls due (null when nothing retries)
 * @throws database errors from the claim or the settling (a claimed row is then picked up again after its lease,
 *   {@link OUTBOX_LEASE_MS}, renewed while its work runs)
 */
export async function dispatchOutbox(
  db: Db,
  { ids, limit = OUTBOX_BATCH, now = () => new Date(), send = null }: { ids?: string[]; limit?: number; now?: () => Date; send?: OutboxSender | null } = {},
): Promise<DispatchResult> {
  const rows = await claimOutbox(db, { ids, limit, now: now() });
  if (rows.length === 0) return { claimed: 0, done: 0, retrying: 0, failed: 0, nextRetryAt: null };
  // keep the claims alive while the work runs (a dead dispatcher's rows are free again within the lease)
  const claimed = rows.map((r) => r.id);
  const heartbeat = setInterval(() => {
    void db
      .update(outbox)
      .set({ lockedUntil: sql`now() + make_interval(secs => ${OUTBOX_LEASE_MS / 1000})` })
      .where(and(inArray(outbox.id, claimed), eq(outbox.status, "pending")))
      .catch((error: unknown) => console.warn("[outbox] could not renew claims:", errorMessage(error)));
  }, OUTBOX_HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const outcomes = send ? await sendToEngine(rows, send) : await Promise.all(rows.map((row) => runInProcess(db, row)));
    return await settle(db, outcomes, now());
  } finally {
    clearInterval(heartbeat);
  }
}
