/**
 * Vitest global setup: with TEST_DATABASE_URL (or DATABASE_URL) pointing at a local PostgreSQL server, creates a
 * fresh `tandem_test` database on it and migrates it once; test files then share it (each test seeds its own
 * organization, so no cleanup between tests is needed). Without a URL, each test file uses in-memory PGlite.
 * Refuses non-local hosts.
 */
import type { TestProject } from "vitest/node";
import { migratePostgres } from "../db/client";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const source = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!source) {
    project.provide("testDatabaseUrl", null);
    return;
  }
  const url = new URL(source);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname)) {
    throw new Error(`Refusing to run tests against non-local database host ${url.hostname}`);
  }
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const { default: postgres } = await import("postgres");
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe("DROP DATABASE IF EXISTS tandem_test WITH (FORCE)");
    await sql.unsafe("CREATE DATABASE tandem_test");
  } finally {
    await sql.end({ timeout: 5 });
  }
  const testUrl = new URL(url);
  testUrl.pathname = "/tandem_test";
  await migratePostgres(testUrl.toString());
  project.provide("testDatabaseUrl", testUrl.toString());
}
