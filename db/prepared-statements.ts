/**
 * postgres.js with drizzle, one round trip per statement (issue 20 item 2). drizzle runs every query that isn't an
 * explicit `.prepare()` through `sql.unsafe(text, params, { prepare: false })`; postgres.js sends such a query in two
 * round trips — Parse + Describe to learn the parameter types, then Bind + Execute — and PostgreSQL parses and plans it
 * every time. Named (prepared) statements are described once per connection and then sent as Bind + Execute alone,
 * with the parse and plan reused: what postgres.js does for its own tagged queries by default.
 *
 * This wraps the client drizzle is given so its queries are prepared, in transactions and savepoints too. The
 * connection's own `prepare` option still decides (`TANDEM_DB_PREPARE=0` turns it off for a pooler that cannot keep
 * named statements, e.g. PgBouncer in transaction mode before 1.21). Each connection remembers its statements until
 * postgres.js retires it (`max_lifetime`, 30–60 minutes), which bounds that memory. Queries without parameters keep the
 * simple protocol (several statements in one string, as migrations send).
 */
import type { Sql } from "postgres";

type AnySql = Sql<Record<string, unknown>>;

/**
 * @param sql a postgres.js client, or the one a transaction or savepoint callback receives
 * @returns the same client whose `unsafe(text, params)` prepares the statement, and whose `begin`/`savepoint` hand
 *   their callback a client that does the same
 */
export function preparedByDefault<T extends AnySql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === "unsafe") {
        return (text: string, params?: unknown[], options?: Record<string, unknown>) =>
          params && params.length > 0 ? target.unsafe(text, params as never, { ...options, prepare: true }) : target.unsafe(text, params as never, options as never);
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const last = args.length - 1;
          const callback = args[last] as (client: AnySql) => unknown;
          return (value as (...a: unknown[]) => unknown).apply(target, [...args.slice(0, last), (client: AnySql) => callback(preparedByDefault(client))]);
        };
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
