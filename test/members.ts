/**
 * Signed-in members for tests: signs a seeded user in the way the app does (verifyCredentials → startSession →
 * loadSessionMember), so the `Membership` an action receives is exactly what a request would carry.
 */
import { and, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, memberships, users } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { loadSessionMember, startSession, type Membership } from "@/lib/auth/sessions";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";

/** Signs `email` in and returns the session's member (throws when sign-in is refused). */
export async function signIn(db: Db, email: string, password = DEMO_PASSWORD): Promise<Membership> {
  const user = await verifyCredentials(db, { email, password });
  if (!user) throw new Error(`test: sign-in refused for ${email}`);
  const sessionId = await startSession(db, { userId: user.userId, orgId: user.orgId, userAgent: "vitest" });
  const member = await loadSessionMember(db, { sessionId, userId: user.userId });
  if (!member) throw new Error(`test: no session member for ${email}`);
  return member;
}

/** The seeded `role@emailDomain` user of an org, signed in. */
export function signInAs(db: Db, org: { emailDomain: string }, role: Role): Promise<Membership> {
  return signIn(db, `${role}@${org.emailDomain}`);
}

/** The user id of a seeded `role@emailDomain` user. */
export async function userIdOf(db: Db, org: { emailDomain: string }, role: Role): Promise<string> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, `${role}@${org.emailDomain}`));
  if (!row) throw new Error(`test: no ${role} user in ${org.emailDomain}`);
  return row.id;
}

/** A member's row in an org (role, status, capacity, availability), or undefined. */
export async function membershipOf(db: Db, orgId: string, userId: string) {
  const [row] = await db
    .select({ role: memberships.role, status: memberships.status, capacity: memberships.capacity, availability: memberships.availability })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row;
}

/** How many audit entries an org has. */
export async function auditCount(db: Db, orgId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.orgId, orgId));
  return row!.n;
}

/** An org's audit entries, oldest first. */
export function auditEntries(db: Db, orgId: string) {
  return db.select().from(auditLog).where(eq(auditLog.orgId, orgId)).orderBy(auditLog.id);
}
