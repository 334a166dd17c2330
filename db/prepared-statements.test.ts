/**
 * drizzle on postgres.js sends its queries as named prepared statements (db/prepared-statements.ts, issue 20 item 2):
 * checked in PostgreSQL's own `pg_prepared_statements` view of the connection, at the top level, in a transaction and
 * in a savepoint. PGlite has no connection pool or wire protocol to save round trips on: there the file checks only
 * that the same queries return the same rows.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { executeRows } from "@/db/execute-rows";
import { organizations } from "@/db/schema";
import { onPostgresServer, seedQuietOrg, testDb } from "@/test/db";

/** The prepared statements of the connection running this query, whose text contains `marker`. */
async function preparedWith(db: Parameters<typeof executeRows>[0], marker: string): Promise<string[]> {
  const rows = await executeRows<{ statement: string }>(db, sql`SELECT statement FROM pg_prepared_statements WHERE statement LIKE ${`%${marker}%`} AND statement NOT LIKE '%pg_prepared_statements%'`);
  return rows.map((r) => r.statement);
}

describe("drizzle's queries on postgres.js", () => {
  it("are named statements, reused, in transactions and savepoints too; the answers are the same", async () => {
    const db = await testDb();
    const org = await seedQuietOrg(db);
    const byId = (d: typeof db) => d.select({ name: organizations.name, slug: organizations.slug }).from(organizations).where(eq(organizations.id, org.orgId));
    const [top] = await byId(db);
    expect(top!.slug).toBe(org.slug);
    await db.transaction(async (tx) => {
      // twice on this transaction's connection: described once, then reused under the same name
      expect(await byId(tx)).toEqual([top]);
      expect(await byId(tx)).toEqual([top]);
      await tx.transaction(async (savepoint) => {
        expect(await savepoint.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.slug, org.slug))).toEqual([{ slug: org.slug }]);
        if (onPostgresServer()) expect(await preparedWith(savepoint, `where "organizations"."slug" = $1`)).toHaveLength(1);
      });
      if (onPostgresServer()) expect(await preparedWith(tx, `from "organizations" where "organizations"."id" = $1`)).toHaveLength(1);
    });
  });

  it("a query without parameters keeps the simple protocol (several statements in one string run on PostgreSQL)", async () => {
    const db = await testDb();
    if (onPostgresServer()) await db.execute(sql.raw("SELECT 1; SELECT 2"));
    expect(await executeRows<{ one: number }>(db, sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    const [row] = await executeRows<{ n: number }>(db, sql`SELECT ${41}::int + 1 AS n`);
    expect(Number(row!.n)).toBe(42);
  });
});
