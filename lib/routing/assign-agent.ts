/**
 * Auto-assignment of human-handled conversations — Tandem's equivalent of the seed's
 * SendMessageAutoAssignAgentWorker (000_… BTS-S03): an agent who is online, active and under their capacity,
 * least loaded first (ties: whoever waited longest since their last assignment); otherwise the conversation stays
 * in the human queue (`WAITING_ASSIGN_AGENT`) and is never handed to the bot or re-tagged. When an agent becomes
 * available, {@link drainQueue} assigns queued conversations in arrival order.
 *
 * Race safety: every assignment in an org first takes a transaction-scoped advisory lock for that org, then reads
 * the agents' load in a fresh statement. Assignments in one org are therefore applied one after the other (each
 * sees the ones committed before it), so an agent is never pushed over capacity and a free agent is never skipped
 * because someone else was busy assigning; a single lock per transaction cannot deadlock with another.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { conversations, memberships } from "@/db/schema";
import { notPreview } from "@/lib/conversations/not-preview";

type Tx = Db;

/** An agent's open load: their `ASSIGNED` conversations (correlated on the `memberships` row of the outer query). */
export const openLoad = sql<number>`(select count(*)::int from ${conversations} c
  where c.org_id = ${memberships.orgId} and c.assign_channel_agent_id = ${memberships.userId} and c.status = 'ASSIGNED')`;

/** Active agents of the org who are online (the only members auto-assignment considers). */
export function onlineAgentsOf(orgId: string) {
  return and(eq(memberships.orgId, orgId), eq(memberships.role, "agent"), eq(memberships.status, "active"), eq(memberships.availability, "online"));
}

/**
 * Assigns a queued conversation (`WAITING_ASSIGN_AGENT`) to an available agent, inside the caller's transaction.
 * @returns the agent's user id, or null when no agent is available (the conversation stays queued)
 */
export async function assignAvailableAgent(
  tx: Tx,
  { orgId, conversationId, now = new Date() }: { orgId: string; conversationId: string; now?: Date },
): Promise<string | null> {
  await executeRows(tx, sql`select pg_advisory_xact_lock(hashtextextended(${`tandem:assign:${orgId}`}, 0))`);
  // fresh statement after the lock: sees every assignment committed by whoever held it before us
  const [agent] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(onlineAgentsOf(orgId), sql`${openLoad} < ${memberships.capacity}`))
    .orderBy(asc(openLoad), sql`${memberships.lastAssignedAt} asc nulls first`, asc(memberships.userId))
    .limit(1);
  if (!agent) return null;
  const [assigned] = await tx
    .update(conversations)
    .set({ assignChannelAgentId: agent.userId, status: "ASSIGNED", assignedAt: now })
    // an agent editor's preview chat never goes to a real agent
    .where(and(eq(conversations.id, conversationId), eq(conversations.orgId, orgId), eq(conversations.status, "WAITING_ASSIGN_AGENT"), notPreview()))
    .returning({ id: conversations.id });
  if (!assigned) return null; // someone else already took it
  await tx
    .update(memberships)
    .set({ lastAssignedAt: now })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, agent.userId)));
  return agent.userId;
}

/**
 * Assigns queued conversations of the org in arrival order (`handover_at`, else `created_at`) while an agent is
 * available. Each assignment is its own short transaction; queued rows are claimed with `FOR UPDATE SKIP LOCKED`,
 * so concurrent drains never assign one conversation twice.
 * @returns how many conversations were assigned
 */
export async function drainQueue(db: Db, { orgId, limit = 500 }: { orgId: string; limit?: number }): Promise<number> {
  let assigned = 0;
  while (assigned < limit) {
    const done = await db.transaction(async (tx) => {
      const [next] = await tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.orgId, orgId), eq(conversations.status, "WAITING_ASSIGN_AGENT"), notPreview()))
        .orderBy(sql`coalesce(${conversations.handoverAt}, ${conversations.createdAt})`, asc(conversations.id))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!next) return true;
      const agent = await assignAvailableAgent(tx, { orgId, conversationId: next.id });
      return agent === null;
    });
    if (done) break;
    assigned++;
  }
  return assigned;
}
