/**
 * Test database for Vitest: the migrated PostgreSQL `tandem_test` database when the global setup created one,
 * else an in-memory PGlite migrated for this test file. Also installed as the process-wide handle that
 * `getDb()` returns, so code under test (Inngest functions, route handlers) uses the same database.
 */
import { randomUUID } from "node:crypto";
import { afterAll, inject } from "vitest";
import { eq } from "drizzle-orm";
import { openPglite, openPostgres, type Db } from "@/db/client";
import { channelIntegrations, memberships } from "@/db/schema";
import { seedDemoOrg, type SeededOrg } from "@/lib/demo/seed-demo-org";

type Handle = Awaited<ReturnType<typeof openPglite>>;
let handle: Promise<Handle> | undefined;

/** The test database (opened once per test file, closed after it). */
export async function testDb(): Promise<Db> {
  if (!handle) {
    const url = inject("testDatabaseUrl");
    handle = url ? openPostgres(url, { max: 20 }) : openPglite();
    (globalThis as { [k: symbol]: unknown })[Symbol.for("tandem.db")] = handle;
    afterAll(async () => (await handle)?.close());
  }
  return (await handle).db;
}

/** Whether tests run on the PostgreSQL server (real concurrency) rather than single-connection PGlite. */
export function onPostgresServer(): boolean {
  return Boolean(inject("testDatabaseUrl"));
}

/** A fresh organization like the demo one (users per role, two channels, knowledge base), unique per call. */
export async function seedTestOrg(db: Db): Promise<SeededOrg & { slug: string; emailDomain: string }> {
  const id = randomUUID().slice(0, 8);
  const slug = `test-${id}`;
  const emailDomain = `${slug}.tandem.test`;
  const seeded = await seedDemoOrg(db, { slug, name: `Test org ${id}`, emailDomain });
  return { ...seeded, slug, emailDomain };
}

/**
 * A fresh test org in a known routing state, whatever the demo seed turns on: the traffic split off on every
 * channel (bot_percent 100) and every member offline with capacity 5.
 */
export async function seedQuietOrg(db: Db): Promise<Awaited<ReturnType<typeof seedTestOrg>>> {
  const org = await seedTestOrg(db);
  await db.update(channelIntegrations).set({ trafficSplitEnabled: false, botPercent: 100 }).where(eq(channelIntegrations.orgId, org.orgId));
  await db.update(memberships).set({ availability: "offline", capacity: 5 }).where(eq(memberships.orgId, org.orgId));
  return org;
}
