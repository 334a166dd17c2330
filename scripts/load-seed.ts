/** Shared by the demo and e2e scripts: migrate + seed the demo org on the configured database, then close it. */
import { migratePostgres, openConfiguredDb } from "@/db/client";
import { env } from "@/lib/config/env";
import { seedDemoOrg, type SeededOrg } from "@/lib/demo/seed-demo-org";

export async function migrateAndSeed(): Promise<SeededOrg> {
  const url = env().DATABASE_URL;
  if (url) await migratePostgres(url);
  const handle = await openConfiguredDb(); // PGlite migrates on open
  try {
    return await seedDemoOrg(handle.db);
  } finally {
    await handle.close();
  }
}
