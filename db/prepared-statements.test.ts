/**
 * drizzle's statements on PostgreSQL are prepared once per connection (withPreparedStatements, issue 20 item 2), read
 * back from the server's own `pg_prepared_statements` of the one connection used: plain queries, statements in a
 * transaction and in a savepoint; bulk statements are left unnamed; a migration that changes a table's columns under
 * a cached statement does not break it.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPostgres, type Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { onPostgresServer } from "@/test/db";
import { MAX_PREPARED_PARAMETERS } from "./prepared-statements";

const tableName = `prepared_probe_${randomUUID().slice(0, 8)}`;
const probe = pgTable(tableName, { id: integer("id").primaryKey(), label: text("label").notNull() });

describe.runIf(onPostgresServer())("drizzle statements are prepared once per connection on PostgreSQL", () => {
  let handle: Awaited<ReturnType<typeof openPostgres>>;
  let db: Db;

  /** the connection's prepared statements that mention the probe table */
  async function preparedOnProbe(): Promise<string[]> {
    const rows = await executeRows<{ statement: string }>(db, sql`select statement from pg_prepared_statements where statement like ${`%${tableName}%`}`);
    return rows.map((r) => r.statement);
  }

  beforeAll(async () => {
    handle = await openPostgres(inject("testDatabaseUrl")!, { max: 1 }); // one connection: its statements are the ones we read
    db = handle.db;
    await db.execute(sql.raw(`create table "${tableName}" (id integer primary key, label text not null)`));
  });

  afterAll(async () => {
    await db?.execute(sql.raw(`drop table if exists "${tableName}"`));
    await handle?.close();
  });

  it("a parameterized select runs as one named statement, reused by later calls with other values", async () => {
    await db.insert(probe).values({ id: 1, label: "one" });
    for (const id of [1, 2, 3]) await db.select().from(probe).where(sql`${probe.id} = ${id}`);
    const selects = (await preparedOnProbe()).filter((s) => s.startsWith("select"));
    expect(selects).toHaveLength(1);
    expect(selects[0]).toContain("$1");
  });

  it("statements inside a transaction and a savepoint are prepared too, and the transaction still rolls back", async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(probe).values({ id: 10, label: "in a transaction" });
        await tx.transaction(async (inner) => {
          await inner.update(probe).set({ label: "in a savepoint" }).where(sql`${probe.id} = ${10}`);
        });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const statements = await preparedOnProbe();
    expect(statements.some((s) => s.startsWith("insert"))).toBe(true);
    expect(statements.some((s) => s.startsWith("update"))).toBe(true);
    expect(await db.select().from(probe).where(sql`${probe.id} = ${10}`)).toEqual([]);
  });

  it(`a bulk insert of more than ${MAX_PREPARED_PARAMETERS} parameters is sent unnamed, and every row is stored`, async () => {
    const rows = Array.from({ length: MAX_PREPARED_PARAMETERS }, (_, i) => ({ id: 1000 + i, label: `bulk ${i}` })); // 2 parameters a row
    await db.insert(probe).values(rows);
    expect((await preparedOnProbe()).filter((s) => s.includes(`$${MAX_PREPARED_PARAMETERS + 1}`))).toEqual([]);
    const [stored] = await executeRows<{ n: number }>(db, sql`select count(*)::int as n from ${probe} where ${probe.id} >= ${1000}`);
    expect(stored!.n).toBe(MAX_PREPARED_PARAMETERS);
  });

  it("a column added under a cached `select *` statement: the next call re-prepares and still answers", async () => {
    const read = () => executeRows<Record<string, unknown>>(db, sql`select * from ${probe} where ${probe.id} = ${1}`);
    expect(Object.keys((await read())[0]!)).toEqual(["id", "label"]);
    await read();
    await db.execute(sql.raw(`alter table "${tableName}" add column note text default 'added'`));
    expect((await read())[0]).toMatchObject({ id: 1, label: "one", note: "added" });
  });
});
