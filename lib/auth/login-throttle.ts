/**
 * Sign-in throttling per account (issue 17): the first {@link FREE_FAILURES} wrong passwords in a row cost nothing;
 * each one after locks the email for 30 s, then 1, 2, 4, 8 minutes, at most {@link MAX_LOCK_MS} — during a lock even
 * the right password is refused. A successful sign-in clears the count; failures more than a day apart start over.
 * Kept in PostgreSQL (`login_throttle`), so every Tandem instance sees the same count. Each lock is audited in the
 * account's organizations. Per client address, sign-in is also limited by lib/auth/attempt-limits.ts (in auth.ts).
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginThrottle } from "@/db/schema";
import { auditLimitReached } from "./audit-lock";
import { credentialsSchema, verifyCredentials, type SessionUser } from "./verify-credentials";

/** Wrong passwords in a row allowed before the first lock. */
export const FREE_FAILURES = 5;
/** The first lock (ms); each further failure doubles it. */
export const FIRST_LOCK_MS = 30_000;
/** The longest lock (ms). */
export const MAX_LOCK_MS = 15 * 60_000;
/** Failures further apart than this (ms) start the count over. */
export const FAILURE_MEMORY_MS = 86_400_000;

export type LoginAttempt = { ok: true; user: SessionUser } | { ok: false; reason: "invalid" } | { ok: false; reason: "locked"; retryAfterMs: number };

/** How long the lock after the `failures`-th failure in a row lasts (ms; 0 while free). */
export function lockAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FREE_FAILURES));
}

/** The normalized email a throttle row is keyed by, or null for input that is not an email. */
function keyOf(input: unknown): string | null {
  const parsed = credentialsSchema.shape.email.safeParse((input as { email?: unknown } | null)?.email);
  return parsed.success ? parsed.data.toLowerCase() : null;
}

/**
 * How long `email` is still locked at `now` (ms), 0 when it is not.
 */
export async function lockedFor(db: Db, email: string, now = new Date()): Promise<number> {
  const [row] = await db.select({ lockedUntil: loginThrottle.lockedUntil }).from(loginThrottle).where(eq(loginThrottle.email, email.toLowerCase()));
  return row?.lockedUntil ? Math.max(0, row.lockedUntil.getTime() - now.getTime()) : 0;
}

/**
 * One sign-in attempt: refused while the email is locked; otherwise the credentials are checked
 * ({@link verifyCredentials}), a failure counted (and the lock set past {@link FREE_FAILURES}), a success clearing
 * the count.
 * @param input `{ email, password }` as submitted
 * @param now the clock (tests)
 * @returns the session user, `invalid`, or `locked` with how long is left (ms)
 */
export async function attemptLogin(db: Db, input: unknown, now = new Date()): Promise<LoginAttempt> {
  const email = keyOf(input);
  if (email) {
    const left = await lockedFor(db, email, now);
    if (left > 0) return { ok: false, reason: "locked", retryAfterMs: left };
  }
  const user = await verifyCredentials(db, input);
  if (user) {
    if (email) await db.delete(loginThrottle).where(eq(loginThrottle.email, email));
    return { ok: true, user };
  }
  if (email) await recordSignInFailure(db, email, now);
  return { ok: false, reason: "invalid" };
}

/**
 * Counts one wrong password for the account `email` (a sign-in, or the existing-account password asked when accepting
 * an invitation): past {@link FREE_FAILURES} in a row the account is locked ({@link lockAfter}) and the lock audited.
 * @returns the lock set (ms), 0 while free
 */
export async function recordSignInFailure(db: Db, email: string, now = new Date()): Promise<number> {
  const key = email.toLowerCase();
  const at = now.toISOString();
  const [row] = await db
    .insert(loginThrottle)
    .values({ email: key, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: loginThrottle.email,
      set: {
        failures: sql`CASE WHEN ${loginThrottle.lastFailureAt} < ${at}::timestamptz - make_interval(secs => ${FAILURE_MEMORY_MS / 1000}) THEN 1 ELSE ${loginThrottle.failures} + 1 END`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: loginThrottle.failures });
  const lock = lockAfter(row?.failures ?? 1);
  if (lock > 0) {
    await db.update(loginThrottle).set({ lockedUntil: new Date(now.getTime() + lock) }).where(eq(loginThrottle.email, key));
    await auditLimitReached(db, { email: key, action: "member.sign_in_locked", changes: { wrong_passwords: { from: null, to: row?.failures ?? 1 }, locked_for_s: { from: null, to: lock / 1000 } } });
  }
  return lock;
}

