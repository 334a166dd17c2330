/**
 * Failure limits for everything that takes a password or a secret token (issue 17 item 4), counted in PostgreSQL by
 * `rate-limiter-flexible` (`RateLimiterDrizzle` over the `rate_limits` table), so every Tandem instance sees the same
 * counts, on the embedded database too:
 * - per client address: {@link CLIENT_FAILURES} failed sign-ins, invitation acceptances and password changes together
 *   in {@link WINDOW_MS} — then every such attempt from that address waits for the window to end, right password or not;
 * - per account, for password changes: {@link PASSWORD_CHANGE_FAILURES} wrong current passwords in {@link WINDOW_MS}.
 * Sign-in also keeps its per-account lock (lib/auth/login-throttle.ts). A limit that is reached is audited where there
 * is an organization to audit it in (lib/auth/audit-lock.ts): the account's, for a per-account limit and for an address
 * that used up its allowance on that account ({@link countClientFailure}).
 */
import { lt } from "drizzle-orm";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { say } from "@/lib/i18n/language-scope";
import { auditLimitReached } from "./audit-lock";
import { rateLimits } from "@/db/schema";

/** Failed attempts allowed per client address in a window. */
export const CLIENT_FAILURES = 30;
/** Wrong current passwords allowed per account in a window. */
export const PASSWORD_CHANGE_FAILURES = 5;
/** The counting window (ms): 15 minutes. */
export const WINDOW_MS = 15 * 60_000;

export type Limit = "client" | "passwordChange";
const POINTS: Record<Limit, number> = { client: CLIENT_FAILURES, passwordChange: PASSWORD_CHANGE_FAILURES };

const limiters = new WeakMap<Db, Map<Limit, RateLimiterDrizzle>>();

function limiter(db: Db, limit: Limit): RateLimiterDrizzle {
  let forDb = limiters.get(db);
  if (!forDb) limiters.set(db, (forDb = new Map()));
  let l = forDb.get(limit);
  if (!l) {
    // expired rows are pruned by the nightly job, not by a timer in every process
    l = new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix: limit, points: POINTS[limit], duration: WINDOW_MS / 1000, clearExpiredByTimeout: false });
    forDb.set(limit, l);
  }
  return l;
}

/**
 * How long `subject` must still wait under `limit` (ms), 0 when it may try.
 * @param subject a client address (`clientAddress`) or a user id
 */
export async function waitFor(db: Db, limit: Limit, subject: string): Promise<number> {
  const res = await limiter(db, limit).get(subject);
  return res && res.consumedPoints >= POINTS[limit] ? Math.max(1, res.msBeforeNext) : 0;
}

/**
 * Counts one failure of `subject` under `limit`.
 * @returns `{ reached }`: true when this failure used up the window's allowance (the moment to audit), and the wait (ms)
 */
export async function countFailure(db: Db, limit: Limit, subject: string): Promise<{ reached: boolean; waitMs: number }> {
  try {
    const res = await limiter(db, limit).consume(subject);
    return { reached: res.consumedPoints === POINTS[limit], waitMs: res.consumedPoints >= POINTS[limit] ? res.msBeforeNext : 0 };
  } catch (rejected) {
    if (rejected instanceof RateLimiterRes) return { reached: false, waitMs: rejected.msBeforeNext };
    throw rejected;
  }
}

/**
 * Counts one failed attempt (sign-in, invitation, password change) from the client address `client`. When this one
 * uses up the address's allowance, the block is audited against the account that was being tried, if it is known
 * (`member.client_address_limited`, with the address), so that account's admins see someone hammering it.
 */
export async function countClientFailure(db: Db, client: string, account: { userId?: string; email?: string } = {}): Promise<void> {
  const { reached } = await countFailure(db, "client", client);
  if (reached) {
    await auditLimitReached(db, { ...account, action: "member.client_address_limited", changes: { address: { from: null, to: client }, failed_attempts: { from: null, to: CLIENT_FAILURES } } });
  }
}

/** Forgets `subject`'s failures under `limit` (after a success). */
export async function clearFailures(db: Db, limit: Limit, subject: string): Promise<void> {
  await limiter(db, limit).delete(subject);
}

/** Deletes counters whose window ended. @returns how many */
export async function pruneRateLimits(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<number> {
  return (await db.delete(rateLimits).where(lt(rateLimits.expire, now)).returning({ key: rateLimits.key })).length;
}

/**
 * The client address a request came from: the last `X-Forwarded-For` entry (added by the nearest proxy, or by Next's
 * server), else `X-Real-IP`, else `unknown` (all such requests then share one allowance).
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return (forwarded || headers.get("x-real-ip")?.trim() || "unknown").slice(0, 64);
}

/** "a minute" / "12 minutes" ("1 menit" / "12 menit" in an Indonesian scope), for a wait in ms, rounded up. */
export function waitInWords(ms: number): string {
  return say("common.tryAgainIn", { minutes: Math.max(1, Math.ceil(ms / 60_000)) });
}
