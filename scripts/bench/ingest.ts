/**
 * `npm run bench:ingest` — sustained webhook ingest over real HTTP against a real database (DESIGN.md budget:
 * hundreds of messages per second on 2 cores, none lost). Uses a fresh `tandem_bench` database on
 * BENCH_DATABASE_URL/TEST_DATABASE_URL (local hosts only), else in-memory PGlite (one connection: serialised).
 * Sends real IBM customer messages, signed, with bounded count and concurrency; prints throughput, latency
 * percentiles and whether every message was stored exactly once.
 * Options: --messages N (default 3000), --concurrency C (default 16).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { openPglite, openPostgres } from "@/db/client";
import { createFreshDatabase } from "@/db/fresh-database";
import { messages } from "@/db/schema";
import { buildReplay, parseDialogues } from "@/lib/demo/ibm-dialogues";
import { SEED_DATA_DIR } from "@/lib/demo/seed-data-path";
import { seedDemoOrg } from "@/lib/demo/seed-demo-org";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { signWebhook } from "@/lib/ingest/sign";
import { serve } from "@/test/http";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const total = arg("--messages", 3000);
const concurrency = arg("--concurrency", 16);

const source = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
let handle;
if (source) {
  handle = await openPostgres(await createFreshDatabase(source, "tandem_bench"), { max: 20 });
} else {
  handle = await openPglite();
}
const { db } = handle;
const org = await seedDemoOrg(db, { slug: "bench", emailDomain: "bench.tandem.test" });
const server = await serve((req) => handleIncomingMessage(db, req));

const dialogues = parseDialogues(readFileSync(path.join(SEED_DATA_DIR, "ibm-twitter-care/dialogues.jsonl"), "utf8"));
const base = buildReplay(dialogues, { channelIds: org.channels.map((c) => c.id) });
const secrets = new Map(org.channels.map((c) => [c.id, c.secret]));
const bodies = Array.from({ length: total }, (_, i) => {
  const item = base[i % base.length]!;
  const round = Math.floor(i / base.length);
  return { ...item.body, conversation_id: `${item.body.conversation_id}#${round}`, message_id: `${item.body.message_id}#${round}` };
});

const latencies: number[] = [];
let next = 0;
let failed = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const raw = JSON.stringify(body);
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/webhooks/incoming-message`, {
        method: "POST",
        body: raw,
        headers: { "content-type": "application/json", ...signWebhook(secrets.get(body.channel_id)!, raw) },
      });
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (!res.ok) failed++;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const [stored] = await db.select({ n: count() }).from(messages).where(eq(messages.sender, "customer"));
latencies.sort((a, b) => a - b);
const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
console.log(`ingest on ${source ? "PostgreSQL" : "PGlite"}: ${total} messages, concurrency ${concurrency}`);
console.log(`  throughput ${(total / seconds).toFixed(0)} msg/s over ${seconds.toFixed(1)} s`);
console.log(`  latency p50 ${p(0.5)} ms · p95 ${p(0.95)} ms · p99 ${p(0.99)} ms`);
console.log(`  stored ${stored!.n} customer messages, ${failed} failed requests — ${stored!.n === total && failed === 0 ? "none lost" : "MISMATCH"}`);
await server.close();
await handle.close();
if (stored!.n !== total || failed > 0) process.exit(1);
