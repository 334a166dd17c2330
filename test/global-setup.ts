/**
 * Vitest global setup: with TEST_DATABASE_URL (or DATABASE_URL) pointing at a local PostgreSQL server, creates a
 * fresh `tandem_test` database on it and migrates it once; test files then share it (each test seeds its own
 * organization, so no cleanup between tests is needed). Without a URL, each test file uses in-memory PGlite.
 * Refuses non-local hosts.
 */
import type { TestProject } from "vitest/node";
import { createFreshDatabase } from "../db/fresh-database";

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
  project.provide("testDatabaseUrl", await createFreshDatabase(source, "tandem_test"));
}
