/**
 * What the database's busy connections are waiting on during a benchmark run (issue 20 item 1: "6–8 of ~10 active
 * connections wait on advisory locks"): `pg_stat_activity` of the benchmark's database, sampled every 50 ms on a
 * connection of its own while the run goes on.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";

/** Mean number of connections per sample: running a statement, and of those waiting on a lock. */
export type LockWaits = { active: number; advisory: number; row: number; otherLock: number; samples: number };

const SAMPLE_MS = 50;

/**
 * Samples `pg_stat_activity` (this database, other backends, `state = 'active'`) while `work` runs.
 * @param db a connection of its own (its sampling statement is left out of the counts)
 * @returns `work`'s result and the mean active connections, those waiting on an advisory lock (`advisory`), on a row
 *   (`transactionid` or `tuple`: another transaction holds the row) and on any other lock, per sample
 * @throws whatever `work` throws
 */
export async function sampleLockWaits<T>(db: Db, work: () => Promise<T>): Promise<{ result: T; waits: LockWaits }> {
  const totals = { active: 0, advisory: 0, row: 0, otherLock: 0, samples: 0 };
  let running = true;
  const sampler = (async () => {
    while (running) {
      const [s] = await executeRows<{ active: number; advisory: number; row: number; other: number }>(
        db,
        sql`SELECT count(*)::int AS active,
              count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory')::int AS advisory,
              count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event IN ('transactionid', 'tuple'))::int AS row,
              count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event NOT IN ('advisory', 'transactionid', 'tuple'))::int AS other
            FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
      );
      totals.active += Number(s?.active ?? 0);
      totals.advisory += Number(s?.advisory ?? 0);
      totals.row += Number(s?.row ?? 0);
      totals.otherLock += Number(s?.other ?? 0);
      totals.samples++;
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  try {
    return { result: await work(), waits: mean(totals) };
  } finally {
    running = false;
    await sampler;
  }
}

function mean(t: LockWaits): LockWaits {
  const n = Math.max(1, t.samples);
  return { active: t.active / n, advisory: t.advisory / n, row: t.row / n, otherLock: t.otherLock / n, samples: t.samples };
}

/** e.g. `lock waits: 0.1 advisory, 1.2 row, 0.0 other of 9.8 active` */
export function describeLockWaits(w: LockWaits): string {
  return `lock waits: ${w.advisory.toFixed(1)} advisory, ${w.row.toFixed(1)} row, ${w.otherLock.toFixed(1)} other of ${w.active.toFixed(1)} active connections`;
}
