/**
 * How each scheduled job is doing, for Settings › System (issue 16 item 4): its last run, duration, outcome, next
 * run and last error, and whether it is unhealthy (it missed its last two ticks, or its last run failed).
 */
import { Cron } from "croner";
import { desc, eq, min, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { executeRows } from "@/db/execute-rows";
import { STALE_RUN_MS } from "./run-scheduled-job";
import { SCHEDULED_JOBS, type JobSummary, type ScheduledJob } from "./scheduled-jobs";

export type JobRunView = {
  startedAt: Date;
  finishedAt: Date | null;
  /** finishedAt − startedAt (ms); null while running */
  durationMs: number | null;
  outcome: "running" | "ok" | "failed" | "skipped";
  runner: string;
  summary: JobSummary | null;
  error: string | null;
};

export type JobHealth = {
  id: string;
  name: string;
  cron: string;
  timezone: string;
  lastRun: JobRunView | null;
  /** the most recent failure (possibly older than the last run) */
  lastFailure: { at: Date; error: string } | null;
  nextRun: Date | null;
  /**
   * - `healthy`: its last tick ran, or it has not been due since the schedule first ran;
   * - `failing`: its last run failed;
   * - `missed`: its last two ticks have no run (the scheduler is not running it);
   * - `waiting`: no run yet and not yet due twice since the schedule first ran.
   */
  state: "healthy" | "failing" | "missed" | "waiting";
};

/**
 * Every scheduled job's health at `now` (ms precision, UTC).
 * @param jobs the schedule (tests pass their own)
 */
export async function listJobHealth(db: Db, { now = new Date(), jobs = SCHEDULED_JOBS }: { now?: Date; jobs?: readonly ScheduledJob[] } = {}): Promise<JobHealth[]> {
  const [first] = await db.select({ at: min(jobRuns.startedAt) }).from(jobRuns);
  const scheduleSince = first?.at ?? null;
  const latest = await executeRows<{ job_id: string; started_at: string; heartbeat_at: string | null; finished_at: string | null; outcome: JobRunView["outcome"]; runner: string; summary: JobSummary | null; error: string | null }>(
    db,
    sql`SELECT DISTINCT ON (job_id) job_id, started_at, heartbeat_at, finished_at, outcome, runner, summary, error
        FROM ${jobRuns} ORDER BY job_id, started_at DESC, id DESC`,
  );
  const failures = await executeRows<{ job_id: string; started_at: string; error: string | null }>(
    db,
    sql`SELECT DISTINCT ON (job_id) job_id, started_at, error FROM ${jobRuns} WHERE outcome = 'failed' ORDER BY job_id, started_at DESC, id DESC`,
  );
  return jobs.map((job) => {
    const timezone = job.timezone ?? "UTC";
    const cron = new Cron(job.cron, { timezone, paused: true });
    const row = latest.find((r) => r.job_id === job.id);
    const failure = failures.find((r) => r.job_id === job.id);
    const lastRun: JobRunView | null = row
      ? {
          startedAt: new Date(row.started_at),
          finishedAt: row.finished_at ? new Date(row.finished_at) : null,
          durationMs: row.finished_at ? new Date(row.finished_at).getTime() - new Date(row.started_at).getTime() : null,
          outcome: row.outcome,
          runner: row.runner,
          summary: row.summary,
          error: row.error,
        }
      : null;
    // the two ticks before now, with a minute's grace for a tick in flight
    const [, secondLast] = cron.previousRuns(2, new Date(now.getTime() - 60_000));
    const dueTwiceSinceStart = Boolean(scheduleSince && secondLast && secondLast.getTime() >= scheduleSince.getTime());
    // a run whose instance died: no heartbeat for STALE_RUN_MS (the next tick closes it as failed)
    const stale = lastRun?.outcome === "running" && now.getTime() - new Date(row!.heartbeat_at ?? row!.started_at).getTime() > STALE_RUN_MS;
    const state: JobHealth["state"] =
      lastRun?.outcome === "failed" || stale
        ? "failing"
        : (!lastRun || (secondLast && lastRun.startedAt.getTime() < secondLast.getTime())) && dueTwiceSinceStart
          ? "missed"
          : lastRun
            ? "healthy"
            : "waiting";
    return {
      id: job.id,
      name: job.name,
      cron: job.cron,
      timezone,
      lastRun,
      lastFailure: failure ? { at: new Date(failure.started_at), error: failure.error ?? "failed" } : null,
      nextRun: cron.nextRun(now),
      state,
    };
  });
}

/** The recent runs of one job, newest first (for a job's history). */
export function recentRuns(db: Db, { jobId, limit = 20 }: { jobId: string; limit?: number }) {
  return db.select().from(jobRuns).where(eq(jobRuns.jobId, jobId)).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(limit);
}
