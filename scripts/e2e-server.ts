/**
 * Playwright's web server: a fresh database (PostgreSQL `tandem_e2e` when TEST_DATABASE_URL/DATABASE_URL is set,
 * else a new PGlite folder), the demo org plus a second org for tenant-isolation checks, a fixture file with their
 * channel ids and webhook secrets for the tests (under .data/e2e, git-ignored), then `next start`.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const port = process.argv.includes("--port") ? process.argv[process.argv.indexOf("--port") + 1]! : "3200";
const dataDir = path.resolve(".data/e2e");
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
process.env.TANDEM_DATA_DIR = dataDir;

const source = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (source) {
  const { createFreshDatabase } = await import("@/db/fresh-database");
  process.env.DATABASE_URL = await createFreshDatabase(source, "tandem_e2e");
} else {
  delete process.env.DATABASE_URL;
}

const { openConfiguredDb } = await import("@/db/client");
const { seedDemoOrg } = await import("@/lib/demo/seed-demo-org");
const handle = await openConfiguredDb();
const { seedDemoAgent } = await import("@/lib/demo/seed-demo-agent");
const demo = await seedDemoOrg(handle.db);
await seedDemoAgent(handle.db, demo);
const other = await seedDemoOrg(handle.db, { slug: "other-org", name: "Other Org", emailDomain: "other.tandem.test" });
// the impact report (e2e/impact.spec.ts): an org with 13 months of simulated history and its datamart …
const { seedImpactHistory } = await import("@/lib/demo/seed-impact-history");
const impact = await seedDemoOrg(handle.db, { slug: "impact", name: "Impact Org", emailDomain: "impact.tandem.test" });
await seedImpactHistory(handle.db, { orgId: impact.orgId, timezone: "Asia/Jakarta", params: { dailyVolume: 20 } });
// … and other-org with a trickle of recent conversations (Baseline forming), plus two datamart rows 11 months back
// whose sums overflow the report's integer read: a real query failure for the Error state
await seedImpactHistory(handle.db, { orgId: other.orgId, timezone: "Asia/Jakarta", params: { months: 1, dailyVolume: 1 } });
const { sql } = await import("drizzle-orm");
await handle.db.execute(sql`
  INSERT INTO ai_activity_daily (org_id, channel_id, day, conversations, ai_resolved, ai_resolved_reopened, ai_assisted, escalated, after_hours,
    contained_turns, contained_sentiment_sum, contained_sentiment_n, escalated_sentiment_sum, escalated_sentiment_n)
  SELECT ${other.orgId}, ch.id, current_date - 330, 2000000000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  FROM channel_integrations ch WHERE ch.org_id = ${other.orgId} AND ch.type <> 'bot_preview' LIMIT 2`);
// Settings › System (e2e/system.spec.ts): a push that kept failing until the dispatcher gave up on it, for Retry
// (its alert is gone by now, so the retried push has nobody to reach and completes)
const { outbox } = await import("@/db/schema");
const { randomUUID } = await import("node:crypto");
await handle.db.insert(outbox).values({
  orgId: demo.orgId, topic: "alerts/push.requested", payload: { kind: "alert", orgId: demo.orgId, alertId: randomUUID() }, dedupKey: `e2e:${randomUUID()}`,
  status: "failed", attempts: 8, lastError: "push failed for 1 device(s), will retry: push service answered 503",
});
// the seeded orgs are Indonesian (id-ID), as a new user's demo is; the suite's members read the console in English, as
// a person who chose English on their profile would (e2e/indonesian.spec.ts walks the journeys in Bahasa Indonesia)
const { users } = await import("@/db/schema");
await handle.db.update(users).set({ uiLanguage: "en" });
await handle.close();
writeFileSync(path.join(dataDir, "fixture.json"), JSON.stringify({ demo, other, impact }), { mode: 0o600 });

const server = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", port, "-H", "127.0.0.1"], {
  stdio: "inherit",
  // the push e2e test runs its push service on 127.0.0.1
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
