/**
 * Auto-assignment of human-handled conversations — Tandem's equivalent of the seed's
 * SendMessageAutoAssignAgentWorker (000_… BTS-S03): an agent who is online, active and under their capacity,
 * least loaded first (ties: whoever waited longest since their last assignment); otherwise the conversation stays
 * in the human queue (`WAITING_ASSIGN_AGENT`) and is never handed to the bot or re-tagged. When an agent becomes
 * available, {@link drainQueue} assigns queued conversations in arrival order.
 *
 * Race safety: each candidate agent is claimed with a transaction-scoped advisory try-lock (the equivalent of
 * `FOR UPDATE SKIP LOCKED` without blocking unrelated writes to the member row), and their load is re-counted in a
 * fresh statement after the claim, so two concurrent assignments can never push an agent over capacity.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { conversations, memberships } from "@/db/schema";

type Tx = Db;

/** How many candidates one assignment tries before leaving the conversation queued. */
const MAX_CANDIDATES = 10;

const openLoad = sql<number>`(select count(*)::int from ${conversations} c
  where c.org_id = ${memberships.orgId} and c.assign_channel_agent_id = ${memberships.userId} and c.status = 'ASSIGNED')`;

/**
 * Assigns a queued conversation (`WAITING_ASSIGN_AGENT`) to an available agent, inside the caller's transaction.
 * @returns the agent's user id, or null when no agent is available (the conversation stays queued)
 */
export async function assignAvailableAgent(
  tx: Tx,
  { orgId, conversationId, now = new Date() }: { orgId: string; conversationId: string; now?: Date },
): Promise<string | null> {
  const candidates = await tx
    .select({ userId: memberships.userId, capacity: memberships.capacity, load: openLoad })
    .from(memberships)
    .where(
      and(
        eq(memberships.orgId, orgId),
        eq(memberships.role, "agent"),
        eq(memberships.status, "active"),
        eq(memberships.availability, "online"),
        sql`${openLoad} < ${memberships.capacity}`,
      ),
    )
    .orderBy(asc(openLoad), sql`${memberships.lastAssignedAt} asc nulls first`, asc(memberships.userId))
    .limit(MAX_CANDIDATES);

  for (const candidate of candidates) {
    const [claim] = await executeRows<{ claimed: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(hashtextextended(${`tandem:assign:${orgId}:${candidate.userId}`}, 0)) as claimed`,
    );
    if (!claim?.claimed) continue;
    // fresh statement, fresh snapshot: sees assignments committed by whoever held the claim before us
    const [agent] = await tx
      .select({ load: openLoad, capacity: memberships.capacity })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, candidate.userId), eq(memberships.status, "active"), eq(memberships.availability, "online")));
    if (!agent || agent.load >= agent.capacity) continue;
    const [assigned] = await tx
      .update(conversations)
      .set({ assignChannelAgentId: candidate.userId, status: "ASSIGNED", assignedAt: now })
      .where(and(eq(conversations.id, conversationId), eq(conversations.orgId, orgId), eq(conversations.status, "WAITING_ASSIGN_AGENT")))
      .returning({ id: conversations.id });
    if (!assigned) return null; // someone else already took it
    await tx
      .update(memberships)
      .set({ lastAssignedAt: now })
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, candidate.userId)));
    return candidate.userId;
  }
  return null;
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
        .where(and(eq(conversations.orgId, orgId), eq(conversations.status, "WAITING_ASSIGN_AGENT")))
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
