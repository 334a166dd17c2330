import { count, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships } from "@/db/schema";
import { onlineAgentsOf, openLoad } from "./assign-agent";

/**
 * How many of the org's agents are online, and how many of those have room for another conversation (the same
 * rule auto-assignment uses) — for the traffic-split "no agent available" banner (000_… BTS-S03).
 */
export async function countAvailableAgents(db: Db, { orgId }: { orgId: string }): Promise<{ online: number; available: number }> {
  const [row] = await db
    .select({ online: count(), available: sql<number>`count(*) filter (where ${openLoad} < ${memberships.capacity})::int` })
    .from(memberships)
    .where(onlineAgentsOf(orgId));
  return { online: row?.online ?? 0, available: Number(row?.available ?? 0) };
}
