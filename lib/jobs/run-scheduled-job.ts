/**
 * Runs one tick of a scheduled job and records it (issue 16 item 1). The tick's `job_runs` row is its claim:
 * `(job_id, scheduled_for)` is unique, so when several Tandem instances (or both runners) fire the same tick, exactly
 * one runs it. A run still going from an earlier tick makes this one `skipped`. A running run writes a heartbeat every
 * {@link HEARTBEAT_MS}; one whose heartbeat (or start) is older than {@link STALE_RUN_MS} — its instance was killed or
 * crashed — is closed as failed first, so a killed instance holds its jobs' schedule for a minute at most, not until
 * someone notices.
 */
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import type { JobSummary, ScheduledJob } from "./scheduled-jobs";
import { errorMessage } from "@/lib/errors/error-message";

/** How often a running run writes its heartbeat (ms). */
export const HEARTBEAT_MS = 15_000;
/** A `running` run with no heartbeat for this long is taken for dead (ms): four missed heartbeats. */
export const STALE_RUN_MS = 4 * HEARTBEAT_MS;
/** Runs older than this are forgotten (ms): two weeks of history on the System page. */
export const KEEP_RUNS_MS = 14 * 86_400_000;

export type TickResult =
  | { ran: true; outcome: "ok"; summary: JobSummary }
  | { ran: true; outcome: "failed"; error: string }
  | { ran: false; reason: "claimed" | "skipped" };

/**
 * The tick a moment belongs to: its minute for a 5-field cron, its second for a 6-field one (the cron's precision),
 * so instances whose timers fire a few ms apart claim the same tick.
 */
export function tickOf(at: Date, job: Pick<ScheduledJob, "cron">): Date {
  const unit = job.cron.trim().split(/\s+/).length >= 6 ? 1000 : 60_000;
  return new Date(Math.floor(at.getTime() / unit) * unit);
}

/**
 * Claims and runs `job` for the tick `scheduledFor`, recording its start, end, outcome, summary and error.
 * @param p.now the clock (tests); the job's work runs "at" the tick's time, never before it
 * @param p.heartbeatMs how often the running run writes its heartbeat (ms; tests shorten it)
 * @returns whether it ran here and how it went; never throws for the job's own failure (it is recorded and logged)
 * @throws database errors while claiming or recording
 */
export async function runScheduledJob(
  db: Db,
  job: ScheduledJob,
  { scheduledFor, runner, now = () => new Date(), heartbeatMs = HEARTBEAT_MS }: { scheduledFor: Date; runner: "inngest" | "embedded"; now?: () => Date; heartbeatMs?: number },
): Promise<TickResult> {
  // embedded instances race for the tick (their timers fire a few ms apart); Inngest fires each tick once and retries
  // it with the same event, so its runs are keyed by the event's own time
  const tick = runner === "embedded" ? tickOf(scheduledFor, job) : scheduledFor;
  const startedAt = now();
  // a run whose instance died (its heartbeat stopped) is closed, so it neither blocks the schedule nor looks healthy
  await db
    .update(jobRuns)
    .set({ outcome: "failed", finishedAt: startedAt, error: "did not finish (its instance stopped)" })
    .where(and(eq(jobRuns.jobId, job.id), eq(jobRuns.outcome, "running"), sql`coalesce(${jobRuns.heartbeatAt}, ${jobRuns.startedAt}) < ${new Date(startedAt.getTime() - STALE_RUN_MS).toISOString()}::timestamptz`));
  const [busy] = await db
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(and(eq(jobRuns.jobId, job.id), eq(jobRuns.outcome, "running"), sql`${jobRuns.scheduledFor} <> ${tick.toISOString()}::timestamptz`))
    .limit(1);
  const [claim] = await db
    .insert(jobRuns)
    .values({ jobId: job.id, scheduledFor: tick, startedAt, runner, outcome: busy ? "skipped" : "running", ...(busy ? { finishedAt: startedAt, error: "the previous run was still going" } : {}) })
    .onConflictDoNothing({ target: [jobRuns.jobId, jobRuns.scheduledFor] })
    .returning({ id: jobRuns.id });
  if (!claim) return { ran: false, reason: "claimed" };
  if (busy) return { ran: false, reason: "skipped" };

  let result: TickResult;
  const heartbeat = setInterval(() => {
    // a missed beat is harmless (the next one, or the run's end, writes the row); four in a row close the run
    db.update(jobRuns).set({ heartbeatAt: now() }).where(and(eq(jobRuns.id, claim.id), eq(jobRuns.outcome, "running"))).catch(() => {});
  }, heartbeatMs);
  heartbeat.unref();
  try {
    const summary = await job.run(db, { now: new Date(Math.max(tick.getTime(), startedAt.getTime())), jobId: job.id });
    result = { ran: true, outcome: "ok", summary };
  } catch (error) {
    const message = errorMessage(error, 500);
    console.warn(`[jobs] ${job.id} failed:`, message);
    result = { ran: true, outcome: "failed", error: message };
  } finally {
    clearInterval(heartbeat);
  }
  await db
    .update(jobRuns)
    .set({ finishedAt: now(), outcome: result.outcome, ...(result.outcome === "ok" ? { summary: result.summary } : { error: result.error }) })
    .where(eq(jobRuns.id, claim.id));
  await db.delete(jobRuns).where(and(eq(jobRuns.jobId, job.id), lt(jobRuns.startedAt, new Date(startedAt.getTime() - KEEP_RUNS_MS))));
  return result;
}

/**
 * When `jobId` last completed a run (outcome ok) before `before` — where a job that catches up after downtime starts.
 * @returns the run's tick, or null when it never completed one
 */
export async function lastCompletedTick(db: Db, { jobId, before }: { jobId: string; before: Date }): Promise<Date | null> {
  const [row] = await db
    .select({ at: jobRuns.scheduledFor })
    .from(jobRuns)
    .where(and(eq(jobRuns.jobId, jobId), eq(jobRuns.outcome, "ok"), lt(jobRuns.scheduledFor, before)))
    .orderBy(desc(jobRuns.scheduledFor))
    .limit(1);
  return row?.at ?? null;
}
