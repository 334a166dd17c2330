/**
 * Shared by the demo and seed scripts: migrate + seed the demo org, its published AI agent and 13 months of simulated
 * history with its impact datamart, then close it.
 */
import { migratePostgres, openConfiguredDb } from "@/db/client";
import { env } from "@/lib/config/env";
import { seedDemoAgent } from "@/lib/demo/seed-demo-agent";
import { seedDemoOrg, type SeededOrg } from "@/lib/demo/seed-demo-org";
import { seedImpactHistory } from "@/lib/demo/seed-impact-history";
import { aggregateDaily } from "@/lib/impact/aggregate-daily";
import { addDays, localToday } from "@/lib/time/local-day";

export async function migrateAndSeed(): Promise<SeededOrg & { history: { conversations: number; from: string; to: string } }> {
  const url = env().DATABASE_URL;
  if (url) await migratePostgres(url);
  const handle = await openConfiguredDb(); // PGlite migrates on open
  try {
    const seeded = await seedDemoOrg(handle.db);
    await seedDemoAgent(handle.db, seeded);
    // 13 months of simulated history for the impact report (its datamart built too)
    const history = await seedImpactHistory(handle.db, { orgId: seeded.orgId, timezone: "Asia/Jakarta" });
    return { ...seeded, history };
  } finally {
    await handle.close();
  }
}

/**
 * Rebuilds the org's impact datamart for its last `days` local days (after the demo's replay), then closes the database.
 * @returns the datamart rows now in that range
 */
export async function rebuildRecentImpact(orgId: string, days: number): Promise<number> {
  const handle = await openConfiguredDb();
  try {
    const today = localToday("Asia/Jakarta");
    const [built] = await aggregateDaily(handle.db, { orgId, range: { from: addDays(today, -(days - 1)), to: today } });
    return built?.rows ?? 0;
  } finally {
    await handle.close();
  }
}
