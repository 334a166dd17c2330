/**
 * The in-process runner of the schedule (issue 16 item 1): when no Inngest engine is configured — the embedded default
 * every new user starts with — the Next server fires each job of {@link SCHEDULED_JOBS} on its cron with croner, and
 * runs the tick through {@link runScheduledJob} (so several instances run each tick once, and every run is recorded).
 */
import { Cron } from "croner";
import type { Db } from "@/db/client";
import { runScheduledJob } from "./run-scheduled-job";
import { SCHEDULED_JOBS, type ScheduledJob } from "./scheduled-jobs";
import { errorMessage } from "@/lib/errors/error-message";

export type EmbeddedScheduler = { stop: () => void; jobs: readonly ScheduledJob[] };

/**
 * Starts one croner timer per job, and runs the jobs marked `catchUpAtStart` once at once. Timers are unreferenced (they
 * never keep a process alive) and protected (a tick that comes while the job's previous run in this process is still
 * going is skipped here; other instances are handled by the tick's claim).
 * @param getDb the database (opened on first tick)
 * @param options.jobs the table to run (tests pass their own; a 6-field cron has seconds)
 * @returns a handle to stop every timer
 * @throws Error for an invalid cron pattern or time zone
 */
export function startEmbeddedScheduler(getDb: () => Promise<Db>, { jobs = SCHEDULED_JOBS }: { jobs?: readonly ScheduledJob[] } = {}): EmbeddedScheduler {
  const tick = async (job: ScheduledJob) => {
    try {
      await runScheduledJob(await getDb(), job, { scheduledFor: new Date(), runner: "embedded" });
    } catch (error) {
      // the database could not be reached or the run not recorded: the next tick tries again
      console.warn(`[jobs] ${job.id}: tick not run:`, errorMessage(error));
    }
  };
  const timers = jobs.map((job) => new Cron(job.cron, { timezone: job.timezone ?? "UTC", protect: true, unref: true }, () => tick(job)));
  // catch-up at start: a crash's leftovers and a downtime's missed days, without waiting for the next tick
  jobs.forEach((job, i) => {
    if (job.catchUpAtStart) void timers[i]!.trigger();
  });
  return { jobs, stop: () => timers.forEach((t) => t.stop()) };
}

/**
 * When the next tick of `job` falls after `from`.
 * @returns the time, or null when the pattern has no further run
 */
export function nextTickOf(job: ScheduledJob, from = new Date()): Date | null {
  return new Cron(job.cron, { timezone: job.timezone ?? "UTC", paused: true }).nextRun(from);
}
