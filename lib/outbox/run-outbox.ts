/**
 * Running the dispatcher: right after a commit for the rows it wrote ({@link kickOutbox}), every minute from the
 * schedule for everything due ({@link drainOutbox}: rows a crash left behind, retries), and at a failed row's retry
 * time while this process lives.
 */
import type { Db } from "@/db/client";
import { errorMessage } from "@/lib/errors/error-message";
import { dispatchOutbox, OUTBOX_BATCH, type DispatchResult, type OutboxSender } from "./dispatch";
import { engineSender } from "./engine-sender";

export type DrainResult = { batches: number; claimed: number; done: number; retrying: number; failed: number };

/**
 * Dispatches due rows batch after batch until none is left or `maxBatches` ran.
 * @param options.send the engine's sender; default: {@link engineSender} (null without an engine: in-process)
 * @returns totals over the batches
 * @throws database errors
 */
export async function drainOutbox(
  db: Db,
  { maxBatches = 40, now, send = engineSender() }: { maxBatches?: number; now?: () => Date; send?: OutboxSender | null } = {},
): Promise<DrainResult> {
  const total: DrainResult = { batches: 0, claimed: 0, done: 0, retrying: 0, failed: 0 };
  let nextRetryAt: Date | null = null;
  while (total.batches < maxBatches) {
    const r: DispatchResult = await dispatchOutbox(db, { now, send });
    total.batches++;
    total.claimed += r.claimed;
    total.done += r.done;
    total.retrying += r.retrying;
    total.failed += r.failed;
    if (r.nextRetryAt && (!nextRetryAt || r.nextRetryAt < nextRetryAt)) nextRetryAt = r.nextRetryAt;
    if (r.claimed < OUTBOX_BATCH) break;
  }
  if (nextRetryAt && !now) retryAt(db, nextRetryAt);
  return total;
}

const KEY = Symbol.for("tandem.outbox.retry");
type Holder = { [KEY]?: { at: number; timer: NodeJS.Timeout } };

/** Drains again at `at` in this process (one timer, the earliest wins); the schedule's minute tick covers a restart. */
function retryAt(db: Db, at: Date): void {
  const holder = globalThis as Holder;
  const current = holder[KEY];
  if (current && current.at <= at.getTime()) return;
  if (current) clearTimeout(current.timer);
  const timer = setTimeout(() => {
    delete holder[KEY];
    void drainOutbox(db).catch((error: unknown) => console.warn("[outbox] retry drain failed:", errorMessage(error)));
  }, Math.max(0, at.getTime() - Date.now()));
  timer.unref();
  holder[KEY] = { at: at.getTime(), timer };
}

/**
 * Dispatches the rows a request just committed, at once (call it after the commit, e.g. in `after()`); never throws —
 * a failure is logged and the rows stay pending for the schedule's next tick.
 * @param ids the rows' ids (nothing happens for an empty list)
 */
export async function kickOutbox(db: Db, ids: readonly string[], { send = engineSender() }: { send?: OutboxSender | null } = {}): Promise<void> {
  if (ids.length === 0) return;
  try {
    const r = await dispatchOutbox(db, { ids: [...ids], send });
    if (r.nextRetryAt) retryAt(db, r.nextRetryAt);
  } catch (error) {
    console.warn("[outbox] dispatch after commit failed (the schedule retries):", errorMessage(error));
  }
}
