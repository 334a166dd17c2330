/** Platform machinery: scheduled job runs and the transactional outbox. */
import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations } from "./orgs";

export const JOB_RUN_OUTCOMES = ["running", "ok", "failed", "skipped"] as const;

/**
 * One tick of a scheduled job (issue 16 item 1; the table of jobs is `lib/jobs/scheduled-jobs.ts`), whichever runner
 * fired it — Inngest or the in-process scheduler. The tick's row is its claim: `(job_id, scheduled_for)` is unique,
 * so however many Tandem instances fire a tick, one runs it. Platform-wide (jobs sweep every org), no org column.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    jobId: text("job_id").notNull(),
    /** the tick this run is for (the cron time, to the minute) */
    scheduledFor: timestamp("scheduled_for", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /**
     * the last sign of life of a `running` run: its instance writes it every `HEARTBEAT_MS` while the job runs, so a
     * run whose instance died (SIGKILL, a crash) is told apart from a long one within `STALE_RUN_MS`
     */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    outcome: text("outcome", { enum: JOB_RUN_OUTCOMES }).notNull(),
    /** which runner fired it: `inngest` or `embedded` */
    runner: text("runner").notNull(),
    /** what the job reported (counts), for the System page */
    summary: jsonb("summary").$type<Record<string, number | string | null>>(),
    /** the failure's message, cut to 500 characters (never a stack or a secret) */
    error: text("error"),
  },
  (t) => [
    uniqueIndex("job_runs_tick_key").on(t.jobId, t.scheduledFor),
    index("job_runs_job_started_idx").on(t.jobId, t.startedAt),
    check("job_runs_outcome", sql`${t.outcome} IN ('running', 'ok', 'failed', 'skipped')`),
  ],
);

export const OUTBOX_STATUSES = ["pending", "done", "failed"] as const;

/**
 * The transactional outbox (issue 16 item 2): work that must happen after a commit — an alert's push, an accepted
 * Chatwoot delivery, an approval's timer — written in the same transaction as the change that causes it, then
 * dispatched (to Inngest, or run in-process) with retries and backoff. Rows that keep failing stay `failed` and are
 * shown on Settings › System with Retry; done rows are kept 7 days.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    /** the work's name: the Inngest event it becomes (`alerts/push.requested`, …) */
    topic: text("topic").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** one row per piece of work: enqueueing the same key again is a no-op (also the Inngest event id) */
    dedupKey: text("dedup_key").notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    /** dispatch attempts so far */
    attempts: integer("attempts").notNull().default(0),
    /** when the row may be dispatched (later after a failure: backoff) */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** a dispatcher's claim: nobody else takes the row before this time */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    /** the last failure's message, cut to 500 characters */
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("outbox_dedup_key").on(t.dedupKey),
    index("outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("outbox_org_status_idx").on(t.orgId, t.status, t.createdAt),
    check("outbox_status", sql`${t.status} IN ('pending', 'done', 'failed')`),
  ],
);

export type OutboxRow = typeof outbox.$inferSelect;
