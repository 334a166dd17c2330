import { getDb } from "@/db/client";
import { runScheduledJob } from "@/lib/jobs/run-scheduled-job";
import { scheduledJob, type JobSummary } from "@/lib/jobs/scheduled-jobs";
import { inngest } from "../client";

/** The Inngest cron trigger of a scheduled job (its time zone, if any, as Inngest's `TZ=` prefix). */
export function cronTrigger(jobId: string): { cron: string } {
  const job = scheduledJob(jobId);
  return { cron: job.timezone ? `TZ=${job.timezone} ${job.cron}` : job.cron };
}

/**
 * Runs one tick of a scheduled job for the Inngest runner (recorded in `job_runs` like the embedded runner's).
 * @returns the job's summary; `{ failed }` with the message when the job failed (recorded; the next tick tries again);
 *   `{ skipped }` when a run of the job was still going
 */
export async function runTickFromInngest(jobId: string, ts: number | undefined): Promise<JobSummary> {
  const result = await runScheduledJob(await getDb(), scheduledJob(jobId), { scheduledFor: new Date(ts ?? Date.now()), runner: "inngest" });
  if (!result.ran) return { skipped: result.reason };
  return result.outcome === "ok" ? result.summary : { failed: result.error };
}

/**
 * The Inngest function of a scheduled job of `lib/jobs/scheduled-jobs.ts`: its cron, one run at a time, the tick run
 * through {@link runTickFromInngest}.
 */
export function scheduledFunction(jobId: string) {
  return inngest.createFunction({ id: jobId, triggers: [cronTrigger(jobId)], concurrency: { limit: 1 } }, async ({ event, step }) =>
    step.run("run", () => runTickFromInngest(jobId, event?.ts)),
  );
}
