import type { Sql, TransactionSql } from "postgres";

/** Statements with more parameters than this are sent unnamed (bulk inserts: each row count would be a new statement). */
export const MAX_PREPARED_PARAMETERS = 200;
/** …or with longer text than this (characters). */
export const MAX_PREPARED_TEXT = 16_000;

type Unsafe = (query: string, parameters?: unknown[], options?: { prepare?: boolean }) => unknown;

/**
 * A postgres.js client on which drizzle's statements are named prepared statements (issue 20 item 2: the hot path's
 * round trips). drizzle-orm passes `prepare: false` for every query it did not name with `.prepare(name)`, so
 * postgres.js sends each parameterized statement as Parse + Describe, waits, then Bind + Execute: two round trips and
 * a fresh parse and plan per statement. Here a statement is prepared once per connection (postgres.js keys its cache
 * by text and parameter types) and later runs are one round trip of Bind + Execute.
 * - Bounded: statements over {@link MAX_PREPARED_PARAMETERS} parameters or {@link MAX_PREPARED_TEXT} characters stay
 *   unnamed, so bulk inserts never fill a connection's cache; postgres.js recycles connections (`max_lifetime`),
 *   which drops their statements.
 * - Safe across restarts and migrations: a new connection starts with an empty cache, and postgres.js re-prepares on
 *   PostgreSQL's "cached plan must not change result type" and "prepared statement does not exist" errors.
 * - Transactions and savepoints get the same wrapping, so every statement of a transaction is prepared too.
 * @param client a postgres.js client (or transaction) opened with the default `prepare: true`
 * @returns the same client for drizzle, with `unsafe`, `begin` and `savepoint` wrapped; everything else untouched
 */
export function withPreparedStatements<T extends Sql | TransactionSql>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (property === "unsafe") {
        const unsafe = value as Unsafe;
        return (query: string, parameters: unknown[] = [], options: { prepare?: boolean } = {}) =>
          unsafe.call(target, query, parameters, { ...options, prepare: parameters.length <= MAX_PREPARED_PARAMETERS && query.length <= MAX_PREPARED_TEXT });
      }
      if (property === "begin" || property === "savepoint") {
        // begin(options?, callback) / savepoint(name?, callback): the callback is the last argument
        return (...args: unknown[]) => {
          const callback = args[args.length - 1] as (tx: TransactionSql) => unknown;
          return (value as (...a: unknown[]) => unknown).call(target, ...args.slice(0, -1), (tx: TransactionSql) => callback(withPreparedStatements(tx)));
        };
      }
      return value;
    },
  });
}
