/**
 * Next.js server start-up hook: the in-process scheduler of `lib/jobs/scheduled-jobs.ts` when no Inngest engine is
 * configured (the embedded default), so time-driven work — approval timeouts, SLA breaches, idle resolution,
 * reconciliation, the datamart, purges — runs without anyone opening a page (issue 16).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startSchedulerUnlessInngest } = await import("@/lib/jobs/start-embedded");
  const scheduler = startSchedulerUnlessInngest();
  if (scheduler) console.log(`[jobs] in-process scheduler running ${scheduler.jobs.length} jobs (no Inngest engine configured)`);
}
