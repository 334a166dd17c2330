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
 * because someone else was busy assigning; a single lock per transaction cannot deadlock with another. The lock is
 * only ever held by a short transaction of its own (two statements), never across an ingest (issue 20):
 * {@link assignQueuedConversation} runs after the message's transaction has committed the conversation to the queue.
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

/** Online agents of the org with room for another conversation (open load under their capacity). */
function agentsWithRoomIn(orgId: string) {
  return and(onlineAgentsOf(orgId), sql`${openLoad} < ${memberships.capacity}`);
}

/**
 * Assigns a queued conversation (`WAITING_ASSIGN_AGENT`) to an available agent, inside the caller's transaction (which
 * holds the org's assignment lock from here until it commits: keep it short).
 * @returns the agent's user id, or null when no agent is available or the conversation is no longer queued
 */
export async function assignAvailableAgent(
  tx: Tx,
  { orgId, conversationId, now = new Date() }: { orgId: string; conversationId: string; now?: Date },
): Promise<string | null> {
  // the lock, then one fresh statement after it (it sees every assignment committed by whoever held the lock before
  // us): pick the least-loaded agent with room, assign the conversation if it is still queued, and stamp the agent.
  // Both are sent at once (one round trip on PostgreSQL, issue 20): the server runs them in order, so the pick still
  // starts only once the lock is held.
  const locked = executeRows(tx, sql`select pg_advisory_xact_lock(hashtextextended(${`tandem:assign:${orgId}`}, 0))`);
  const picked = tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(agentsWithRoomIn(orgId))
    .orderBy(asc(openLoad), sql`${memberships.lastAssignedAt} asc nulls first`, asc(memberships.userId))
    .limit(1);
  const [, [row]] = await Promise.all([
    locked,
    executeRows<{ user_id: string }>(
      tx,
      sql`WITH picked AS (${picked}),
        assigned AS (
          UPDATE ${conversations} SET assign_channel_agent_id = picked.user_id, status = 'ASSIGNED', assigned_at = ${now.toISOString()}::timestamptz
          FROM picked
          WHERE ${conversations.id} = ${conversationId} AND ${conversations.orgId} = ${orgId} AND ${conversations.status} = 'WAITING_ASSIGN_AGENT'
            -- an agent editor's preview chat never goes to a real agent
            AND ${notPreview()}
          RETURNING picked.user_id
        ),
        stamped AS (
          UPDATE ${memberships} SET last_assigned_at = ${now.toISOString()}::timestamptz
          FROM assigned WHERE ${memberships.orgId} = ${orgId} AND ${memberships.userId} = assigned.user_id
        )
        SELECT user_id FROM assigned`,
    ),
  ]);
  return row?.user_id ?? null;
}

/**
 * Auto-assigns a conversation its own transaction has already committed to the queue (the ingest path, issue 20).
 * When no agent has room it returns at once without taking the org's lock: the conversation is already queued, and
 * whoever frees a slot or comes online drains the queue afterwards ({@link drainQueue}), so no free agent is skipped.
 * @returns the agent's user id, or null (the conversation stays `WAITING_ASSIGN_AGENT`)
 * @throws database errors
 */
export async function assignQueuedConversation(db: Db, p: { orgId: string; conversationId: string; now?: Date }): Promise<string | null> {
  const [room] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(agentsWithRoomIn(p.orgId))
    .limit(1);
  if (!room) return null;
  return db.transaction((tx) => assignAvailableAgent(tx, p));
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

/**
 * The safety net of auto-assignment (issue 16): a conversation whose ingest committed it to the queue but whose
 * process died before {@link assignQueuedConversation} ran waits while an agent has room. Every minute the schedule's
 * outbox job drains the queue of each org that has queued conversations and an online agent with room (checked
 * without a lock; {@link drainQueue} does the assigning).
 * @returns conversations assigned, over all orgs
 * @throws database errors
 */
export async function drainQueuesWithRoom(db: Db): Promise<number> {
  const orgs = await executeRows<{ id: string }>(
    db,
    sql`SELECT o.id FROM organizations o
        WHERE EXISTS (SELECT 1 FROM conversations c WHERE c.org_id = o.id AND c.status = 'WAITING_ASSIGN_AGENT')`,
  );
  let assigned = 0;
  for (const { id } of orgs) {
    const [room] = await db.select({ userId: memberships.userId }).from(memberships).where(agentsWithRoomIn(id)).limit(1);
    if (room) assigned += await drainQueue(db, { orgId: id });
  }
  return assigned;
}
