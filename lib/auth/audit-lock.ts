/**
 * Audit entries for a protection that kicked in on an account (issue 17 item 4): a sign-in lock after too many wrong
 * passwords, or the password-change limit. Written in every organization where the account is an active member
 * (area `members`, by "Sign-in protection"), so its admins see it in Settings › Audit log. An email without an
 * account writes nothing (and the caller's answer never tells the difference).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, memberships, users } from "@/db/schema";

/** The audit log's actor name for these entries. */
export const PROTECTION_ACTOR = "Sign-in protection";

/**
 * Records `action` (e.g. `member.sign_in_locked`) against the account named by `userId` or `email`.
 * @param changes what to show, e.g. `{ locked_for_s: { from: null, to: 30 } }`
 */
export async function auditLimitReached(
  db: Db,
  { userId, email, action, changes = {} }: { userId?: string; email?: string; action: string; changes?: Record<string, { from: unknown; to: unknown }> },
): Promise<void> {
  const who = userId ? eq(users.id, userId) : email ? eq(users.email, email.toLowerCase()) : undefined;
  if (!who) return;
  const rows = await db
    .select({ orgId: memberships.orgId, userId: users.id, email: users.email })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.status, "active")))
    .where(who);
  if (rows.length === 0) return;
  await db.insert(auditLog).values(rows.map((r) => ({ orgId: r.orgId, actorUserId: null, actorName: PROTECTION_ACTOR, area: "members" as const, action, targetId: r.userId, targetLabel: r.email, changes })));
}
