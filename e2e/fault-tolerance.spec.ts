/**
 * Issue 16's fault test, on PostgreSQL (skipped on PGlite): a built `next start` of its own (fresh `tandem_fault`
 * database, embedded scheduler, a local push service and a Chatwoot stand-in) takes a burst of 500 failure signals
 * (customer messages the agent cannot answer, each raising an alert pushed on its own) and 50 signed Chatwoot
 * deliveries, and is killed with SIGKILL while the burst is in flight. Then it is started again, and nobody opens a
 * page: every alert committed before the kill gets exactly one push, and every delivery answered 202 is processed
 * exactly once. Then (root on a local server only, as on CI) the PostgreSQL cluster itself is stopped and started in
 * the middle of another burst: only 200 or 503 answers, every 200 stored, and the same server works again.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { signChatwoot } from "@/lib/chatwoot/signature";
import { signWebhook } from "@/lib/ingest/sign";
import { startChatwootStandin, type ChatwootStandin } from "@/test/chatwoot-standin";
import { newDeviceKeys, startPushService, subscriptionInput, type PushService } from "@/test/push-service-server";

const execFileAsync = promisify(execFile);
const source = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
// skipped only off CI: CI (`.ci/run`, CI=true) has the PostgreSQL server and its cluster, so there a missing one fails
// the test instead of hiding it
const onCi = Boolean(process.env.CI);
test.skip(!source && !onCi, "the fault test kills a server on PostgreSQL (set TEST_DATABASE_URL)");
test.describe.configure({ mode: "serial" });

const PORT = 3291;
const BASE = `http://127.0.0.1:${PORT}`;
const SIGNALS = 500;
const DELIVERIES = 50;
const SECRET = "cw-fault-webhook-secret";
const INBOX = 21;

let server: ChildProcess | null = null;
mkdirSync(path.resolve("test-results"), { recursive: true });
const serverLog = openSync(path.resolve("test-results/fault-server.log"), "a");
let push: PushService;
let standin: ChatwootStandin;
/** what the first test leaves for the second: the database, the shop's first channel */
let shared: { url: string; close: () => Promise<void>; channel: { id: string; secret: string }; orgId: string } | null = null;

/** One signed customer message the agent cannot answer (a failure signal) to the fault server. */
function signal(channel: { id: string; secret: string }, id: string): Promise<Response> {
  const raw = JSON.stringify({ channel_id: channel.id, conversation_id: `fault-${id}`, message_id: `m-${id}`, contact: { id: `wa:6281${id}` }, text: `qwzx plorb zeppelin kumquat ${id}?`, sent_at: new Date().toISOString() });
  return fetch(`${BASE}/api/webhooks/incoming-message`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(channel.secret, raw) } });
}

/** Starts `next start` on the fault database (the embedded scheduler runs, as for a new user). */
async function startServer(databaseUrl: string): Promise<void> {
  server = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    // the server's own log, for a failure's post-mortem
    stdio: ["ignore", serverLog, serverLog],
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1", TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS: "1" },
  });
  await expect(async () => {
    expect((await fetch(`${BASE}/login`)).status).toBe(200);
  }).toPass({ timeout: 60_000, intervals: [250] });
}

test.afterAll(async () => {
  await shared?.close();
  server?.kill("SIGKILL");
  await push?.close();
  await standin?.close();
});

test("SIGKILL mid-burst, then a restart: every committed alert is pushed once, every accepted Chatwoot delivery processed once", async () => {
  test.setTimeout(6 * 60_000);
  if (!source) throw new Error("CI must run this test: no PostgreSQL server (TEST_DATABASE_URL) is configured");
  const { createFreshDatabase } = await import("@/db/fresh-database");
  const { openPostgres } = await import("@/db/client");
  const { alertSettings, alertDeliveries, alerts, channelIntegrations, conversations, messages, outbox } = await import("@/db/schema");
  const { seedDemoOrg } = await import("@/lib/demo/seed-demo-org");
  const { saveSubscription } = await import("@/lib/alerts/push-subscriptions");
  const { topicOf } = await import("@/lib/alerts/deliver-push");
  const { saveChatwootLink } = await import("@/lib/chatwoot/link");
  const { signInAs, userIdOf } = await import("@/test/members");
  const { and, eq, inArray, isNull, sql } = await import("drizzle-orm");

  const url = await createFreshDatabase(source!, "tandem_fault");
  const handle = await openPostgres(url, { max: 4 });
  const { db } = handle;
  push = await startPushService();
  standin = await startChatwootStandin();

  // the shop: split off (every message to the bot), every alert pushed on its own, one supervisor device
  const org = { ...(await seedDemoOrg(db, { slug: "fault", name: "Fault shop", emailDomain: "fault.tandem.test" })), emailDomain: "fault.tandem.test" };
  await db.update(channelIntegrations).set({ trafficSplitEnabled: false, botPercent: 100 }).where(eq(channelIntegrations.orgId, org.orgId));
  await db.insert(alertSettings).values({ orgId: org.orgId, stormThreshold: 1000 });
  await saveSubscription(db, { userId: await userIdOf(db, org, "supervisor"), input: subscriptionInput(push.endpoint(), newDeviceKeys()) });
  const link = await saveChatwootLink(db, {
    actor: await signInAs(db, org, "owner"),
    input: { baseUrl: standin.url, accountId: standin.accountId, apiToken: standin.token, webhookSecret: SECRET, inboxes: [{ inboxId: INBOX, channelId: org.channels[1]!.id }] },
  });
  await startServer(url);

  const channel = org.channels[0]!;
  const fixture = readFileSync(path.resolve("test/fixtures/chatwoot/message_created.incoming.json"), "utf8");
  const delivery = (i: number) => {
    const json = JSON.parse(fixture);
    const conversationId = 5_000 + i;
    json.id = 90_000 + i;
    json.content = "Where is my order? It has not arrived yet.";
    json.created_at = new Date().toISOString();
    json.inbox.id = INBOX;
    json.conversation.id = conversationId;
    json.conversation.inbox_id = INBOX;
    json.sender.id = json.conversation.meta.sender.id = 70_000 + i;
    const body = JSON.stringify(json);
    const timestamp = Math.floor(Date.now() / 1000);
    return fetch(`${BASE}/api/webhooks/chatwoot/${link.id}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-chatwoot-timestamp": String(timestamp), "x-chatwoot-delivery": `fault-${i}`, "x-chatwoot-signature": signChatwoot(SECRET, timestamp, body) },
    });
  };

  // the burst: 550 requests, 16 at a time; the server is killed once 40 % of them have been answered
  // a Chatwoot delivery after every tenth signal
  const work: { kind: "signal" | "delivery"; i: number }[] = [];
  for (let i = 0; i < SIGNALS; i++) {
    work.push({ kind: "signal", i });
    if (i % (SIGNALS / DELIVERIES) === SIGNALS / DELIVERIES - 1) work.push({ kind: "delivery", i: work.filter((w) => w.kind === "delivery").length });
  }
  const answers: { kind: "signal" | "delivery"; i: number; status: number }[] = [];
  let next = 0;
  let killed = false;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (!killed && next < work.length) {
        const item = work[next++]!;
        try {
          const res = item.kind === "signal" ? await signal(channel, String(item.i)) : await delivery(item.i);
          await res.arrayBuffer();
          answers.push({ ...item, status: res.status });
        } catch {
          answers.push({ ...item, status: 0 }); // in flight when the server died
        }
        if (!killed && answers.length >= work.length * 0.4) {
          killed = true;
          server!.kill("SIGKILL");
        }
      }
    }),
  );
  expect(killed).toBe(true);
  // only answers a client can act on: 2xx stored, or no answer at all (the sender retries) — never a 5xx
  expect(answers.filter((a) => a.status >= 300 && a.status !== 0)).toEqual([]);
  const accepted = answers.filter((a) => a.kind === "delivery" && a.status === 202).map((a) => a.i);
  expect(accepted.length).toBeGreaterThan(0);

  // the restart; nobody opens a page
  // what the kill left behind (information: the recovery below must handle whatever it is)
  const [left] = await db
    .select({
      pending: sql<number>`(SELECT count(*) FROM outbox WHERE org_id = ${org.orgId} AND status = 'pending')`.mapWith(Number),
      undecided: sql<number>`(SELECT count(*) FROM alerts WHERE org_id = ${org.orgId} AND storm_checked_at IS NULL)`.mapWith(Number),
      alerts: sql<number>`(SELECT count(*) FROM alerts WHERE org_id = ${org.orgId})`.mapWith(Number),
    })
    .from(sql`(SELECT 1) AS one`);
  console.log(`[fault] killed after ${answers.length} answers (${accepted.length} Chatwoot deliveries accepted); left: ${JSON.stringify(left)}, pushes so far ${push.requests.length}`);
  const dead = server!;
  if (dead.exitCode === null && dead.signalCode === null) await new Promise((resolve) => dead.once("exit", resolve));
  await startServer(url);
  // everything drains: no outbox row waiting, no alert undecided (the sweep waits 30 s for a live request to decide it)
  await expect(async () => {
    const [waiting] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(outbox).where(and(eq(outbox.orgId, org.orgId), eq(outbox.status, "pending")));
    const [undecided] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(alerts).where(and(eq(alerts.orgId, org.orgId), isNull(alerts.stormCheckedAt)));
    expect({ waiting: waiting!.n, undecided: undecided!.n }).toEqual({ waiting: 0, undecided: 0 });
  }).toPass({ timeout: 180_000, intervals: [2_000] });

  // every committed alert: its push reached the device, recorded once
  const committed = await db.select({ id: alerts.id, dedupKey: alerts.dedupKey }).from(alerts).where(eq(alerts.orgId, org.orgId));
  const answeredSignals = answers.filter((a) => a.kind === "signal" && a.status === 200).length;
  expect(committed.length).toBeGreaterThanOrEqual(answeredSignals);
  const delivered = await db
    .select({ alertId: alertDeliveries.alertId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.orgId, org.orgId), sql`${alertDeliveries.statusCode} BETWEEN 200 AND 299`))
    .groupBy(alertDeliveries.alertId);
  expect(delivered.filter((d) => d.n !== 1)).toEqual([]);
  expect(new Set(delivered.map((d) => d.alertId))).toEqual(new Set(committed.map((c) => c.id)));
  // at the push service: each alert's push (by its Topic); a push the kill caught between the push service's answer and
  // its record is sent once more after the restart — same Topic and tag, so it replaces itself on the device
  const topics = push.requests.map((r) => String(r.headers.topic));
  expect(new Set(topics)).toEqual(new Set(committed.map((c) => topicOf(c.dedupKey))));
  expect(topics.length - committed.length).toBeLessThanOrEqual(16);
  expect(await db.select({ id: outbox.id }).from(outbox).where(and(eq(outbox.orgId, org.orgId), eq(outbox.status, "failed")))).toEqual([]);

  // every accepted Chatwoot delivery: its message stored once, its work done once (one note or hand-over at most)
  const stored = await db
    .select({ externalId: messages.externalId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(messages)
    .where(and(eq(messages.orgId, org.orgId), inArray(messages.externalId, accepted.map((i) => String(90_000 + i)))))
    .groupBy(messages.externalId);
  expect(stored.map((s) => s.externalId).sort()).toEqual(accepted.map((i) => String(90_000 + i)).sort());
  expect(stored.filter((s) => s.n !== 1)).toEqual([]);
  for (const i of accepted) expect(standin.notes(5_000 + i).length).toBeLessThanOrEqual(1);
  // … and finished: a draft waiting for approval (one), or the conversation handed to a human — never left half-done
  const outcomes = await db
    .select({ externalId: conversations.externalId, status: conversations.status, handoverAt: conversations.handoverAt, drafts: sql<number>`(SELECT count(*) FROM approvals a WHERE a.conversation_id = "conversations"."id")`.mapWith(Number) })
    .from(conversations)
    .where(and(eq(conversations.channelId, org.channels[1]!.id), inArray(conversations.externalId, accepted.map((i) => String(5_000 + i)))));
  expect(outcomes).toHaveLength(accepted.length);
  expect(outcomes.filter((o) => !(o.drafts === 1 || (o.drafts === 0 && (o.status !== "OPEN" || o.handoverAt !== null))))).toEqual([]);
  shared = { url, close: () => handle.close(), channel: { id: channel.id, secret: channel.secret }, orgId: org.orgId };
});

/** The machine's PostgreSQL cluster, when this process may stop and start it (CI's machine: root, a local server). */
function localCluster(): string | null {
  if (!source || !/@(127\.0\.0\.1|localhost)[:/]/.test(source) || process.getuid?.() !== 0) return null;
  try {
    return readdirSync("/etc/postgresql")[0] ?? null;
  } catch {
    return null;
  }
}

test("PostgreSQL stopped (until a 503, 15 s at most) and started mid-burst: only 2xx or 503 answers, every 2xx stored, and it works again without a restart", async () => {
  test.setTimeout(4 * 60_000);
  const version = localCluster();
  test.skip((!version || !shared) && !onCi, "needs the machine's own PostgreSQL cluster (root on a local server) and the first test's server");
  if (!version || !shared) throw new Error("CI must run this test: the machine's PostgreSQL cluster (pg_ctlcluster, root) or the first test's server is missing");
  const { channel, orgId } = shared!;
  const { openPostgres } = await import("@/db/client");
  const { messages } = await import("@/db/schema");
  const { and, eq, inArray } = await import("drizzle-orm");
  // asynchronous, like any sender's own work: a synchronous call would freeze this client's sockets for the whole
  // shutdown (30 s under load) while the server closes its idle keep-alive connections (5 s), and the client would then
  // send on a socket already closed — a client artifact ("other side closed"), not the server's answer
  const pg = async (action: "stop" | "start") => {
    await execFileAsync("pg_ctlcluster", ["--skip-systemctl-redirect", version!, "main", action, ...(action === "stop" ? ["-m", "fast"] : [])]);
    console.log(`[fault] ${new Date().toISOString()} PostgreSQL ${action === "stop" ? "stopped" : "started"}`);
  };

  const answers: { id: string; status: number; error?: string }[] = [];
  let next = 0;
  let stopped = false;
  let restarted = false;
  try {
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        // the burst goes on until the cluster is back, however long the outage lasts
        while (next < 300 || (stopped && !restarted)) {
          const id = `pg-${next++}`;
          try {
            const res = await signal(channel, id);
            await res.arrayBuffer();
            answers.push({ id, status: res.status });
          } catch (error) {
            // no HTTP answer: the reason (undici puts the socket's in `cause`) and when, for the post-mortem
            const cause = (error as { cause?: unknown }).cause;
            answers.push({ id, status: 0, error: `${new Date().toISOString()} ${String(error)}${cause ? ` (${String(cause)})` : ""}` });
          }
          if (!stopped && answers.length >= 60) {
            stopped = true;
            // this worker waits for the shutdown; the other 15 go on sending
            await pg("stop");
            // started again once the webhook has answered a 503 during the outage (or after 15 s at most): a fixed 3 s
            // outage could fall between requests that were slow to connect and then succeeded after the restart
            const stoppedAt = Date.now();
            const restart = setInterval(() => {
              if (!answers.some((a) => a.status === 503) && Date.now() - stoppedAt < 15_000) return;
              clearInterval(restart);
              void pg("start").then(() => (restarted = true));
            }, 250);
          }
        }
      }),
    );
  } finally {
    // whatever happened, the cluster runs again for the tests after this one
    await expect(async () => expect(execFileSync("pg_isready", ["-h", "127.0.0.1", "-p", "5432"]).toString()).toContain("accepting")).toPass({ timeout: 60_000, intervals: [500] });
  }
  console.log(`[fault] PostgreSQL restart: ${answers.filter((a) => a.status === 200).length} answered 200, ${answers.filter((a) => a.status === 503).length} answered 503`);
  // only 200 or 503 (a 503 when a statement fails fast; most requests in flight wait for the reconnect and succeed —
  // in CI a 15 s outage often ends with no 503 at all), and below: nothing answered 200 is lost
  expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
  expect(answers.length).toBeGreaterThanOrEqual(300);

  // every 200 is stored (read on a fresh connection, after the restart)
  const check = await openPostgres(shared!.url, { max: 1 });
  const ok = answers.filter((a) => a.status === 200).map((a) => `m-${a.id}`);
  const stored = await check.db.select({ externalId: messages.externalId }).from(messages).where(and(eq(messages.orgId, orgId), inArray(messages.externalId, ok)));
  expect(stored.map((m) => m.externalId).sort()).toEqual([...ok].sort());
  await check.close();
  // and the same server takes messages again, with no restart
  await expect(async () => expect((await signal(channel, `after-${Date.now()}`)).status).toBe(200)).toPass({ timeout: 60_000, intervals: [1_000] });
});
