import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";

/** The user ids of the org's active members with one of `roles` (who to notify). */
export async function activeMemberIds(db: Db, orgId: string, roles: readonly Role[]): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.status, "active"), inArray(memberships.role, [...roles])));
  return rows.map((r) => r.userId);
}
