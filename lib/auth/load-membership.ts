import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, organizations, users } from "@/db/schema";
import type { Role } from "./roles";

export type Membership = {
  userId: string;
  name: string;
  email: string;
  orgId: string;
  orgName: string;
  timezone: string;
  locale: string;
  role: Role;
};

/**
 * The current membership of a signed-in user, read from the database on every request so a changed or
 * removed role takes effect at once (the session only says who the user is).
 * @returns null when the membership no longer exists
 */
export async function loadMembership(db: Db, { userId, orgId }: { userId: string; orgId: string }): Promise<Membership | null> {
  const [row] = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      orgId: organizations.id,
      orgName: organizations.name,
      timezone: organizations.timezone,
      locale: organizations.locale,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(memberships.orgId, orgId)))
    .limit(1);
  return row ?? null;
}
