/**
 * PostgreSQL's own write ceiling on this machine: `pgbench -N` (TPC-B without the branch/teller updates: 3 updates,
 * a select and an insert per transaction, each committed) against a scratch database on the same server, for the
 * ingest benchmark to report its figures as a share of (issue 20 item 3).
 */
import { spawnSync } from "node:child_process";

/**
 * Initializes a scratch `tandem_pgbench` database (scale 10) on the server of `url`.
 * @returns false when pgbench is not installed or the server refuses (the caller reports "no ceiling")
 */
export function initPgbench(url: string): boolean {
  const target = pgbenchTarget(url);
  const admin = spawnSync("psql", [...target.args, "-d", "postgres", "-qc", "DROP DATABASE IF EXISTS tandem_pgbench WITH (FORCE)", "-c", "CREATE DATABASE tandem_pgbench"], { encoding: "utf8", env: target.env });
  if (admin.status !== 0) return false;
  const init = spawnSync("pgbench", [...target.args, "-i", "-q", "-s", "10", "tandem_pgbench"], { encoding: "utf8", env: target.env });
  return init.status === 0;
}

/**
 * Runs `pgbench -N` for `seconds` at `clients` connections (2 threads: the machine's cores).
 * @returns committed transactions per second (excluding connection time), or null when pgbench failed
 */
export function pgbenchTps(url: string, { clients, seconds }: { clients: number; seconds: number }): number | null {
  const target = pgbenchTarget(url);
  const run = spawnSync("pgbench", [...target.args, "-N", "-c", String(clients), "-j", "2", "-T", String(seconds), "tandem_pgbench"], { encoding: "utf8", env: target.env });
  const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(run.stdout ?? "");
  return match ? Number(match[1]) : null;
}

/** Drops the scratch database. */
export function dropPgbench(url: string): void {
  const target = pgbenchTarget(url);
  spawnSync("psql", [...target.args, "-d", "postgres", "-qc", "DROP DATABASE IF EXISTS tandem_pgbench WITH (FORCE)"], { env: target.env });
}

/** Host, port and user of `url` as libpq arguments; the password (if any) only in the child's environment. */
function pgbenchTarget(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const args = ["-h", u.hostname, "-p", u.port || "5432", "-U", decodeURIComponent(u.username || "postgres")];
  return { args, env: { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) } };
}
