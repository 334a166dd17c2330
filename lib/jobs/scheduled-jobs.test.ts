/**
 * The schedule (issue 16 item 1) on a real database: ticks claimed once and recorded, failures recorded and never
 * thrown, a run still going makes the next tick skip, the in-process runner firing on its cron, and — with a clock the
 * test controls — the embedded default doing the time-driven work with nobody opening a page.
 */
import { randomUUID } from "node:crypto";
import { Cron } from "croner";
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { aiActivityDaily, alerts, approvals, conversations, events, jobRuns, messages } from "@/db/schema";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { signWebhook } from "@/lib/ingest/sign";
import { saveSubscription } from "@/lib/alerts/push-subscriptions";
import { PURGED_TEXT } from "@/lib/chatwoot/purge";
import { seedQuietOrg, testDb } from "@/test/db";
import { userIdOf } from "@/test/members";
import { localPushService, newDeviceKeys, subscriptionInput } from "@/test/push-service";
import { startEmbeddedScheduler, type EmbeddedScheduler } from "./embedded-scheduler";
import { runScheduledJob, STALE_RUN_MS } from "./run-scheduled-job";
import { SCHEDULED_JOBS, type ScheduledJob } from "./scheduled-jobs";

const local = localPushService();
let db: Db;
beforeAll(async () => {
  db = await testDb();
});

/** A job of this test only (its id is unique, so other test files' runs never mix in). */
function testJob(run: ScheduledJob["run"], cron = "* * * * *"): ScheduledJob {
  return { id: `test-${randomUUID()}`, name: "Test job", cron, run };
}
const runsOf = (jobId: string) => db.select().from(jobRuns).where(eq(jobRuns.jobId, jobId)).orderBy(asc(jobRuns.scheduledFor), asc(jobRuns.id));

describe("runScheduledJob", () => {
  it("runs a tick once and records start, end, outcome and summary; the same tick fired again (another instance) is not run", async () => {
    let calls = 0;
    const job = testJob(async () => ({ done: ++calls }));
    const tick = new Date("2026-12-02T10:07:00Z");
    const results = await Promise.all([0, 5, 900].map((ms) => runScheduledJob(db, job, { scheduledFor: new Date(tick.getTime() + ms), runner: "embedded" })));
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(results.filter((r) => !r.ran).map((r) => (r.ran ? null : r.reason))).toEqual(["claimed", "claimed"]);
    expect(calls).toBe(1);
    const [run] = await runsOf(job.id);
    expect(run).toMatchObject({ scheduledFor: tick, outcome: "ok", runner: "embedded", summary: { done: 1 }, error: null });
    expect(run!.finishedAt!.getTime()).toBeGreaterThanOrEqual(run!.startedAt.getTime());
    // the next minute is another tick
    expect(await runScheduledJob(db, job, { scheduledFor: new Date(tick.getTime() + 60_000), runner: "embedded" })).toMatchObject({ ran: true, outcome: "ok" });
    expect(await runsOf(job.id)).toHaveLength(2);
  });

  it("records a failing job's message, throws nothing, and runs again on the next tick", async () => {
    let fail = true;
    const job = testJob(async () => {
      if (fail) throw new Error("the datamart query timed out");
      return { rows: 3 };
    });
    const first = await runScheduledJob(db, job, { scheduledFor: new Date("2026-12-02T10:00:00Z"), runner: "embedded" });
    expect(first).toEqual({ ran: true, outcome: "failed", error: "the datamart query timed out" });
    fail = false;
    await runScheduledJob(db, job, { scheduledFor: new Date("2026-12-02T10:01:00Z"), runner: "embedded" });
    expect((await runsOf(job.id)).map((r) => [r.outcome, r.error, r.summary])).toEqual([
      ["failed", "the datamart query timed out", null],
      ["ok", null, { rows: 3 }],
    ]);
  });

  it("skips a tick while the job's previous run is still going, and closes a run whose instance died", async () => {
    let release!: () => void;
    const job = testJob(() => new Promise((resolve) => (release = () => resolve({ ok: 1 }))));
    const long = runScheduledJob(db, job, { scheduledFor: new Date("2026-12-02T11:00:00Z"), runner: "embedded" });
    await new Promise((r) => setTimeout(r, 200));
    expect(await runScheduledJob(db, job, { scheduledFor: new Date("2026-12-02T11:01:00Z"), runner: "embedded" })).toEqual({ ran: false, reason: "skipped" });
    release();
    await long;
    expect((await runsOf(job.id)).map((r) => [r.outcome, r.error])).toEqual([["ok", null], ["skipped", "the previous run was still going"]]);

    // a run left "running" past the stale limit (its instance was killed) is closed as failed, and the schedule goes on
    const dead = testJob(async () => ({ ok: 1 }));
    const startedAt = new Date(Date.now() - STALE_RUN_MS - 60_000);
    await db.insert(jobRuns).values({ jobId: dead.id, scheduledFor: startedAt, startedAt, runner: "embedded", outcome: "running" });
    expect(await runScheduledJob(db, dead, { scheduledFor: new Date(), runner: "embedded" })).toMatchObject({ ran: true, outcome: "ok" });
    expect((await runsOf(dead.id)).map((r) => [r.outcome, r.error])).toEqual([["failed", "did not finish (its instance stopped)"], ["ok", null]]);
  });
  it("a run that keeps its heartbeat is never taken for dead, however long it runs; one whose heartbeat stopped is closed within STALE_RUN_MS", async () => {
    // one clock for both instances, moved past STALE_RUN_MS while the first run is still going
    let shift = 0;
    const now = () => new Date(Date.now() + shift);
    let release!: () => void;
    const job = testJob(() => new Promise((resolve) => (release = () => resolve({ ok: 1 }))));
    const long = runScheduledJob(db, job, { scheduledFor: new Date("2026-12-02T12:00:00Z"), runner: "embedded", now, heartbeatMs: 50 });
    await new Promise((r) => setTimeout(r, 200));
    shift = STALE_RUN_MS + 1_000;
    await new Promise((r) => setTimeout(r, 300)); // a few heartbeats at the later time
    // started more than STALE_RUN_MS ago, but alive: the next tick is skipped, and the long run is not closed
    expect(await runScheduledJob(db, job, { scheduledFor: new Date("2026-12-02T12:01:00Z"), runner: "embedded", now })).toEqual({ ran: false, reason: "skipped" });
    release();
    await long;
    expect((await runsOf(job.id)).map((r) => [r.outcome, r.error])).toEqual([["ok", null], ["skipped", "the previous run was still going"]]);

    // a run that beat for a while and then stopped (its instance was killed mid-run): closed, and the schedule goes on
    const killed = testJob(async () => ({ ok: 1 }));
    const startedAt = new Date(Date.now() - 10 * STALE_RUN_MS);
    await db.insert(jobRuns).values({ jobId: killed.id, scheduledFor: startedAt, startedAt, heartbeatAt: new Date(Date.now() - STALE_RUN_MS - 1_000), runner: "embedded", outcome: "running" });
    expect(await runScheduledJob(db, killed, { scheduledFor: new Date(), runner: "embedded" })).toMatchObject({ ran: true, outcome: "ok" });
    expect((await runsOf(killed.id)).map((r) => [r.outcome, r.error])).toEqual([["failed", "did not finish (its instance stopped)"], ["ok", null]]);
  });
});

describe("the in-process runner", () => {
  let schedulers: EmbeddedScheduler[] = [];
  afterEach(() => {
    schedulers.forEach((s) => s.stop());
    schedulers = [];
  });

  it("fires each job on its cron; two instances run every tick exactly once", async () => {
    const seen: string[] = [];
    const job = testJob(async ({}, { now }) => {
      seen.push(now.toISOString());
      return { n: seen.length };
    }, "* * * * * *"); // every second (6-field cron), so the test needs no minute-long wait
    schedulers = [startEmbeddedScheduler(async () => db, { jobs: [job] }), startEmbeddedScheduler(async () => db, { jobs: [job] })];
    await new Promise((r) => setTimeout(r, 3_500));
    schedulers.forEach((s) => s.stop());
    await new Promise((r) => setTimeout(r, 500)); // let a tick in flight finish
    const runs = await runsOf(job.id);
    const ran = runs.filter((r) => r.outcome === "ok");
    expect(ran.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ran.map((r) => r.scheduledFor.getTime())).size).toBe(ran.length);
    expect(seen).toHaveLength(ran.length);
    expect(runs.every((r) => r.runner === "embedded" && r.scheduledFor.getMilliseconds() === 0)).toBe(true);
  });

  it("the production schedule: every job has a valid cron and time zone and a distinct id", () => {
    expect(new Set(SCHEDULED_JOBS.map((j) => j.id)).size).toBe(SCHEDULED_JOBS.length);
    for (const job of SCHEDULED_JOBS) expect(new Cron(job.cron, { timezone: job.timezone ?? "UTC", paused: true }).nextRun()).toBeInstanceOf(Date);
    expect(SCHEDULED_JOBS.find((j) => j.id === "sweep-approval-timeouts")!.cron).toBe("* * * * *");
  });
});

describe("the embedded default, on a clock the test controls", () => {
  // 02:00 WIB on 1 January 2000: a time no other test file's data reaches, on the shared database, so the schedule's
  // platform-wide sweeps touch only what this test made. Chatwoot reconciliation and late-reply retries call out to
  // other files' stand-ins and are left to their own tests.
  const T0 = new Date("1999-12-31T19:00:00Z");
  const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
  // copies under this test's own ids: its runs in 1999 never look like the real jobs' history to other test files
  const tag = randomUUID().slice(0, 8);
  const jobs = SCHEDULED_JOBS.filter((j) => j.id !== "reconcile-chatwoot" && j.id !== "retry-reply-deliveries").map((j) => ({ ...j, id: `${j.id}@${tag}` }));

  /** Plays the schedule minute by minute from `from` to `to` (inclusive), as the in-process runner would fire it. */
  async function playSchedule(from: number, to: number) {
    for (let m = from; m <= to; m++) {
      const minute = at(m);
      for (const job of jobs) {
        if (!new Cron(job.cron, { timezone: job.timezone ?? "UTC", paused: true }).match(minute)) continue;
        await runScheduledJob(db, job, { scheduledFor: minute, runner: "embedded", now: () => minute });
      }
    }
  }

  it("an approval left pending notifies its operator at 30 minutes and the managers at 60, an SLA breach is recorded, an idle conversation closes and the 90-day purge runs — nobody opens a page", async () => {
    const org = await seedQuietOrg(db);
    const agentId = await userIdOf(db, org, "agent");
    const supervisorId = await userIdOf(db, org, "supervisor");
    const devices = { agent: local.service.endpoint(`${org.slug}-agent`), supervisor: local.service.endpoint(`${org.slug}-supervisor`) };
    await saveSubscription(db, { userId: agentId, input: subscriptionInput(devices.agent, newDeviceKeys()) });
    await saveSubscription(db, { userId: supervisorId, input: subscriptionInput(devices.supervisor, newDeviceKeys()) });
    const pushesTo = (endpoint: string) => local.service.requests.filter((r) => r.path === new URL(endpoint).pathname).length;

    // a Chatwoot conversation with a pending draft (due at 30 and 60 min) and a first-response SLA due at 5 min
    const [chat] = await db
      .insert(conversations)
      .values({
        orgId: org.orgId, channelId: org.channels[1]!.id, externalId: randomUUID(), contactId: "chatwoot:7001", contactName: "Rina Wulandari", priority: "P1",
        firstMessagePreview: "Where is my order?", messageCount: 1, lastMessageAt: T0, createdAt: T0, slaFirstResponseDueAt: at(5),
      })
      .returning({ id: conversations.id });
    const [question] = await db.insert(messages).values({ orgId: org.orgId, conversationId: chat!.id, externalId: randomUUID(), sender: "customer", content: "Where is my order?", sentAt: T0 }).returning({ id: messages.id });
    const [draft] = await db
      .insert(approvals)
      .values({ orgId: org.orgId, conversationId: chat!.id, messageId: question!.id, draft: "Your order ships tomorrow.", confidence: 0.8, assigneeId: agentId, operatorDueAt: at(30), managerDueAt: at(60), createdAt: T0 })
      .returning({ id: approvals.id });

    // a bot conversation whose last turn is a grounded answer at T0 − 5 min: silent past the 30-minute idle window at 25
    const [idle] = await db
      .insert(conversations)
      .values({ orgId: org.orgId, channelId: org.channels[0]!.id, externalId: randomUUID(), contactId: "wa:62811", variant: null, firstMessagePreview: "refund?", messageCount: 2, lastMessageAt: at(-5), createdAt: at(-6), aiAnsweredAt: at(-5) })
      .returning({ id: conversations.id });
    const [asked] = await db.insert(messages).values({ orgId: org.orgId, conversationId: idle!.id, externalId: randomUUID(), sender: "customer", content: "how do refunds work?", sentAt: at(-6) }).returning({ id: messages.id });
    await db.insert(messages).values({ orgId: org.orgId, conversationId: idle!.id, sender: "bot", content: "Refunds reach your card in 5–7 days.", agentAction: "answer", capabilityId: "refund", confidence: 0.9, replyToMessageId: asked!.id, sentAt: at(-5) });

    // a Chatwoot conversation from September 1999: more than 90 days old at 02:30 WIB
    const [old] = await db
      .insert(conversations)
      .values({ orgId: org.orgId, channelId: org.channels[1]!.id, externalId: randomUUID(), contactId: "chatwoot:7002", contactName: "Budi", status: "RESOLVED", closedReason: "RESOLVE", closedVia: "agent", closedAt: new Date("1999-09-01T12:00:00Z"), firstMessagePreview: "hello", messageCount: 1, lastMessageAt: new Date("1999-09-01T11:00:00Z"), createdAt: new Date("1999-09-01T11:00:00Z") })
      .returning({ id: conversations.id });

    const level = async () => (await db.select({ level: approvals.escalationLevel }).from(approvals).where(eq(approvals.id, draft!.id)))[0]!.level;
    const breaches = () => db.select().from(events).where(and(eq(events.conversationId, chat!.id), eq(events.name, "sla_breached")));
    const conversation = async (id: string) => (await db.select().from(conversations).where(eq(conversations.id, id)))[0]!;

    await playSchedule(0, 29);
    expect(await level()).toBe(0);
    expect(pushesTo(devices.agent)).toBe(0);
    expect(await breaches()).toHaveLength(1); // first response due at 5 min, recorded once however many ticks pass
    // … and the supervisors hear of the breach as it happens, once (issue 18 item 4)
    expect(await db.select({ signal: alerts.signal }).from(alerts).where(eq(alerts.conversationId, chat!.id))).toEqual([{ signal: "sla_breach" }]);
    expect(pushesTo(devices.supervisor)).toBe(1);
    expect(await conversation(idle!.id)).toMatchObject({ status: "RESOLVED", closedReason: "RESOLVE", closedVia: "silence", closedAt: at(25) });
    expect((await conversation(old!.id)).contactName).toBe("Budi"); // the purge runs at 02:30 WIB

    await playSchedule(30, 31);
    expect(await level()).toBe(1);
    expect(pushesTo(devices.agent)).toBe(1);
    expect(pushesTo(devices.supervisor)).toBe(1); // the breach's alert only
    expect(await conversation(old!.id)).toMatchObject({ contactName: null, firstMessagePreview: PURGED_TEXT });

    await playSchedule(32, 61);
    expect(await level()).toBe(2);
    expect(pushesTo(devices.agent)).toBe(1);
    expect(pushesTo(devices.supervisor)).toBe(2); // the breach's alert, then the 60-minute notice
    expect(await breaches()).toHaveLength(1);

    // every tick of the played hour is in the record, each once
    const played = await db.select().from(jobRuns).where(and(inArray(jobRuns.jobId, jobs.map((j) => j.id)), inArray(jobRuns.scheduledFor, [at(30), at(60)])));
    expect(played.filter((r) => r.jobId === `sweep-approval-timeouts@${tag}`).map((r) => [r.outcome, r.summary])).toEqual([
      ["ok", { timeouts: 1, breaches: 0 }],
      ["ok", { timeouts: 1, breaches: 0 }],
    ]);
  }, 120_000);
});

describe("catch-up after downtime", () => {
  it("the datamart recomputes every day since its last complete run, not only the last three", async () => {
    // June 1998 (a time no other test file uses): the job last completed on 1 June, then the server was down until the 10th
    const org = await seedQuietOrg(db);
    const channel = org.channels[0]!;
    const raw = JSON.stringify({ channel_id: channel.id, conversation_id: `catch-up-${randomUUID()}`, message_id: "m1", contact: { id: "wa:62813" }, text: "is my parcel lost?", sent_at: "1998-06-04T03:00:00Z" });
    const res = await handleIncomingMessage(db, new Request("http://tandem.test/api/webhooks/incoming-message", { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(channel.secret, raw) } }));
    expect(res.status).toBe(200);
    // a copy under this test's own id (its 1998 history must not become the real job's)
    const job = { ...SCHEDULED_JOBS.find((j) => j.id === "aggregate-impact")!, id: `aggregate-impact@${randomUUID().slice(0, 8)}` };
    const lastComplete = new Date("1998-06-01T00:15:00Z");
    await db.insert(jobRuns).values({ jobId: job.id, scheduledFor: lastComplete, startedAt: lastComplete, finishedAt: lastComplete, runner: "embedded", outcome: "ok" });
    const dayRows = () => db.select({ day: aiActivityDaily.day, conversations: aiActivityDaily.conversations }).from(aiActivityDaily).where(eq(aiActivityDaily.orgId, org.orgId));
    expect(await dayRows()).toEqual([]);

    const back = new Date("1998-06-10T00:15:00Z");
    expect(await runScheduledJob(db, job, { scheduledFor: back, runner: "embedded", now: () => back })).toMatchObject({ ran: true, outcome: "ok" });
    // 4 June (WIB) is six days before the tick: outside the usual three-day window, inside the catch-up
    expect(await dayRows()).toEqual([{ day: "1998-06-04", conversations: 1 }]);
  }, 120_000);
});
