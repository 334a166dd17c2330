/**
 * The PostgreSQL pool's size comes from `DATABASE_POOL_MAX` (default 10): an operator sizes it to the server's
 * `max_connections` and their instances. A bad value is refused by name when the environment is read.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { onPostgresServer } from "@/test/db";
import { executeRows } from "./execute-rows";

afterAll(() => vi.unstubAllEnvs());

describe.runIf(onPostgresServer())("DATABASE_POOL_MAX (PostgreSQL)", () => {
  beforeAll(() => {
    vi.stubEnv("DATABASE_URL", inject("testDatabaseUrl")!);
    vi.stubEnv("DATABASE_POOL_MAX", "3");
  });

  it("opens at most that many connections, however many statements run at once", async () => {
    vi.resetModules();
    const { openConfiguredDb } = await import("./client");
    const handle = await openConfiguredDb();
    try {
      expect(handle.driver).toBe("postgres");
      const pids = await Promise.all(
        Array.from({ length: 12 }, () => executeRows<{ pid: number }>(handle.db, sql`select pg_backend_pid() as pid, pg_sleep(0.1)`).then(([row]) => row!.pid)),
      );
      expect(new Set(pids).size).toBe(3);
    } finally {
      await handle.close();
    }
  });
});

describe("DATABASE_POOL_MAX when the environment is read", () => {
  it("refuses a pool of 0 with the variable's name", async () => {
    vi.stubEnv("DATABASE_POOL_MAX", "0");
    vi.resetModules();
    const { env } = await import("@/lib/config/env");
    expect(() => env()).toThrow(/Invalid environment: DATABASE_POOL_MAX/);
  });
});
