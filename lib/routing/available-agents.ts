import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";

/**
 * How many of the org's agents are online, and how many of those have room for another conversation (online,
 * active, under capacity) — for the traffic-split "no agent available" banner (000_… BTS-S03).
 */
export async function countAvailableAgents(db: Db, { orgId }: { orgId: string }): Promise<{ online: number; available: number }> {
  const [row] = await executeRows<{ online: number; available: number }>(db, sql`
    select count(*)::int as online,
      count(*) filter (where (select count(*) from conversations c where c.org_id = m.org_id and c.assign_channel_agent_id = m.user_id and c.status = 'ASSIGNED') < m.capacity)::int as available
    from memberships m
    where m.org_id = ${orgId} and m.role = 'agent' and m.status = 'active' and m.availability = 'online'`);
  return { online: row?.online ?? 0, available: row?.available ?? 0 };
}
