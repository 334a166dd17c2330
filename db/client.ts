/**
 * The database handle. With `DATABASE_URL`: PostgreSQL through postgres.js. Without: PGlite (Postgres in WASM)
 * stored in `<TANDEM_DATA_DIR>/pglite`, migrated on open. One instance per process (kept on globalThis, so
 * Next's separate server bundles and dev reloads never open the same PGlite folder twice).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "@/lib/config/env";
import * as schema from "./schema";
import { withPreparedStatements } from "./prepared-statements";
import { sealContactData } from "./seal-contact-data";

export type Schema = typeof schema;
/** A database or a transaction: domain functions take this so they run the same in both. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), "db/migrations");

type Handle = { db: Db; driver: "postgres" | "pglite"; close: () => Promise<void> };

/**
 * Opens PostgreSQL through postgres.js. Does not migrate (run `npm run db:migrate`). Statements are prepared once per
 * connection ({@link withPreparedStatements}).
 * @param url postgres:// URL
 * @param options.max pool size (connections)
 * @param options.onStatement called with the text of every statement sent, `begin`/`commit`/savepoints included
 *   (benchmarks count round trips with it; never log its parameters). It makes postgres.js capture a stack per
 *   query, so keep it off measured connections.
 */
export async function openPostgres(url: string, { max = 10, onStatement }: { max?: number; onStatement?: (statement: string) => void } = {}): Promise<Handle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, { max, onnotice: () => {}, ...(onStatement ? { debug: (_connection: number, statement: string) => onStatement(statement) } : {}) });
  const db = drizzle(withPreparedStatements(client), { schema }) as unknown as Db;
  return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
}

/**
 * Opens PGlite in `dataDir` (or in memory when undefined) and applies every migration, then the data migrations.
 * @throws if the folder is locked by another process or a migration fails
 */
export async function openPglite(dataDir?: string): Promise<Handle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { fuzzystrmatch } = await import("@electric-sql/pglite/contrib/fuzzystrmatch");
  if (dataDir) mkdirSync(path.dirname(dataDir), { recursive: true });
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm, fuzzystrmatch } });
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  await sealContactData(db as unknown as Db);
  return { db: db as unknown as Db, driver: "pglite", close: () => client.close() };
}

/** Applies every migration in db/migrations to the PostgreSQL server at `url`, then the data migrations. */
export async function migratePostgres(url: string): Promise<void> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const db = drizzle(client);
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    await sealContactData(db as unknown as Db);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Opens the configured database: PostgreSQL if DATABASE_URL is set (a pool of DATABASE_POOL_MAX connections), else the embedded PGlite folder. */
export async function openConfiguredDb(): Promise<Handle> {
  const { DATABASE_URL, DATABASE_POOL_MAX, TANDEM_DATA_DIR } = env();
  return DATABASE_URL ? openPostgres(DATABASE_URL, { max: DATABASE_POOL_MAX }) : openPglite(path.resolve(TANDEM_DATA_DIR, "pglite"));
}

const KEY = Symbol.for("tandem.db");
type Holder = { [KEY]?: Promise<Handle> };

/** The process-wide database handle, opened on first use. */
export async function getDb(): Promise<Db> {
  const holder = globalThis as Holder;
  holder[KEY] ??= openConfiguredDb().catch((error: unknown) => {
    delete holder[KEY];
    throw error;
  });
  return (await holder[KEY]).db;
}
