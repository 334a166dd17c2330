/**
 * `npm run bench:split` — the traffic split's cost (000_… §5 Performance; DESIGN.md budget < 0.1 ms, no extra
 * database round trip):
 * 1. the in-process decision, ns per call over 1,000,000 cryptographic rolls;
 * 2. with BENCH_DATABASE_URL/TEST_DATABASE_URL (a fresh `tandem_bench` PostgreSQL database): the incoming-message
 *    webhook's throughput and p50/p99 latency with the split off, on at 100 % bot (same work plus the decision — the
 *    fair comparison), and on at 30 % (for information: the human arm skips the answering engine).
 * Options: --messages N per run (default 1500), --concurrency C (default 16).
 */
import { eq } from "drizzle-orm";
import { openPostgres } from "@/db/client";
import { createFreshDatabase } from "@/db/fresh-database";
import { channelIntegrations } from "@/db/schema";
import { seedDemoOrg } from "@/lib/demo/seed-demo-org";
import { decideArm } from "@/lib/routing/decide-arm";
import { describeRun, runIngest } from "./ingest-run";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const N = 1_000_000;
const config = { orgSplitEnabled: true, channelSplitEnabled: true, botPercent: 30 };
for (let i = 0; i < 10_000; i++) decideArm(config); // warm-up
const start = process.hrtime.bigint();
let bot = 0;
for (let i = 0; i < N; i++) if (decideArm(config).variant === "bot") bot++;
const ns = Number(process.hrtime.bigint() - start) / N;
console.log(`decideArm: ${ns.toFixed(0)} ns/decision (${(ns / 1e6).toFixed(5)} ms; budget 0.1 ms) — observed bot share ${((bot / N) * 100).toFixed(2)}% for bot_percent 30`);

const source = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!source) {
  console.log("Set TEST_DATABASE_URL (local PostgreSQL) to also measure the webhook with the split on vs off.");
  process.exit(0);
}
const total = arg("--messages", 1500);
const concurrency = arg("--concurrency", 16);
const handle = await openPostgres(await createFreshDatabase(source, "tandem_bench"), { max: 20 });
const { db } = handle;
const org = await seedDemoOrg(db, { slug: "bench-split", emailDomain: "bench-split.tandem.test" });
const setSplit = async (enabled: boolean, botPercent: number) => {
  for (const c of org.channels) await db.update(channelIntegrations).set({ trafficSplitEnabled: enabled, botPercent }).where(eq(channelIntegrations.id, c.id));
};
console.log(`webhook on PostgreSQL, ${total} messages per run, concurrency ${concurrency}:`);
await setSplit(false, 100);
await runIngest(db, { channels: org.channels, total: 300, concurrency, tag: "warm" }); // warm-up
const runs: [string, boolean, number][] = [["split off", false, 100], ["split on, 100% bot", true, 100], ["split off (again)", false, 100], ["split on, 30% bot", true, 30]];
for (const [label, enabled, pct] of runs) {
  await setSplit(enabled, pct);
  console.log(`  ${describeRun(label, await runIngest(db, { channels: org.channels, total, concurrency, tag: label.replace(/\W/g, "") }))}`);
}
await handle.close();
