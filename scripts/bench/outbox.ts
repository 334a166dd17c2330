/**
 * `npm run bench:outbox` — the transactional outbox (issue 16 item 2) on PostgreSQL (BENCH_DATABASE_URL /
 * TEST_DATABASE_URL / DATABASE_URL, local hosts only; a fresh `tandem_bench_outbox` database):
 * 1. dispatch throughput: `--rows` pending rows (default 20,000) drained by 1 and by 4 dispatchers at once, (a) sent to
 *    an engine that accepts every batch at once (what the dispatcher itself costs: claim, send, settle) and (b) run
 *    in-process with a topic whose handler does nothing; every row must end done exactly once;
 * 2. what the outbox write adds to the incoming-message webhook: `--messages` (default 300) customer messages the agent
 *    cannot answer (each raises an alert whose push is written to the outbox) sent one at a time through the signed
 *    webhook over real HTTP, their p50; and the p50 of the decision transaction with and without its outbox insert
 *    (`--samples`, default 2,000, alternating): the difference is what the write adds, also shown as a share of the
 *    webhook's p50.
 * Targets (2 cores): ≥ 1,000 rows/s dispatched, ≤ 2 ms added at p50. Prints PASS/FAIL.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { quantileSorted } from "simple-statistics";
import { intOption } from "./cli";

process.env.TANDEM_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
const { openPostgres } = await import("@/db/client");
const { createFreshDatabase } = await import("@/db/fresh-database");
const { alertSettings, outbox } = await import("@/db/schema");
const { seedDemoOrg } = await import("@/lib/demo/seed-demo-org");
const { seedDemoAgent } = await import("@/lib/demo/seed-demo-agent");
const { handleIncomingMessage } = await import("@/lib/ingest/handle-incoming-message");
const { signWebhook } = await import("@/lib/ingest/sign");
const { enqueueOutbox } = await import("@/lib/outbox/enqueue");
const { drainOutbox } = await import("@/lib/outbox/run-outbox");
const { serve } = await import("@/test/http");

const TARGET_ROWS_S = 1000;
const TARGET_ADDED_MS = 2;

const rowCount = intOption("--rows", 20_000, 100);
const messageCount = intOption("--messages", 300, 20);
const samples = intOption("--samples", 2000, 100);
const source = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!source) {
  console.error("bench:outbox measures PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL (a local server).");
  process.exit(2);
}

const url = await createFreshDatabase(source, "tandem_bench_outbox");
const handle = await openPostgres(url, { max: 10 });
const { db } = handle;
const org = await seedDemoOrg(db, { slug: "bench-outbox", name: "Bench outbox", emailDomain: "bench-outbox.tandem.test" });
await seedDemoAgent(db, org);
// every alert gets its own push (no storm grouping), so every message writes one outbox row
await db.insert(alertSettings).values({ orgId: org.orgId, stormThreshold: 1000 }).onConflictDoUpdate({ target: alertSettings.orgId, set: { stormThreshold: 1000 } });

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const p = (sorted: number[], q: number) => quantileSorted(sorted, q);
const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
console.log(`bench:outbox · PostgreSQL · ${new Date().toISOString().slice(0, 10)} · ${rowCount.toLocaleString("en")} rows, ${messageCount} messages`);

// 1. dispatch throughput
async function fill(): Promise<void> {
  await db.delete(outbox);
  for (let i = 0; i < rowCount; i += 1000) {
    const n = Math.min(1000, rowCount - i);
    await db.insert(outbox).values(
      Array.from({ length: n }, () => ({ orgId: org.orgId, topic: "approvals/approval.decided", payload: { approvalId: randomUUID() }, dedupKey: `bench:${randomUUID()}` })),
    );
  }
  await db.execute(sql`ANALYZE outbox`);
}

let throughputOk = true;
for (const mode of ["engine", "in-process"] as const) {
  for (const dispatchers of [1, 4]) {
    await fill();
    const sentIds: string[] = [];
    const send = mode === "engine" ? async (events: { id: string }[]) => void sentIds.push(...events.map((e) => e.id)) : null;
    const t0 = process.hrtime.bigint();
    await Promise.all(Array.from({ length: dispatchers }, () => drainOutbox(db, { send, maxBatches: Number.MAX_SAFE_INTEGER })));
    const seconds = ms(t0) / 1000;
    const [state] = await db
      .select({ done: sql<number>`count(*) FILTER (WHERE status = 'done' AND attempts = 1)`.mapWith(Number), other: sql<number>`count(*) FILTER (WHERE status <> 'done' OR attempts <> 1)`.mapWith(Number) })
      .from(outbox);
    const exactlyOnce = state!.done === rowCount && state!.other === 0 && (mode !== "engine" || (sentIds.length === rowCount && new Set(sentIds).size === rowCount));
    const rate = rowCount / seconds;
    const ok = rate >= TARGET_ROWS_S && exactlyOnce;
    throughputOk &&= ok;
    console.log(
      `dispatch ${mode.padEnd(10)} ${dispatchers} dispatcher${dispatchers > 1 ? "s" : " "} ${rate.toFixed(0).padStart(6)} rows/s · ${seconds.toFixed(2)} s · ${exactlyOnce ? "each row done once" : "ROWS LOST OR DUPLICATED"}  ${verdict(ok)}`,
    );
  }
}
await db.delete(outbox);

// 2. what the write adds to the webhook
const server = await serve((req) => handleIncomingMessage(db, req));
const channel = org.channels[0]!;
const latencies: number[] = [];
for (let i = 0; i < messageCount; i++) {
  const raw = JSON.stringify({
    channel_id: channel.id,
    conversation_id: `bench-${randomUUID()}`,
    message_id: `m-${i}`,
    contact: { id: `wa:62${800000000 + i}` },
    text: `qwzx plorb zeppelin kumquat ${i}?`,
    sent_at: new Date().toISOString(),
  });
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${server.url}/api/webhooks/incoming-message`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(channel.secret, raw) } });
  await res.arrayBuffer();
  latencies.push(ms(t0));
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
}
await server.close();
const written = (await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(outbox).where(eq(outbox.orgId, org.orgId)))[0]!.n;
latencies.sort((a, b) => a - b);
const webhookP50 = p(latencies, 0.5);

// the decision's transaction with and without its outbox insert, alternating so both see the same machine
const without: number[] = [];
const withWrite: number[] = [];
for (let i = 0; i < samples; i++) {
  const t0 = process.hrtime.bigint();
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT 1`);
  });
  without.push(ms(t0));
  const t1 = process.hrtime.bigint();
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT 1`);
    await enqueueOutbox(tx, { orgId: org.orgId, topic: "alerts/push.requested", payload: { kind: "alert", orgId: org.orgId, alertId: randomUUID() }, dedupKey: `bench:${randomUUID()}` });
  });
  withWrite.push(ms(t1));
}
without.sort((a, b) => a - b);
withWrite.sort((a, b) => a - b);
const added = p(withWrite, 0.5) - p(without, 0.5);
console.log(
  `webhook, one alert push per message: p50 ${webhookP50.toFixed(2)} ms · p99 ${p(latencies, 0.99).toFixed(2)} ms · ${written}/${messageCount} messages wrote their push to the outbox`,
);
console.log(
  `outbox write: decision transaction p50 ${p(without, 0.5).toFixed(3)} ms without, ${p(withWrite, 0.5).toFixed(3)} ms with → adds ${added.toFixed(3)} ms (${((added / webhookP50) * 100).toFixed(1)} % of the webhook's p50)  ${verdict(added <= TARGET_ADDED_MS)}`,
);
const ok = throughputOk && added <= TARGET_ADDED_MS && written === messageCount;
console.log(`${verdict(ok)}: targets ≥ ${TARGET_ROWS_S.toLocaleString("en")} rows/s dispatched, ≤ ${TARGET_ADDED_MS} ms added at p50`);
await handle.close();
process.exit(ok ? 0 : 1);
