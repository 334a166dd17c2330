/**
 * `npm run bench:ingest` — how fast one busy organization's customer messages go in (issue 20), on PostgreSQL
 * (BENCH_DATABASE_URL/TEST_DATABASE_URL/DATABASE_URL, local hosts only; a fresh `tandem_bench` database):
 * 1. statements per message: one bot-answered first message, one the bot hands over (an off-topic message: a
 *    low-confidence alert, the hand-over, auto-assignment: the replay's usual turn) and one human-arm first message
 *    (auto-assigned), sent one at a time and counted at the driver (`begin`/`commit` included), with the writes to
 *    PostgreSQL's sockets they took (statements sent together go in one write: one round trip);
 * 2. the ceiling: `pgbench -N` at each concurrency, on the same server;
 * 3. the IBM replay (real customer messages, signed, over real HTTP) into one demo organization, then spread over 20,
 *    at concurrency 16 and 32 — alerts on, agents online (auto-assignment), the traffic split on (the demo's 30 % bot
 *    channel) — through the handler served in this process and, with `--server`, through a built `next start`;
 *    with what the busy connections wait on meanwhile (advisory locks, rows held by another transaction), sampled
 *    from `pg_stat_activity`, and the CPU each message costs in Tandem's process and in the rest of the machine, with
 *    the msg/s at which that cost keeps every core busy (scripts/bench/cpu-use.ts);
 * 4. nothing lost or duplicated: every message stored once, at most one bot reply per message, no agent over capacity;
 *    each after a warm-up of {@link WARMUP} messages (not counted; its figures are printed);
 * 5. PASS/FAIL against the targets (2 cores): ≥ 400 msg/s in-process for one org, ≥ 80 % of that through
 *    `next start`, p99 ≤ 250 ms at concurrency 32, the same with 20 organizations.
 * Options: --messages N per run (default 2000), --concurrency list (default 16,32), --orgs N (default 20), --server,
 * --show-statements (print each probe statement, cut to 110 characters; parameters are never printed).
 * `--server` needs `npm run build` first.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, count, eq, sql } from "drizzle-orm";
import { intOption, option } from "./cli";
import { describeRun, runIngest, type IngestRun } from "./ingest-run";
import { describeCpuUse, measureCpuUse } from "./cpu-use";
import { describeLockWaits, sampleLockWaits } from "./lock-waits";
import { dropPgbench, initPgbench, pgbenchTps } from "./pgbench";

// the server started by --server must open the channel secrets this process seals
process.env.TANDEM_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
const { openPostgres } = await import("@/db/client");
const { createFreshDatabase } = await import("@/db/fresh-database");
const { executeRows } = await import("@/db/execute-rows");
const { memberships, messages } = await import("@/db/schema");
const { seedDemoOrg } = await import("@/lib/demo/seed-demo-org");
const { seedDemoAgent } = await import("@/lib/demo/seed-demo-agent");
const { handleIncomingMessage } = await import("@/lib/ingest/handle-incoming-message");
const { signWebhook } = await import("@/lib/ingest/sign");

const TARGET_MSG_S = 400;
const TARGET_SERVER_SHARE = 0.8;
const TARGET_P99_MS = 250;
/** Messages sent before the measured runs, in-process and to `next start` alike, not counted. */
const WARMUP = 1000;

const perRun = intOption("--messages", 2000, 100);
const orgCount = intOption("--orgs", 20, 1);
const levels = (option("--concurrency") ?? "16,32").split(",").map(Number);
if (levels.some((c) => !Number.isInteger(c) || c < 1)) {
  console.error("--concurrency must be a comma-separated list of whole numbers ≥ 1");
  process.exit(2);
}
const withServer = process.argv.includes("--server");
const source = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!source) {
  console.error("bench:ingest measures PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL (a local server).");
  process.exit(2);
}
if (withServer && !existsSync(path.resolve(".next/BUILD_ID"))) {
  console.error("--server needs a production build: run `npm run build` first.");
  process.exit(2);
}

const url = await createFreshDatabase(source, "tandem_bench");
const handle = await openPostgres(url, { max: 20 });
const { db } = handle;

// organizations like the demo one: help centre, published agent, the 30 % split channel, three agents online
type Org = Awaited<ReturnType<typeof seedDemoOrg>>;
const orgs: Org[] = [];
for (let i = 0; i < orgCount; i++) {
  const org = await seedDemoOrg(db, { slug: `bench-${i}`, name: `Bench shop ${i}`, emailDomain: `bench-${i}.tandem.test` });
  await seedDemoAgent(db, org);
  orgs.push(org);
}
await db.update(memberships).set({ availability: "online" }).where(eq(memberships.role, "agent"));
await db.execute(sql`ANALYZE`);

// 1. statements per message, one message at a time, on a connection that counts them (counting makes postgres.js
// capture a stack per query, so the measured runs use another)
let statements = 0;
const showStatements = process.argv.includes("--show-statements");
const counting = await openPostgres(url, {
  max: 2,
  onStatement: (statement) => {
    statements++;
    if (showStatements) console.log(`    ${statement.replace(/\s+/g, " ").trim().slice(0, 110)}`);
  },
});
await counting.db.execute(sql`SELECT 1`); // the driver's first-use type lookup is not the message's
// the probes are the only socket traffic of this process while they run (one message at a time, no HTTP): every
// socket write is one to PostgreSQL
let writes = 0;
const socketWrite = Socket.prototype.write;
Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket["write"]>) {
  writes++;
  return socketWrite.apply(this, args);
} as Socket["write"];
type Probe = { statements: number; writes: number; body: { handled_by: string; reply: { action: string } | null; status: string } };
async function deliver(channel: { id: string; secret: string }, text: string): Promise<Probe> {
  const id = randomBytes(6).toString("hex");
  const raw = JSON.stringify({ channel_id: channel.id, conversation_id: `probe-${id}`, message_id: `probe-${id}`, text, sent_at: new Date().toISOString(), contact: { id: `probe-${id}` } });
  const [statementsBefore, writesBefore] = [statements, writes];
  const res = await handleIncomingMessage(counting.db, new Request("http://bench/api/webhooks/incoming-message", { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(channel.secret, raw) } }));
  const body = await res.json();
  return { statements: statements - statementsBefore, writes: writes - writesBefore, body };
}
const probeOrg = orgs[orgs.length - 1]!;
// each probe's last of 3 is counted: by then both connections have prepared its statements, as on a warm server
// (a statement's first run on a connection takes one more write and round trip, to prepare it)
const lastOf3 = async (probe: () => Promise<Probe>): Promise<Probe> => {
  await probe();
  await probe();
  return probe();
};
const answered = await lastOf3(() => deliver(probeOrg.channels[0]!, "I forgot my password, can you reset it?"));
const handedOver = await lastOf3(() => deliver(probeOrg.channels[0]!, "@AmericanAir my flight got delayed twice and nobody at the gate will tell us anything"));
const humanArm = async (): Promise<Probe | undefined> => {
  for (let i = 0; i < 40; i++) {
    const r = await deliver(probeOrg.channels[2]!, "Hi, I need help with my order please");
    if (r.body.handled_by === "human" && r.body.reply === null) return r;
  }
  return undefined;
};
await humanArm();
await humanArm();
const human = await humanArm();
Socket.prototype.write = socketWrite;
await counting.close();
const describeProbe = (p: Probe, outcome: string) => `${p.statements} statements in ${p.writes} writes (${outcome})`;
console.log(`ingest on PostgreSQL, ${new Date().toISOString().slice(0, 10)}, ${orgCount} demo orgs, agents online, split on (30 % bot channel)`);
console.log(`statements per message (begin/commit and the delivery log included) and the writes to PostgreSQL they took:`);
console.log(`  bot-answered first message: ${describeProbe(answered, answered.body.reply?.action ?? "no reply")}`);
console.log(`  handed-over first message:  ${describeProbe(handedOver, `${handedOver.body.reply?.action ?? "no reply"}, ${handedOver.body.status}`)}`);
console.log(`  human-arm first message:    ${human ? describeProbe(human, human.body.status) : "not observed in 40 tries"}`);

// 2. the ceiling
const ceiling = new Map<number, number | null>();
if (initPgbench(url)) {
  for (const c of levels) ceiling.set(c, pgbenchTps(url, { clients: c, seconds: 10 }));
  dropPgbench(url);
}
const ratio = (msgS: number, c: number) => {
  const tps = ceiling.get(c);
  return tps ? ` (${((msgS / tps) * 100).toFixed(1)} % of pgbench -N ${tps.toFixed(0)} tps)` : "";
};
console.log(`ceiling, pgbench -N on the same server: ${levels.map((c) => `c=${c} ${ceiling.get(c)?.toFixed(0) ?? "n/a"} tps`).join(" · ")}`);

// 3. the runs
type Row = { where: "in-process" | "next start"; orgs: number; concurrency: number; run: IngestRun; msgS: number; lost: number };
const rows: Row[] = [];
let tagN = 0;
async function measure(where: Row["where"], scope: Org[], concurrency: number, target?: string): Promise<void> {
  const tag = `r${tagN++}x`;
  const {
    result: { result: run, waits },
    cpu,
  } = await measureCpuUse(perRun, () => sampleLockWaits(sampling.db, () => runIngest(db, { channels: scope.flatMap((o) => o.channels), total: perRun, concurrency, tag, url: target })), target ? server?.pid : undefined);
  const [stored] = await db.select({ n: count() }).from(messages).where(and(eq(messages.sender, "customer"), sql`${messages.externalId} LIKE ${`%#${tag}%`}`));
  const row: Row = { where, orgs: scope.length, concurrency, run, msgS: run.total / run.seconds, lost: perRun - Number(stored?.n ?? 0) };
  rows.push(row);
  console.log(`  ${describeRun(`${where}, ${scope.length} org${scope.length > 1 ? "s" : ""}, c=${concurrency}`, run)}${ratio(row.msgS, concurrency)}${row.lost ? ` · ${row.lost} NOT STORED` : ""}`);
  console.log(`      ${describeLockWaits(waits)}`);
  console.log(`      ${describeCpuUse(cpu, target ? "next start" : "this process (handler and load client)")}`);
}

/** the `next start` of the --server runs (its CPU is Tandem's there) */
let server: ChildProcess | undefined;
// what the busy connections wait on during each run, sampled on a connection of its own
const sampling = await openPostgres(url, { max: 1 });
// the process warmed like a server that has been up a while (JIT, the pool's connections, their prepared statements),
// as the `next start` runs below are; the warm-up's own figures are printed, not counted
const warm = await runIngest(db, { channels: orgs[0]!.channels, total: WARMUP, concurrency: Math.max(...levels), tag: "warmin" });
console.log(`warm-up (not counted): ${describeRun(`${WARMUP} messages in-process, c=${Math.max(...levels)}`, warm)}`);
console.log(`runs of ${perRun} messages (lock waits: mean connections per 50 ms sample of pg_stat_activity):`);
for (const c of levels) await measure("in-process", [orgs[0]!], c);
if (orgs.length > 1) for (const c of levels) await measure("in-process", orgs, c);

if (withServer) {
  const port = 3300 + Math.floor(Math.random() * 500);
  const base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: "ignore",
    env: { ...process.env, DATABASE_URL: url, TANDEM_DATA_DIR: mkdtempSync(path.join(tmpdir(), "tandem-bench-")), NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  const ready = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${base}/login`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > ready) throw new Error("next start did not answer within 60 s");
    await new Promise((r) => setTimeout(r, 500));
  }
  await runIngest(db, { channels: orgs[0]!.channels, total: WARMUP, concurrency: Math.max(...levels), tag: "warm", url: base }); // compile and warm the route
  for (const c of levels) await measure("next start", [orgs[0]!], c, base);
  if (orgs.length > 1) for (const c of levels) await measure("next start", orgs, c, base);
  server.kill("SIGTERM");
}

// 4. nothing lost or duplicated
const [twice] = await executeRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM (SELECT reply_to_message_id FROM messages WHERE reply_to_message_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d`);
const [over] = await executeRows<{ n: number }>(
  db,
  sql`SELECT count(*)::int AS n FROM memberships m WHERE m.role = 'agent'
      AND (SELECT count(*) FROM conversations c WHERE c.org_id = m.org_id AND c.assign_channel_agent_id = m.user_id AND c.status = 'ASSIGNED') > m.capacity`,
);
const [assigned] = await executeRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM conversations WHERE status = 'ASSIGNED'`);
const lost = rows.reduce((s, r) => s + r.lost + r.run.failed, 0);
console.log(`integrity: ${lost} lost or failed, ${Number(twice?.n)} messages with two bot replies, ${Number(over?.n)} agents over capacity (${Number(assigned?.n)} conversations assigned)`);
await sampling.close();
await handle.close();

// 5. targets
const best = (where: Row["where"], orgsN: number) => rows.filter((r) => r.where === where && r.orgs === orgsN).sort((a, b) => b.msgS - a.msgS)[0];
const checks: [string, boolean | null][] = [];
for (const n of [1, orgCount].filter((v, i, a) => a.indexOf(v) === i)) {
  const inProcess = best("in-process", n);
  const viaServer = best("next start", n);
  const at32 = rows.filter((r) => r.orgs === n && r.concurrency === Math.max(...levels));
  checks.push([`${n} org(s): in-process ≥ ${TARGET_MSG_S} msg/s (best ${inProcess?.msgS.toFixed(0)})`, inProcess ? inProcess.msgS >= TARGET_MSG_S : null]);
  checks.push([
    `${n} org(s): next start ≥ ${TARGET_SERVER_SHARE * 100} % of in-process (${viaServer && inProcess ? `${((viaServer.msgS / inProcess.msgS) * 100).toFixed(0)} %` : "not run: --server"})`,
    viaServer && inProcess ? viaServer.msgS >= TARGET_SERVER_SHARE * inProcess.msgS : null,
  ]);
  checks.push([`${n} org(s): p99 ≤ ${TARGET_P99_MS} ms at c=${Math.max(...levels)} (${at32.map((r) => `${r.where} ${r.run.p99.toFixed(0)} ms`).join(", ")})`, at32.length ? at32.every((r) => r.run.p99 <= TARGET_P99_MS) : null]);
}
checks.push(["nothing lost or duplicated, no agent over capacity", lost === 0 && Number(twice?.n) === 0 && Number(over?.n) === 0]);
for (const [label, ok] of checks) console.log(`  ${ok === null ? "SKIP" : ok ? "PASS" : "FAIL"}  ${label}`);
const failed = checks.some(([, ok]) => ok === false);
console.log(failed ? "FAIL" : "PASS");
process.exit(failed ? 1 : 0);
