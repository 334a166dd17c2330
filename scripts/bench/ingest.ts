/**
 * `npm run bench:ingest` — sustained webhook ingest over real HTTP against a real database (DESIGN.md budget:
 * hundreds of messages per second on 2 cores, none lost). Uses a fresh `tandem_bench` database on
 * BENCH_DATABASE_URL/TEST_DATABASE_URL (local hosts only), else in-memory PGlite (one connection: serialised).
 * Prints throughput, latency percentiles and whether every message was stored exactly once.
 * Options: --messages N (default 3000), --concurrency C (default 16).
 */
import { count, eq } from "drizzle-orm";
import { openPglite, openPostgres } from "@/db/client";
import { createFreshDatabase } from "@/db/fresh-database";
import { messages } from "@/db/schema";
import { seedDemoOrg } from "@/lib/demo/seed-demo-org";
import { describeRun, runIngest } from "./ingest-run";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const total = arg("--messages", 3000);
const concurrency = arg("--concurrency", 16);

const source = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const handle = source ? await openPostgres(await createFreshDatabase(source, "tandem_bench"), { max: 20 }) : await openPglite();
const { db } = handle;
const org = await seedDemoOrg(db, { slug: "bench", emailDomain: "bench.tandem.test" });
const run = await runIngest(db, { channels: org.channels, total, concurrency, tag: "i" });
const [stored] = await db.select({ n: count() }).from(messages).where(eq(messages.sender, "customer"));
console.log(`ingest on ${source ? "PostgreSQL" : "PGlite"}: ${total} messages, concurrency ${concurrency}`);
console.log(`  ${describeRun("all channels", run)}`);
console.log(`  stored ${stored!.n} customer messages, ${run.failed} failed requests — ${stored!.n === total && run.failed === 0 ? "none lost" : "MISMATCH"}`);
await handle.close();
if (stored!.n !== total || run.failed > 0) process.exit(1);
