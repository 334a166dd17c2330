import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { invitations, memberships, users } from "@/db/schema";

/** The org's members (name, email, role, status, last seen, agent availability/capacity), by name. */
export function listMembers(db: Db, { orgId }: { orgId: string }) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      status: memberships.status,
      lastSeenAt: memberships.lastSeenAt,
      availability: memberships.availability,
      capacity: memberships.capacity,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(users.name));
}

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

/** Invitations not yet accepted, revoked or expired, newest first. */
export function listPendingInvitations(db: Db, { orgId, now = new Date() }: { orgId: string; now?: Date }) {
  return db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
    .orderBy(desc(invitations.createdAt));
}
