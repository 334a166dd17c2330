/**
 * Issue 16 item 2: the transactional outbox. Messages are played through the signed incoming-message webhook over real
 * HTTP; a "crash between the commit and the send" is the handler answering without its after-commit dispatch (what a
 * process killed at that moment leaves); pushes land at a local push service. The schedule's `dispatch-outbox` job is
 * what a restarted server runs.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { alertDeliveries, alerts, auditLog, conversations, outbox } from "@/db/schema";
import { BUILT_IN_AGENT_NAME } from "@/lib/agent/channel-agent";
import { decideUncheckedAlerts, UNCHECKED_GRACE_MS } from "@/lib/alerts/decide-unchecked";
import { saveSubscription } from "@/lib/alerts/push-subscriptions";
import { recordAlert } from "@/lib/alerts/raise-alert";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { signWebhook } from "@/lib/ingest/sign";
import { runScheduledJob } from "@/lib/jobs/run-scheduled-job";
import { scheduledJob } from "@/lib/jobs/scheduled-jobs";
import { seedQuietOrg, testDb } from "@/test/db";
import { serve } from "@/test/http";
import { signInAs, userIdOf } from "@/test/members";
import { localPushService, newDeviceKeys, subscriptionInput } from "@/test/push-service";
import { backoffMs, claimOutbox, dispatchOutbox, MAX_OUTBOX_ATTEMPTS, OUTBOX_LEASE_MS, type OutboxEvent } from "./dispatch";
import { enqueueOutbox } from "./enqueue";
import { outboxHealth, retryFailedOutboxRow } from "./outbox-health";
import { kickOutbox } from "./run-outbox";

let db: Db;
let server: Awaited<ReturnType<typeof serve>>;
const local = localPushService();

beforeAll(async () => {
  db = await testDb();
  // no after-commit hook: the process "died" right after the commit, before anything was sent
  server = await serve((req) => handleIncomingMessage(db, req));
});
afterAll(() => server?.close());

type Org = Awaited<ReturnType<typeof seedQuietOrg>>;

/** A quiet org whose supervisor has one device on the local push service. */
async function orgWithDevice(): Promise<{ org: Org; path: string }> {
  const org = await seedQuietOrg(db);
  const endpoint = local.service.endpoint();
  await saveSubscription(db, { userId: await userIdOf(db, org, "supervisor"), input: subscriptionInput(endpoint, newDeviceKeys()) });
  return { org, path: new URL(endpoint).pathname };
}

/** Sends one customer message the built-in agent cannot answer (a low-confidence alert) through the signed webhook. */
async function unanswerable(org: Org): Promise<string> {
  const raw = JSON.stringify({
    channel_id: org.channels[0]!.id,
    conversation_id: `c-${randomUUID()}`,
    message_id: `m-${randomUUID()}`,
    contact: { id: `wa:62${Math.floor(Math.random() * 1e9)}` },
    text: "qwzx plorb vintage zeppelin kumquat?",
    sent_at: new Date().toISOString(),
  });
  const res = await fetch(`${server.url}/api/webhooks/incoming-message`, {
    method: "POST",
    body: raw,
    headers: { "content-type": "application/json", ...signWebhook(org.channels[0]!.secret, raw) },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { conversation_id: string }).conversation_id;
}

const rowsOf = (orgId: string) => db.select().from(outbox).where(eq(outbox.orgId, orgId));
const requestsTo = (path: string) => local.service.requests.filter((r) => r.path === path);
const tick = (jobId: string, at = new Date()) => runScheduledJob(db, scheduledJob(jobId), { scheduledFor: at, runner: "embedded" });

describe("a crash between the commit and the send loses nothing", () => {
  it("the alert's push is committed with its decision, and the schedule's dispatch delivers it once", async () => {
    const { org, path } = await orgWithDevice();
    const conversationId = await unanswerable(org);
    const [alert] = await db.select().from(alerts).where(eq(alerts.conversationId, conversationId));
    expect(alert).toMatchObject({ signal: "low_confidence" });
    const [row, ...more] = await rowsOf(org.orgId);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ topic: "alerts/push.requested", status: "pending", attempts: 0, payload: { kind: "alert", alertId: alert!.id }, dedupKey: `push:${alert!.id}` });
    expect(requestsTo(path)).toHaveLength(0);

    // the restarted server's schedule
    expect(await tick("dispatch-outbox")).toMatchObject({ ran: true, outcome: "ok" });
    expect(requestsTo(path)).toHaveLength(1);
    expect((await rowsOf(org.orgId))[0]).toMatchObject({ status: "done", attempts: 1, lastError: null });
    // and again: nothing is sent twice
    await tick("dispatch-outbox", new Date(Date.now() + 60_000));
    await kickOutbox(db, [row!.id]);
    expect(requestsTo(path)).toHaveLength(1);
    expect(await db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alert!.id))).toHaveLength(1);
  });

  it("an alert whose process died before its storm decision is decided by the sweep, then pushed", async () => {
    const { org, path } = await orgWithDevice();
    const [c] = await db
      .insert(conversations)
      .values({ orgId: org.orgId, channelId: org.channels[0]!.id, externalId: `c-${randomUUID()}`, contactId: "k", firstMessagePreview: "hi", lastMessageAt: new Date() })
      .returning({ id: conversations.id });
    // the ingest transaction committed the alert; the short storm transaction after it never ran
    const recorded = await db.transaction((tx) =>
      recordAlert(tx, {
        orgId: org.orgId, signal: { signal: "agent_error", value: "engine down" }, conversationId: c!.id, channelId: org.channels[0]!.id,
        channelName: org.channels[0]!.name, agentId: null, agentName: BUILT_IN_AGENT_NAME, agentVersionId: null, at: new Date(),
      }),
    );
    expect(recorded.storm).not.toBeNull();
    // still within its own request's grace: left alone
    expect((await decideUncheckedAlerts(db)).map((d) => d.push)).not.toContainEqual({ kind: "alert", orgId: org.orgId, alertId: recorded.alertId });
    const later = new Date(Date.now() + UNCHECKED_GRACE_MS + 1000);
    const decided = await decideUncheckedAlerts(db, { now: later });
    expect(decided.map((d) => d.push)).toContainEqual({ kind: "alert", orgId: org.orgId, alertId: recorded.alertId });
    expect((await decideUncheckedAlerts(db, { now: later })).map((d) => d.push)).not.toContainEqual({ kind: "alert", orgId: org.orgId, alertId: recorded.alertId });
    // the schedule's job (its work, at that time: ticks of this minute may be claimed by the other tests)
    expect(await scheduledJob("dispatch-outbox").run(db, { now: later, jobId: "dispatch-outbox" })).toMatchObject({ dispatched: expect.any(Number) });
    expect(requestsTo(path)).toHaveLength(1);
    const [alert] = await db.select().from(alerts).where(eq(alerts.id, recorded.alertId));
    expect(alert!.stormCheckedAt).not.toBeNull();
  });
});

describe("a dispatcher that dies mid-work", () => {
  it("leaves its claimed rows to others once the lease has passed, not before", async () => {
    const { org, path } = await orgWithDevice();
    await unanswerable(org);
    const [row] = await rowsOf(org.orgId);
    const now = new Date();
    // claimed, then the process was killed: nothing settled
    expect(await claimOutbox(db, { ids: [row!.id], now })).toHaveLength(1);
    expect((await dispatchOutbox(db, { ids: [row!.id], now: () => new Date(now.getTime() + OUTBOX_LEASE_MS - 1000) })).claimed).toBe(0);
    expect(requestsTo(path)).toHaveLength(0);
    expect(await dispatchOutbox(db, { ids: [row!.id], now: () => new Date(now.getTime() + OUTBOX_LEASE_MS + 1000) })).toMatchObject({ claimed: 1, done: 1 });
    expect(requestsTo(path)).toHaveLength(1);
    expect((await rowsOf(org.orgId))[0]).toMatchObject({ status: "done", attempts: 2 });
  });
});

describe("one effect per piece of work", () => {
  it("enqueueing the same dedup key twice is one row; two dispatchers racing for it claim it once", async () => {
    const { org, path } = await orgWithDevice();
    await unanswerable(org);
    const [row] = await rowsOf(org.orgId);
    const again = await enqueueOutbox(db, { orgId: org.orgId, topic: "alerts/push.requested", payload: row!.payload as never, dedupKey: row!.dedupKey });
    expect(again).toBe(row!.id);
    expect(await rowsOf(org.orgId)).toHaveLength(1);
    const [a, b] = await Promise.all([dispatchOutbox(db, { ids: [row!.id] }), dispatchOutbox(db, { ids: [row!.id] })]);
    expect(a!.claimed + b!.claimed).toBe(1);
    expect(a!.done + b!.done).toBe(1);
    expect(requestsTo(path)).toHaveLength(1);
  });

  it("with an engine, a batch goes out as events named by topic whose ids are the dedup keys; a refused send is retried", async () => {
    const { org } = await orgWithDevice();
    await unanswerable(org);
    const [row] = await rowsOf(org.orgId);
    const sent: OutboxEvent[][] = [];
    let engineUp = false;
    const send = async (events: OutboxEvent[]) => {
      if (!engineUp) throw new Error("connect ECONNREFUSED 127.0.0.1:8288");
      sent.push(events);
    };
    const now = new Date();
    const down = await dispatchOutbox(db, { ids: [row!.id], send, now: () => now });
    expect(down).toMatchObject({ claimed: 1, done: 0, retrying: 1, failed: 0, nextRetryAt: new Date(now.getTime() + backoffMs(1)) });
    const [waiting] = await rowsOf(org.orgId);
    expect(waiting).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("ECONNREFUSED") });
    // not before its backoff
    expect((await dispatchOutbox(db, { ids: [row!.id], send, now: () => now })).claimed).toBe(0);
    engineUp = true;
    const due = new Date(now.getTime() + backoffMs(1));
    expect(await dispatchOutbox(db, { ids: [row!.id], send, now: () => due })).toMatchObject({ claimed: 1, done: 1 });
    expect(sent).toEqual([[{ name: "alerts/push.requested", data: row!.payload, id: row!.dedupKey }]]);
  });
});

describe("failures back off, are kept and shown, and Retry brings them back", () => {
  it("a device answering 500 is retried with backoff, the row is kept as failed after the last attempt, and an admin's Retry delivers it", async () => {
    const { org, path } = await orgWithDevice();
    local.answers.set(path, Array.from({ length: MAX_OUTBOX_ATTEMPTS }, () => 500));
    await unanswerable(org);
    const [row] = await rowsOf(org.orgId);
    let now = new Date();
    for (let attempt = 1; attempt <= MAX_OUTBOX_ATTEMPTS; attempt++) {
      const r = await dispatchOutbox(db, { ids: [row!.id], now: () => now });
      expect(r).toMatchObject(attempt < MAX_OUTBOX_ATTEMPTS ? { claimed: 1, retrying: 1 } : { claimed: 1, failed: 1 });
      // the next attempt is due exactly one backoff later, never sooner
      now = new Date(now.getTime() + backoffMs(attempt) - 1);
      expect((await dispatchOutbox(db, { ids: [row!.id], now: () => now })).claimed).toBe(0);
      now = new Date(now.getTime() + 1);
    }
    expect(requestsTo(path)).toHaveLength(MAX_OUTBOX_ATTEMPTS);
    const [failed] = await rowsOf(org.orgId);
    expect(failed).toMatchObject({ status: "failed", attempts: MAX_OUTBOX_ATTEMPTS, lastError: expect.stringContaining("500") });
    // nothing dispatches a failed row on its own
    expect((await dispatchOutbox(db, { ids: [row!.id], now: () => new Date(now.getTime() + 86_400_000) })).claimed).toBe(0);

    const health = await outboxHealth(db, { orgId: org.orgId });
    expect(health).toMatchObject({ pending: 0, failedCount: 1, failed: [{ id: row!.id, topic: "alerts/push.requested", attempts: MAX_OUTBOX_ATTEMPTS }] });

    // only owners and admins retry, and only their own org's rows
    await expect(retryFailedOutboxRow(db, { actor: await signInAs(db, org, "supervisor"), id: row!.id })).rejects.toMatchObject({ status: 403 });
    const other = await seedQuietOrg(db);
    await expect(retryFailedOutboxRow(db, { actor: await signInAs(db, other, "admin"), id: row!.id })).rejects.toMatchObject({ status: 404 });
    const admin = await signInAs(db, org, "admin");
    expect(await retryFailedOutboxRow(db, { actor: admin, id: row!.id })).toBe(row!.id);
    await expect(retryFailedOutboxRow(db, { actor: admin, id: row!.id })).rejects.toMatchObject({ status: 404 });
    expect(await db.select().from(auditLog).where(and(eq(auditLog.orgId, org.orgId), eq(auditLog.action, "outbox.retried")))).toHaveLength(1);

    await kickOutbox(db, [row!.id]);
    expect(requestsTo(path)).toHaveLength(MAX_OUTBOX_ATTEMPTS + 1);
    expect((await rowsOf(org.orgId))[0]).toMatchObject({ status: "done", attempts: 1 });
    expect(await outboxHealth(db, { orgId: org.orgId })).toMatchObject({ pending: 0, failedCount: 0, doneLastDay: 1 });
  });

  it("a row whose topic or payload can never work is kept as failed at once", async () => {
    const org = await seedQuietOrg(db);
    // due an hour from now, and dispatched as of then: a sweep another test's retry timer runs now can't take it first
    const due = new Date(Date.now() + 3_600_000);
    const [bad] = await db
      .insert(outbox)
      .values({ orgId: org.orgId, topic: "alerts/push.requested", payload: { kind: "nonsense" }, dedupKey: `bad:${randomUUID()}`, nextAttemptAt: due })
      .returning();
    expect(await dispatchOutbox(db, { ids: [bad!.id], now: () => due })).toMatchObject({ claimed: 1, failed: 1 });
    expect((await rowsOf(org.orgId))[0]).toMatchObject({ status: "failed", lastError: "payload not understood" });
  });
});
