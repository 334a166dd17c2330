/**
 * Creates (or re-creates, empty) a database named `name` on the PostgreSQL server of `sourceUrl` and applies every
 * migration. Used by the test, e2e and benchmark set-ups so each run starts clean without touching other databases.
 * @returns the URL of the new database
 * @throws when the host is not local (tests never run against a remote server) or the server refuses
 */
import { migratePostgres } from "./client";

export async function createFreshDatabase(sourceUrl: string, name: "tandem_test" | "tandem_e2e" | "tandem_bench" | "tandem_bench_agent" | "tandem_bench_impact" | "tandem_bench_outbox" | "tandem_eval" | "tandem_fault"): Promise<string> {
  const url = new URL(sourceUrl);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname)) {
    throw new Error(`Refusing to create ${name} on non-local database host ${url.hostname}`);
  }
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const { default: postgres } = await import("postgres");
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  url.pathname = `/${name}`;
  await migratePostgres(url.toString());
  return url.toString();
}
