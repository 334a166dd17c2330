/**
 * The outbox as Settings › System shows it (issue 16 item 4): backlog, oldest pending age, failed rows and their Retry,
 * and the nightly pruning of done rows. Every read and write is scoped to the caller's organization.
 */
import { requireCapability } from "@/lib/auth/roles";
import { and, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { outbox } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { say } from "@/lib/i18n/language-scope";

/** Done rows are kept this long (ms), so a dedup key enqueued again within it stays one row. */
export const OUTBOX_DONE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** Failed rows listed at most. */
export const FAILED_ROWS_SHOWN = 50;

export type FailedOutboxRow = { id: string; topic: string; attempts: number; lastError: string | null; createdAt: Date };
export type OutboxHealth = {
  /** rows waiting to be dispatched (due now or retrying later) */
  pending: number;
  /** of those, rows that failed at least once and wait for their retry */
  retrying: number;
  /** the oldest pending row's creation time (null when none is pending) */
  oldestPendingAt: Date | null;
  /** rows dispatched in the last 24 hours */
  doneLastDay: number;
  failedCount: number;
  /** the newest failed rows, at most {@link FAILED_ROWS_SHOWN} */
  failed: FailedOutboxRow[];
};

/**
 * The org's outbox health.
 * @param p.orgId the caller's organization
 * @param p.now the end of the 24-hour window
 */
export async function outboxHealth(db: Db, { orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<OutboxHealth> {
  const [counts] = await db
    .select({
      pending: sql<number>`count(*) FILTER (WHERE ${outbox.status} = 'pending')`.mapWith(Number),
      retrying: sql<number>`count(*) FILTER (WHERE ${outbox.status} = 'pending' AND ${outbox.attempts} > 0)`.mapWith(Number),
      oldestPendingAt: sql<string | null>`min(${outbox.createdAt}) FILTER (WHERE ${outbox.status} = 'pending')`,
      doneLastDay: sql<number>`count(*) FILTER (WHERE ${outbox.status} = 'done' AND ${outbox.doneAt} > ${new Date(now.getTime() - 86_400_000).toISOString()}::timestamptz)`.mapWith(Number),
      failedCount: sql<number>`count(*) FILTER (WHERE ${outbox.status} = 'failed')`.mapWith(Number),
    })
    .from(outbox)
    .where(eq(outbox.orgId, orgId));
  const failed = await db
    .select({ id: outbox.id, topic: outbox.topic, attempts: outbox.attempts, lastError: outbox.lastError, createdAt: outbox.createdAt })
    .from(outbox)
    .where(and(eq(outbox.orgId, orgId), eq(outbox.status, "failed")))
    .orderBy(sql`${outbox.createdAt} DESC`)
    .limit(FAILED_ROWS_SHOWN);
  return {
    pending: counts?.pending ?? 0,
    retrying: counts?.retrying ?? 0,
    oldestPendingAt: counts?.oldestPendingAt ? new Date(counts.oldestPendingAt) : null,
    doneLastDay: counts?.doneLastDay ?? 0,
    failedCount: counts?.failedCount ?? 0,
    failed,
  };
}

/**
 * Puts a failed row back in the queue, due now with a fresh count of attempts (owner/admin), audited.
 * @returns the row's id, to dispatch at once
 * @throws UserError 403 for other roles; 404 when the row is not a failed row of the caller's organization
 */
export async function retryFailedOutboxRow(db: Db, { actor, id }: { actor: Membership; id: string }): Promise<string> {
  requireCapability(actor, "retryBackgroundWork", "roles.retryBackgroundWork");
  if (!z.uuid().safeParse(id).success) throw new UserError(say("outbox.notInFailedWork"), 404);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(outbox)
      .set({ status: "pending", attempts: 0, nextAttemptAt: new Date(), lockedUntil: null })
      .where(and(eq(outbox.id, id), eq(outbox.orgId, actor.orgId), eq(outbox.status, "failed")))
      .returning({ id: outbox.id, topic: outbox.topic });
    if (!row) throw new UserError(say("outbox.notInFailedWorkMaybeRetried"), 404);
    await recordAudit(tx, { actor: { userId: actor.userId, name: actor.name, orgId: actor.orgId }, area: "system", action: "outbox.retried", targetId: row.id, changes: { topic: { from: row.topic, to: row.topic } } });
    return row.id;
  });
}

/**
 * Deletes done rows older than {@link OUTBOX_DONE_RETENTION_MS} (the nightly purge). Pending and failed rows are
 * never pruned.
 * @returns rows deleted
 */
export async function pruneDoneOutbox(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<number> {
  const gone = await db
    .delete(outbox)
    .where(and(eq(outbox.status, "done"), lt(outbox.doneAt, new Date(now.getTime() - OUTBOX_DONE_RETENTION_MS))))
    .returning({ id: outbox.id });
  return gone.length;
}
