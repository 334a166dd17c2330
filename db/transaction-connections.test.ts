/**
 * A transaction keeps its connection to itself, however busy the pool (the driver patch in patches/postgres+3.4.9.patch,
 * porsager/postgres#823 and #1189). Without it, postgres.js 3.4.9 could send `BEGIN` on a connection without reserving
 * it — whenever that `BEGIN` filled the connection's pipeline or met socket back-pressure — and then:
 * - the transaction failed with UNSAFE_TRANSACTION (bench:agent-model saw it once in 2,000 late replies), and
 * - the connection went back to the pool still inside the open transaction, so other requests' statements ran in it.
 * Reproduced here at the pipeline boundary: every connection busy, several transactions and plain queries queued.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { onPostgresServer } from "@/test/db";

describe.runIf(onPostgresServer())("transactions on a saturated pool (PostgreSQL)", () => {
  let sql: postgres.Sql;

  beforeAll(() => {
    // a small pipeline makes the boundary easy to reach; the default (100) reaches it under load
    const options = { max: 3, max_pipeline: 2, onnotice: () => {} }; // max_pipeline is missing from the driver's types
    sql = postgres(inject("testDatabaseUrl")!, options);
  });

  afterAll(async () => {
    await sql?.end({ timeout: 5 });
  });

  it("every transaction commits on its own connection, and no plain query runs inside someone's transaction", async () => {
    const failures: string[] = [];
    let leaked = 0;
    // the pool's three connections open first, so the queries below go straight to them in the order they are made
    await Promise.all(Array.from({ length: 3 }, () => sql`select pg_sleep(0.05)`));
    const plainQuery = async () => {
      // every transaction below takes a transaction id: a plain query that sees one runs inside someone's transaction
      const [row] = await sql<{ in_transaction: boolean }[]>`select pg_current_xact_id_if_assigned() is not null as in_transaction`.execute();
      if (row!.in_transaction) leaked++;
      return 0;
    };
    const transaction = (i: number) =>
      sql
        .begin(async (tx) => {
          const [row] = await tx<{ n: number }[]>`select ${i}::int as n, pg_current_xact_id()`;
          return row!.n;
        })
        .catch((error: Error) => {
          failures.push(error.message);
          return -1;
        });
    for (let round = 0; round < 20; round++) {
      // every connection busy, then a plain query and a transaction in turn: each BEGIN is pipelined behind a query
      const work: Promise<unknown>[] = Array.from({ length: 3 }, () => sql`select pg_sleep(0.2)`.execute());
      for (let i = 0; i < 5; i++) work.push(plainQuery(), transaction(i));
      const results = await Promise.all(work);
      expect(results.slice(3).filter((_, k) => k % 2 === 1)).toEqual([0, 1, 2, 3, 4]);
    }
    expect(failures).toEqual([]);
    expect(leaked).toBe(0);
  });
});
