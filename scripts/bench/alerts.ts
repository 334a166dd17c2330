/**
 * `npm run bench:alerts` — alert delivery (003_… budget: p99 ≤ 1 s from the signal to the push request leaving the
 * app). A local push service (node:http on 127.0.0.1, in a worker thread so its work stays off the app's event loop,
 * as a remote service's would) records when each push request arrives and answers 201. The org's supervisors get a
 * few devices (P-256 keys from node:crypto ECDH, endpoint http://127.0.0.1:<port>/push/<n>); deliverPush runs
 * in-process with its real transport (web-push builds the request, fetch sends it).
 * 1. latency: N sequential signals on distinct conversations — signal → raiseAlert (own transaction) → deliverPush →
 *    the push request reaching the push service (the last of the alert's devices); p50/p95/p99.
 * 2. throughput: M concurrent signals (Promise.all on the connection pool; PGlite serializes them) on distinct
 *    conversations: alerts/s sustained, p99 signal → push, and exactly one push per alert per device (none lost,
 *    none duplicated). Dedup window 24 h and storm threshold 1,000 (the maxima) and the signals spread over the four
 *    signal kinds, so storms do not group them (an alert storm grouping did take is reported as such).
 * 3. storm (information): M concurrent signals of one kind on a second org with the default settings (storm
 *    threshold 5): individual pushes, grouped pushes and pushes per device.
 * Every push is decrypted with its device's keys (aes128gcm) and its VAPID JWT verified, so what is counted is what a
 * browser would show. PASS/FAIL: signal → push p99 ≤ 1,000 ms in run 1 (003_… budget); in runs 1 and 2 nothing lost,
 * duplicated or undecryptable, and alert_deliveries agreeing with the push service — exits 1 on FAIL. Run 2's p99 is
 * printed against the same budget for information: a burst of 1,000 simultaneous failures is CPU-bound on 2 cores
 * (every push is encrypted for its device), so its last pushes leave seconds after the first.
 * Database: a fresh `tandem_bench` PostgreSQL database on BENCH_DATABASE_URL/TEST_DATABASE_URL/DATABASE_URL (local
 * hosts only) when one is set, else in-memory PGlite.
 * Options: --db pglite|postgres, --signals M concurrent signals (default 1000), --sequential N (default 300),
 * --devices D push devices per org (default 3), --pool P PostgreSQL connections (default 10, as the app opens),
 * --no-storm.
 */
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify, type ECDH } from "node:crypto";
import { Worker } from "node:worker_threads";
import { and, count, eq, gte, lt } from "drizzle-orm";
import webpush from "web-push";
import { openPglite, openPostgres, type Db } from "@/db/client";
import { createFreshDatabase } from "@/db/fresh-database";
import { alertDeliveries, alertGroups, alertSettings, conversations, memberships, type AgentSignal, type AgentSignalName } from "@/db/schema";
import { BUILT_IN_AGENT_NAME } from "@/lib/agent/channel-agent";
import { DEFAULT_ALERT_SETTINGS } from "@/lib/alerts/alert-settings";
import { deliverPush, topicOf, type DeliveryOutcome, type PushPayload } from "@/lib/alerts/deliver-push";
import { saveSubscription } from "@/lib/alerts/push-subscriptions";
import { raiseAlert, type RaisedAlert } from "@/lib/alerts/raise-alert";
import { vapidKeys } from "@/lib/alerts/vapid";
import { seedDemoOrg, type SeededOrg } from "@/lib/demo/seed-demo-org";
import { benchDatabase, intOption, option } from "./cli";

const BUDGET_P99_MS = 1000;
const BENCH_DATABASE = "tandem_bench";
const WARMUP = 20;


const { driver, source } = benchDatabase();
const concurrent = intOption("--signals", 1000, 1);
const sequential = intOption("--sequential", 300, 1);
const deviceCount = intOption("--devices", 3, 1);
const poolSize = intOption("--pool", 10, 1);
const stormRun = !process.argv.includes("--no-storm");
// env() is read lazily (first on a subscription or a push), so these apply. The push service is local plain HTTP:
process.env.TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS = "1";
// production sets the VAPID keys in the environment; a pair for this process keeps the bench from writing
// .data/secrets/vapid-keys
if (!process.env.VAPID_PUBLIC_KEY || !process.env.VAPID_PRIVATE_KEY) {
  const pair = webpush.generateVAPIDKeys();
  process.env.VAPID_PUBLIC_KEY = pair.publicKey;
  process.env.VAPID_PRIVATE_KEY = pair.privateKey;
}

// ---------------------------------------------------------------------------------------------------------------
// The push service, in a worker thread: records each request's arrival on the process-wide monotonic clock, before
// the body is read, and answers 201. The arrivals are handed over after each run.

/** ms on the monotonic clock shared by every thread of the process. */
const now = () => Number(process.hrtime.bigint()) / 1e6;

type Arrival = { at: number; device: number; topic: string; urgency: string; ttl: string; encoding: string; authorization: string; body: Buffer };

const PUSH_SERVICE = `
const { parentPort } = require("node:worker_threads");
const http = require("node:http");
const arrivals = [];
const server = http.createServer((req, res) => {
  const at = Number(process.hrtime.bigint()) / 1e6;
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const device = Number((/^\\/push\\/(\\d+)$/.exec(req.url || "") || [])[1] ?? -1);
    const header = (name) => String(req.headers[name] ?? "");
    arrivals.push({ at, device, topic: header("topic"), urgency: header("urgency"), ttl: header("ttl"), encoding: header("content-encoding"), authorization: header("authorization"), body: Buffer.concat(chunks) });
    res.writeHead(201, { location: "/message/" + arrivals.length });
    res.end();
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port }));
parentPort.on("message", (m) => {
  if (m === "drain") parentPort.postMessage({ arrivals: arrivals.splice(0) });
  if (m === "close") {
    server.closeAllConnections();
    server.close(() => parentPort.close());
  }
});
`;

const pushService = new Worker(PUSH_SERVICE, { eval: true });
const nextMessage = <T>() =>
  new Promise<T>((resolve, reject) => {
    pushService.once("message", resolve);
    pushService.once("error", reject);
  });
const { port } = await nextMessage<{ port: number }>();
const origin = `http://127.0.0.1:${port}`;
let totalArrivals = 0;
/** The pushes received since the last call. */
async function drainArrivals(): Promise<Arrival[]> {
  const reply = nextMessage<{ arrivals: (Omit<Arrival, "body"> & { body: Uint8Array })[] }>();
  pushService.postMessage("drain");
  const { arrivals } = await reply;
  totalArrivals += arrivals.length;
  return arrivals.map((a) => ({ ...a, body: Buffer.from(a.body.buffer, a.body.byteOffset, a.body.byteLength) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Devices: a browser's side of a push subscription, so every push can be decrypted and checked.

type Device = { n: number; ecdh: ECDH; publicKey: Buffer; auth: Buffer };
const devices: Device[] = [];

/** Registers `deviceCount` devices spread over the org's supervisors (saveSubscription, as the browser would). */
async function subscribeSupervisors(db: Db, orgId: string): Promise<Device[]> {
  const supervisors = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "supervisor"), eq(memberships.status, "active")));
  if (supervisors.length === 0) throw new Error("the seeded org has no supervisor");
  const mine: Device[] = [];
  for (let i = 0; i < deviceCount; i++) {
    const ecdh = createECDH("prime256v1");
    const publicKey = ecdh.generateKeys();
    const device: Device = { n: devices.length, ecdh, publicKey, auth: randomBytes(16) };
    await saveSubscription(db, {
      userId: supervisors[i % supervisors.length]!.userId,
      input: { endpoint: `${origin}/push/${device.n}`, keys: { p256dh: publicKey.toString("base64url"), auth: device.auth.toString("base64url") }, label: `Bench device ${device.n}` },
    });
    devices.push(device);
    mine.push(device);
  }
  return mine;
}

/** RFC 8291 / 8188: the push message as the browser decrypts it (one record). */
function decrypt(device: Device, body: Buffer): string {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const serverKey = body.subarray(21, 21 + idLength);
  const data = body.subarray(21 + idLength);
  const shared = device.ecdh.computeSecret(serverKey);
  const ikm = Buffer.from(hkdfSync("sha256", shared, device.auth, Buffer.concat([Buffer.from("WebPush: info\0"), device.publicKey, serverKey]), 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plain = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  let end = plain.length;
  while (end > 0 && plain[end - 1] === 0) end--;
  if (plain[end - 1] !== 2) throw new Error("no last-record padding delimiter");
  return plain.subarray(0, end - 1).toString("utf8");
}

const vapid = vapidKeys();
const vapidPublic = Buffer.from(vapid.publicKey, "base64url");
const vapidVerifyKey = createPublicKey({
  key: { kty: "EC", crv: "P-256", x: vapidPublic.subarray(1, 33).toString("base64url"), y: vapidPublic.subarray(33, 65).toString("base64url") },
  format: "jwk",
});

/** `Authorization: vapid t=<ES256 JWT>, k=<public key>`: our key, a valid signature, our origin as audience, not expired. */
function vapidValid(authorization: string): boolean {
  const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(authorization);
  if (!m || m[4] !== vapid.publicKey) return false;
  const signed = verify("sha256", Buffer.from(`${m[1]}.${m[2]}`), { key: vapidVerifyKey, dsaEncoding: "ieee-p1363" }, Buffer.from(m[3]!, "base64url"));
  const claims = JSON.parse(Buffer.from(m[2]!, "base64url").toString("utf8")) as { aud?: string; exp?: number };
  return signed && claims.aud === origin && (claims.exp ?? 0) > Date.now() / 1000;
}

type Received = Arrival & { payload: PushPayload | null; valid: boolean };

/** Decrypts and checks the pushes received since the last call (after a run: not on the measured path). */
async function receivedPushes(): Promise<Received[]> {
  return (await drainArrivals()).map((a) => {
    const device = devices[a.device];
    let payload: PushPayload | null = null;
    try {
      if (device) payload = JSON.parse(decrypt(device, a.body)) as PushPayload;
    } catch {
      payload = null;
    }
    const valid =
      payload !== null && a.encoding === "aes128gcm" && a.topic === topicOf(payload.tag) && ["high", "normal", "low"].includes(a.urgency) && Number(a.ttl) > 0 && vapidValid(a.authorization);
    return { ...a, payload, valid };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Signals → alerts → pushes.

type Conversation = { id: string; channelId: string; channelName: string };

/** `n` real conversation rows on the org's channels (so the alerts' foreign keys hold). */
async function createConversations(db: Db, org: SeededOrg, tag: string, n: number): Promise<Conversation[]> {
  const names = new Map(org.channels.map((c) => [c.id, c.name]));
  const out: Conversation[] = [];
  const createdAt = new Date();
  for (let start = 0; start < n; start += 500) {
    const rows = Array.from({ length: Math.min(500, n - start) }, (_, k) => {
      const i = start + k;
      return {
        orgId: org.orgId,
        channelId: org.channels[i % org.channels.length]!.id,
        externalId: `bench-alerts-${tag}-${i}`,
        contactId: `bench-contact-${tag}-${i}`,
        contactName: `Customer ${i}`,
        firstMessagePreview: "Where is my order?",
        lastMessageAt: createdAt,
      };
    });
    const inserted = await db.insert(conversations).values(rows).returning({ id: conversations.id, channelId: conversations.channelId });
    out.push(...inserted.map((r) => ({ ...r, channelName: names.get(r.channelId)! })));
  }
  return out;
}

const KINDS: AgentSignalName[] = ["low_confidence", "unexpected_handoff", "message_cap", "agent_error"];
function signalOf(kind: AgentSignalName, i: number): AgentSignal {
  switch (kind) {
    case "low_confidence":
      return { signal: kind, value: 0.1 + (i % 30) / 100, threshold: 0.45 };
    case "unexpected_handoff":
      return { signal: kind, value: "handover_keyword", detail: "manager" };
    case "message_cap":
      return { signal: kind, value: 20, threshold: 20 };
    case "agent_error":
      return { signal: kind, value: "model call timed out" };
    default:
      return { signal: kind, value: "engine_failed" };
  }
}

type Outcome = { t0: number; committed: number; done: number; raised: RaisedAlert | null; delivery: DeliveryOutcome | null; error: string | null };

/** One signal: raiseAlert in its own transaction, then (after commit) deliverPush in-process, as emitAlertPushes does. */
async function signalToPush(db: Db, orgId: string, conversation: Conversation, signal: AgentSignal): Promise<Outcome> {
  const t0 = now();
  let committed = t0;
  let raised: RaisedAlert | null = null;
  try {
    raised = await db.transaction((tx) =>
      raiseAlert(tx, {
        orgId,
        signal,
        conversationId: conversation.id,
        channelId: conversation.channelId,
        channelName: conversation.channelName,
        agentId: null,
        agentName: BUILT_IN_AGENT_NAME,
        agentVersionId: null,
        at: new Date(),
      }),
    );
    committed = now();
    const delivery = raised.push ? await deliverPush(db, raised.push) : null;
    return { t0, committed, done: now(), raised, delivery, error: null };
  } catch (e) {
    return { t0, committed, done: now(), raised, delivery: null, error: e instanceof Error ? e.message : String(e) };
  }
}

type Analysis = {
  latencies: number[]; // signal → the last device's push arrival, per alert with a complete delivery
  firsts: number[]; // signal → the first device's push arrival
  commits: number[]; // signal → commit (queueing for a connection included)
  individual: number; // alerts that asked for their own push
  grouped: number; // alerts storm grouping took (no push of their own)
  groupPushes: number; // grouped pushes requested
  repeats: number; // raiseAlert found an open alert (should not happen: distinct conversations)
  errors: string[];
  expected: number; // pushes that should have reached a device
  received: number;
  lost: number;
  duplicated: number;
  stray: number; // pushes for no alert of this run, or to another org's device
  invalid: number; // undecryptable, or a bad header / VAPID token
  lastArrival: number;
};

function analyse(results: Outcome[], received: Received[], orgDevices: Device[]): Analysis {
  const mine = new Set(orgDevices.map((d) => d.n));
  const byAlert = new Map<string, Received[]>();
  const groupByDevice = new Map<number, number>();
  const a: Analysis = { latencies: [], firsts: [], commits: [], individual: 0, grouped: 0, groupPushes: 0, repeats: 0, errors: [], expected: 0, received: received.length, lost: 0, duplicated: 0, stray: 0, invalid: 0, lastArrival: 0 };
  for (const r of received) {
    a.lastArrival = Math.max(a.lastArrival, r.at);
    if (!r.valid || !r.payload) {
      a.invalid++;
      continue;
    }
    if (!mine.has(r.device)) a.stray++;
    else if (r.payload.alertId) byAlert.set(r.payload.alertId, [...(byAlert.get(r.payload.alertId) ?? []), r]);
    else groupByDevice.set(r.device, (groupByDevice.get(r.device) ?? 0) + 1);
  }
  const expectedAlerts = new Set<string>();
  for (const o of results) {
    if (o.error) a.errors.push(o.error);
    if (!o.raised) continue;
    a.commits.push(o.committed - o.t0);
    if (!o.raised.created) a.repeats++;
    const push = o.raised.push;
    if (!push) {
      if (o.raised.created) a.grouped++;
      continue;
    }
    if (push.kind === "group") {
      a.grouped++;
      a.groupPushes++;
      continue;
    }
    a.individual++;
    expectedAlerts.add(push.alertId);
    const got = byAlert.get(push.alertId) ?? [];
    for (const d of orgDevices) {
      const n = got.filter((g) => g.device === d.n).length;
      a.expected++;
      if (n === 0) a.lost++;
      if (n > 1) a.duplicated += n - 1;
    }
    if (got.length > 0 && orgDevices.every((d) => got.some((g) => g.device === d.n))) {
      a.latencies.push(Math.max(...got.map((g) => g.at)) - o.t0);
      a.firsts.push(Math.min(...got.map((g) => g.at)) - o.t0);
    }
  }
  for (const [alertId, got] of byAlert) if (!expectedAlerts.has(alertId)) a.stray += got.length;
  // grouped pushes: one per group push requested, per device
  for (const d of orgDevices) {
    const n = groupByDevice.get(d.n) ?? 0;
    a.expected += a.groupPushes;
    if (n < a.groupPushes) a.lost += a.groupPushes - n;
    if (n > a.groupPushes) a.duplicated += n - a.groupPushes;
  }
  return a;
}

const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
const pct = (xs: number[], q: number) => (xs.length === 0 ? NaN : xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!);
const ms = (x: number) => `${x.toFixed(1)} ms`;
const percentiles = (xs: number[]) => {
  const s = sorted(xs);
  return `p50 ${ms(pct(s, 0.5))}, p95 ${ms(pct(s, 0.95))}, p99 ${ms(pct(s, 0.99))}, max ${ms(s.at(-1) ?? NaN)}`;
};
const integrity = (a: Analysis) =>
  `${a.received} pushes received for ${a.expected} expected: ${a.lost} lost, ${a.duplicated} duplicated, ${a.stray} stray, ${a.invalid} undecryptable/invalid` +
  (a.errors.length > 0 ? `; ${a.errors.length} signal(s) failed (first: ${a.errors[0]})` : "") +
  (a.repeats > 0 ? `; ${a.repeats} counted as repeats of an open alert` : "");
const sound = (a: Analysis) => a.lost === 0 && a.duplicated === 0 && a.stray === 0 && a.invalid === 0 && a.errors.length === 0 && a.repeats === 0;

/** `n` signals at once on fresh conversations; returns the outcomes and the wall time until the last one finished. */
async function burst(db: Db, org: SeededOrg, tag: string, n: number, kindOf: (i: number) => AgentSignalName) {
  const convs = await createConversations(db, org, tag, n);
  const started = now();
  const results = await Promise.all(convs.map((c, i) => signalToPush(db, org.orgId, c, signalOf(kindOf(i), i))));
  const seconds = (Math.max(...results.map((r) => r.done)) - started) / 1000;
  return { results, started, seconds };
}

// ---------------------------------------------------------------------------------------------------------------

const setupStarted = now();
const handle = driver === "postgres" ? await openPostgres(await createFreshDatabase(source!, BENCH_DATABASE), { max: poolSize }) : await openPglite();
const { db } = handle;
const org = await seedDemoOrg(db, { slug: "bench-alerts", emailDomain: "bench-alerts.tandem.test" });
// storms must not group the measured alerts: the widest dedup window and the highest storm threshold allowed
await db.insert(alertSettings).values({ orgId: org.orgId, dedupWindowMinutes: 1440, stormThreshold: 1000, severities: {} });
const orgDevices = await subscribeSupervisors(db, org.orgId);
console.log(
  `alert delivery on ${driver === "postgres" ? `PostgreSQL (${BENCH_DATABASE}, pool ${poolSize})` : "PGlite (in memory)"}: push service ${origin}, ` +
    `${orgDevices.length} supervisor device(s) — ` +
    `set up in ${((now() - setupStarted) / 1000).toFixed(1)} s`,
);

let pass = true;

// warm-up (not measured)
{
  const convs = await createConversations(db, org, "warm", WARMUP);
  for (const [i, c] of convs.entries()) await signalToPush(db, org.orgId, c, signalOf(KINDS[i % KINDS.length]!, i));
  await drainArrivals();
}

// 1. latency, sequential
{
  const convs = await createConversations(db, org, "seq", sequential);
  const results: Outcome[] = [];
  for (const [i, c] of convs.entries()) results.push(await signalToPush(db, org.orgId, c, signalOf(KINDS[i % KINDS.length]!, i)));
  const a = analyse(results, await receivedPushes(), orgDevices);
  const p99 = pct(sorted(a.latencies), 0.99);
  const ok = p99 <= BUDGET_P99_MS && sound(a) && a.latencies.length === sequential;
  pass &&= ok;
  console.log(`1. latency — ${sequential} sequential signals on distinct conversations (after ${WARMUP} warm-up signals):`);
  console.log(`  signal → push received (all ${orgDevices.length} devices): ${percentiles(a.latencies)}`);
  console.log(`  signal → first device: ${percentiles(a.firsts)}; signal → alert committed: ${percentiles(a.commits)}`);
  console.log(`  ${integrity(a)}`);
  console.log(`  ${ok ? "PASS" : "FAIL"}: p99 ${ms(p99)} ${p99 <= BUDGET_P99_MS ? "≤" : ">"} budget ${BUDGET_P99_MS} ms${sound(a) ? "" : " — pushes lost, duplicated or invalid"}`);
}

// 2. throughput, concurrent
{
  const { results, started, seconds } = await burst(db, org, "burst", concurrent, (i) => KINDS[i % KINDS.length]!);
  const a = analyse(results, await receivedPushes(), orgDevices);
  const p99 = pct(sorted(a.latencies), 0.99);
  const ok = sound(a) && a.latencies.length + a.grouped === concurrent;
  pass &&= ok;
  console.log(`2. throughput — ${concurrent} concurrent signals on distinct conversations (the four signal kinds in turn):`);
  console.log(
    `  ${(concurrent / seconds).toFixed(0)} alerts/s sustained (${seconds.toFixed(2)} s until every delivery was recorded; last push received after ` +
      `${((a.lastArrival - started) / 1000).toFixed(2)} s) — ${(a.received / seconds).toFixed(0)} pushes/s`,
  );
  console.log(`  signal → push received (all devices): ${percentiles(a.latencies)}`);
  console.log(`  signal → first device: ${percentiles(a.firsts)}; signal → alert committed: ${percentiles(a.commits)}`);
  console.log(`  ${a.individual} alerts pushed individually${a.grouped > 0 ? `, ${a.grouped} taken by storm grouping (${a.groupPushes} grouped push(es)) — lower --signals to measure individual pushes only` : ""}; ${integrity(a)}`);
  console.log(`  ${ok ? "PASS" : "FAIL"} (none lost, duplicated or invalid)${sound(a) ? "" : " — pushes lost, duplicated or invalid"}; burst p99 ${ms(p99)} ${p99 <= BUDGET_P99_MS ? "≤" : ">"} ${BUDGET_P99_MS} ms (information: CPU-bound burst)`);
}

// 3. storm-grouped variant (information only)
if (stormRun) {
  const stormOrg = await seedDemoOrg(db, { slug: "bench-alerts-storm", emailDomain: "bench-alerts-storm.tandem.test" });
  const stormDevices = await subscribeSupervisors(db, stormOrg.orgId);
  const threshold = DEFAULT_ALERT_SETTINGS.stormThreshold;
  const { results, started, seconds } = await burst(db, stormOrg, "storm", concurrent, () => "low_confidence");
  const a = analyse(results, await receivedPushes(), stormDevices);
  const groups = await db.select({ alerts: alertGroups.alertCount }).from(alertGroups).where(eq(alertGroups.orgId, stormOrg.orgId));
  console.log(`3. storm (information) — ${concurrent} concurrent low-confidence signals, one agent, default settings (storm threshold ${threshold}):`);
  console.log(
    `  ${(concurrent / seconds).toFixed(0)} alerts/s; ${a.individual} individual push(es) + ${a.groupPushes} grouped push(es) ` +
      `(${groups.length} group(s) holding ${groups.reduce((sum, g) => sum + g.alerts, 0)} alerts); last push received after ${((a.lastArrival - started) / 1000).toFixed(2)} s`,
  );
  console.log(`  signal → push received, alerts pushed individually: ${percentiles(a.latencies)}`);
  console.log(`  ${integrity(a)}`);
  const expectedIndividual = Math.min(concurrent, threshold);
  if (a.individual !== expectedIndividual || a.groupPushes !== (concurrent > threshold ? 1 : 0)) {
    console.log(
      `  NOTE: storm grouping should have sent ${expectedIndividual} individual push(es) and ${concurrent > threshold ? 1 : 0} grouped one`,
    );
  }
}

// what deliverPush recorded matches what the push service received (2xx, every org)
{
  const [recorded] = await db.select({ n: count() }).from(alertDeliveries).where(and(gte(alertDeliveries.statusCode, 200), lt(alertDeliveries.statusCode, 300)));
  const agrees = recorded!.n === totalArrivals;
  pass &&= agrees;
  console.log(`alert_deliveries: ${recorded!.n} successful attempts recorded for ${totalArrivals} pushes received${agrees ? "" : " — MISMATCH"}`);
}

await handle.close();
pushService.postMessage("close");
await new Promise((resolve) => pushService.once("exit", resolve));
console.log(pass ? "PASS" : "FAIL");
if (!pass) process.exitCode = 1;
