/**
 * Shared by the demo and seed scripts: migrate + seed the demo org, its published AI agent and 13 months of simulated
 * history with its impact datamart, then close it.
 */
import { migratePostgres, openConfiguredDb } from "@/db/client";
import { resolveIdleConversations } from "@/lib/agent/resolve-idle";
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
 * After the demo's replay: runs the idle job (lib/agent/resolve-idle.ts — without an Inngest engine its cron never
 * fires), which closes the bot-handled conversations whose customer went silent as a bare RESOLVE (the helpdesk
 * leaves those to Tandem), then rebuilds the org's impact datamart for its last `days` local days, and closes the
 * database.
 * @returns conversations the idle job closed and the datamart rows now in that range
 */
export async function closeIdleAndRebuildImpact(orgId: string, days: number): Promise<{ idleClosed: number; datamartRows: number }> {
  const handle = await openConfiguredDb();
  try {
    const idleClosed = (await resolveIdleConversations(handle.db, { orgId })).length;
    const today = localToday("Asia/Jakarta");
    const [built] = await aggregateDaily(handle.db, { orgId, range: { from: addDays(today, -(days - 1)), to: today } });
    return { idleClosed, datamartRows: built?.rows ?? 0 };
  } finally {
    await handle.close();
  }
}
