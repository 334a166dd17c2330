/** `npm run db:migrate`: applies db/migrations to DATABASE_URL, or to the embedded PGlite folder. */
import { migratePostgres, openConfiguredDb } from "@/db/client";
import { env } from "@/lib/config/env";

const url = env().DATABASE_URL;
if (url) await migratePostgres(url);
else await (await openConfiguredDb()).close();
console.log(`Migrated ${url ? "PostgreSQL" : "embedded PGlite database"}.`);
