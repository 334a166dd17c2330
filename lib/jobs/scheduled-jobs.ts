/**
 * Every scheduled job, declared once (issue 16 item 1): its cron, the `lib/` work it runs, and what it reports. Both
 * runners read this table — the Inngest functions (`inngest/functions/scheduled-jobs.ts`) when an Inngest engine is
 * configured, else the in-process scheduler the Next server starts (`lib/jobs/embedded-scheduler.ts`, from
 * `instrumentation.ts`) — and both run a tick through {@link runScheduledJob}, which records it in `job_runs`.
 */
import type { Db } from "@/db/client";
import { resolveIdleConversations } from "@/lib/agent/resolve-idle";
import { fireApprovalTimeouts } from "@/lib/approvals/approval-timeouts";
import { purgeChatwootContent } from "@/lib/chatwoot/purge";
import { forgetOldDeliveries } from "@/lib/chatwoot/receive-webhook";
import { pruneChatwootCalls } from "@/lib/chatwoot/call-once";
import { reconcileChatwoot } from "@/lib/chatwoot/reconcile";
import { recordSlaBreaches } from "@/lib/chatwoot/sla-breaches";
import { aggregateDaily } from "@/lib/impact/aggregate-daily";
import { retryDueReplyDeliveries } from "@/lib/ingest/deliver-reply";
import { answerUnansweredMessages } from "@/lib/ingest/answer-unanswered";
import { drainQueuesWithRoom } from "@/lib/routing/assign-agent";
import { checkExperimentHealth } from "@/lib/routing/experiment-health";
import { decideUncheckedAlerts } from "@/lib/alerts/decide-unchecked";
import { pruneDoneOutbox } from "@/lib/outbox/outbox-health";
import { pruneWebhookIds } from "@/lib/ingest/webhook-delivery-ids";
import { pruneRateLimits } from "@/lib/auth/attempt-limits";
import { pruneRefusals } from "@/lib/channels/webhook-refusals";
import { drainOutbox } from "@/lib/outbox/run-outbox";
import { lastCompletedTick } from "./run-scheduled-job";

/** What a job reports about one run (counts), shown on the System page. */
export type JobSummary = Record<string, number | string | null>;

export type ScheduledJob = {
  /** stable id: the Inngest function id and `job_runs.job_id` */
  id: string;
  /** plain-language name for the System page */
  name: string;
  /** 5-field cron */
  cron: string;
  /** IANA time zone the cron is read in (default UTC) */
  timezone?: string;
  /**
   * the embedded runner also runs it once when the server starts, so what a downtime left (rows a crash left in the
   * outbox, days the datamart missed) is caught up at once instead of at the next tick
   */
  catchUpAtStart?: boolean;
  /**
   * The work, for the tick at `now`; `jobId` is the id its runs are recorded under (where a catch-up looks).
   * @throws whatever the work throws: the runner records the failure and the next tick tries again
   */
  run: (db: Db, { now, jobId }: { now: Date; jobId: string }) => Promise<JobSummary>;
};

/** The schedule. */
export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  {
    id: "sweep-approval-timeouts",
    name: "Approval timeouts and SLA breaches",
    cron: "* * * * *",
    // 004_… §9: the 30- and 60-minute notices of a pending draft and the Chatwoot SLA clocks (due times live in the database)
    run: async (db, { now }) => ({ timeouts: (await fireApprovalTimeouts(db, { now })).length, breaches: (await recordSlaBreaches(db, { now })).length }),
  },
  {
    id: "dispatch-outbox",
    name: "Outbox dispatch",
    cron: "* * * * *",
    catchUpAtStart: true,
    // issue 16 item 2: what a crash left between a commit and its send, and retries that fell due — alerts left
    // undecided by a crash first (their push then joins the outbox), then every due outbox row; and queued
    // conversations an agent has room for (a crash before their auto-assignment)
    run: async (db, { now }) => {
      const decided = await decideUncheckedAlerts(db, { now });
      const drained = await drainOutbox(db);
      const assigned = await drainQueuesWithRoom(db);
      return { alertsDecided: decided.length, dispatched: drained.done, retrying: drained.retrying, failed: drained.failed, assigned };
    },
  },
  {
    id: "retry-reply-deliveries",
    name: "Late replies to outbound URLs",
    cron: "* * * * *",
    // first the customer messages a stopped process left unanswered (their replies' deliveries are recorded with
    // them), then every delivery that fell due
    run: async (db) => ({ answered: await answerUnansweredMessages(db), attempted: await retryDueReplyDeliveries(db) }),
  },
  {
    id: "reconcile-chatwoot",
    name: "Chatwoot reconciliation",
    cron: "*/5 * * * *",
    // 004_… §9: messages whose webhook never arrived
    run: async (db, { now }) => {
      const results = await reconcileChatwoot(db, { now });
      return { links: results.length, recovered: results.reduce((s, r) => s + r.recovered.length, 0), failed: results.filter((r) => r.error).length };
    },
  },
  {
    id: "resolve-idle-conversations",
    name: "Idle conversations closed",
    cron: "*/5 * * * *",
    // 002_…: bot conversations silent past the agent's idle window close (as silence, never an AI win: issue 15)
    run: async (db, { now }) => ({ closed: (await resolveIdleConversations(db, { now })).length }),
  },
  {
    id: "check-experiment-health",
    name: "Traffic-split health",
    cron: "5 * * * *",
    // 000_… §10: decision-fallback rate and human-arm queue wait per split channel
    run: async (db, { now }) => ({ alerts: (await checkExperimentHealth(db, { now })).length }),
  },
  {
    id: "aggregate-impact",
    name: "Impact report datamart",
    cron: "15 * * * *",
    catchUpAtStart: true,
    // 001_… datamart: freshness ≤ 1 h; after downtime, every day since the last complete run (issue 16 item 3)
    run: async (db, { now, jobId }) => {
      const since = await lastCompletedTick(db, { jobId, before: now });
      const result = await aggregateDaily(db, { now, since });
      return { orgs: result.length, rows: result.reduce((s, r) => s + r.rows, 0) };
    },
  },
  {
    id: "purge-chatwoot-content",
    name: "90-day purge of Chatwoot content",
    cron: "30 2 * * *",
    timezone: "Asia/Jakarta",
    // 004_… §12: customer content and PII older than 90 days; delivery ids, channel webhook ids, done outbox rows and
    // Chatwoot call intents and signature-refusal tallies older than a week; ended failure counters
    run: async (db, { now }) => {
      const forgotten = await forgetOldDeliveries(db, now.getTime());
      const purged = await purgeChatwootContent(db, { now });
      const outboxPruned = await pruneDoneOutbox(db, { now });
      const webhookIdsForgotten = await pruneWebhookIds(db, { now });
      const rateLimitsPruned = await pruneRateLimits(db, { now });
      const chatwootCallsPruned = await pruneChatwootCalls(db, { now });
      const refusalBucketsPruned = await pruneRefusals(db, { now });
      return { ...purged, deliveryIdsForgotten: forgotten, outboxPruned, webhookIdsForgotten, rateLimitsPruned, chatwootCallsPruned, refusalBucketsPruned };
    },
  },
];

/** The job with this id. @throws Error for an unknown id */
export function scheduledJob(id: string): ScheduledJob {
  const job = SCHEDULED_JOBS.find((j) => j.id === id);
  if (!job) throw new Error(`unknown scheduled job ${id}`);
  return job;
}
