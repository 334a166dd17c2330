/** Shared by the demo and seed scripts: migrate + seed the demo org and its published AI agent, then close it. */
import { migratePostgres, openConfiguredDb } from "@/db/client";
import { env } from "@/lib/config/env";
import { seedDemoAgent } from "@/lib/demo/seed-demo-agent";
import { seedDemoOrg, type SeededOrg } from "@/lib/demo/seed-demo-org";

export async function migrateAndSeed(): Promise<SeededOrg> {
  const url = env().DATABASE_URL;
  if (url) await migratePostgres(url);
  const handle = await openConfiguredDb(); // PGlite migrates on open
  try {
    const seeded = await seedDemoOrg(handle.db);
    await seedDemoAgent(handle.db, seeded);
    return seeded;
  } finally {
    await handle.close();
  }
}
