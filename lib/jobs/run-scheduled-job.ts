/**
 * Runs one tick of a scheduled job and records it (issue 16 item 1). The tick's `job_runs` row is its claim:
 * `(job_id, scheduled_for)` is unique, so when several Tandem instances (or both runners) fire the same tick, exactly
 * one runs it. A run still going from an earlier tick makes this one `skipped`; a run left `running` for longer than
 * {@link STALE_RUN_MS} (its instance stopped) is closed as failed first.
 */
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import type { JobSummary, ScheduledJob } from "./scheduled-jobs";
import { errorMessage } from "@/lib/errors/error-message";

/** A run left `running` this long is taken for dead (ms). */
export const STALE_RUN_MS = 30 * 60_000;
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
 * @returns whether it ran here and how it went; never throws for the job's own failure (it is recorded and logged)
 * @throws database errors while claiming or recording
 */
export async function runScheduledJob(
  db: Db,
  job: ScheduledJob,
  { scheduledFor, runner, now = () => new Date() }: { scheduledFor: Date; runner: "inngest" | "embedded"; now?: () => Date },
): Promise<TickResult> {
  // embedded instances race for the tick (their timers fire a few ms apart); Inngest fires each tick once and retries
  // it with the same event, so its runs are keyed by the event's own time
  const tick = runner === "embedded" ? tickOf(scheduledFor, job) : scheduledFor;
  const startedAt = now();
  // a run whose instance died is closed, so it neither blocks the schedule nor looks healthy
  await db
    .update(jobRuns)
    .set({ outcome: "failed", finishedAt: startedAt, error: "did not finish (its instance stopped)" })
    .where(and(eq(jobRuns.jobId, job.id), eq(jobRuns.outcome, "running"), lt(jobRuns.startedAt, new Date(startedAt.getTime() - STALE_RUN_MS))));
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
  try {
    const summary = await job.run(db, { now: new Date(Math.max(tick.getTime(), startedAt.getTime())), jobId: job.id });
    result = { ran: true, outcome: "ok", summary };
  } catch (error) {
    const message = errorMessage(error, 500);
    console.warn(`[jobs] ${job.id} failed:`, message);
    result = { ran: true, outcome: "failed", error: message };
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
