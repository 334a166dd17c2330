/**
 * Approval timeouts (004_… §9 "Approval Timeout (>30 min)"): a draft still pending at `operator_due_at` (30 min, or the
 * org's own reminder time) notifies its operator (web push + the queue's overdue mark); at `manager_due_at` (60 min, or
 * the org's) the org's supervisors, admins and owners. A superseded draft is no longer pending: nothing fires. Each level fires once (a conditional UPDATE of `escalation_level`), whether the per-approval
 * Inngest timer or the sweep gets there first, so a lost timer is caught and nothing is notified twice.
 */
import { waitingDraftText } from "./approval-push-texts";
import { and, eq, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvals, conversations, memberships } from "@/db/schema";
import { recordEvent } from "@/lib/events/record-event";
import { activeMemberIds } from "@/lib/members/active-members";
import { enqueueOutbox } from "@/lib/outbox/enqueue";
import { kickOutbox } from "@/lib/outbox/run-outbox";
import { rolesWith } from "@/lib/auth/roles";

export type TimeoutFired = {
  approvalId: string;
  orgId: string;
  level: 1 | 2;
  notified: string[];
  /** when this level fell due */
  dueAt: Date;
  /** how long after its due time it fired (ms): 0 on time, more after downtime */
  lateMs: number;
};

/** Level 1: the assignee while an active member, else every active agent; level 2: active supervisors, admins, owners. */
async function recipients(db: Db, orgId: string, level: 1 | 2, assigneeId: string | null): Promise<string[]> {
  if (level === 1 && assigneeId) {
    const [active] = await db.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, assigneeId), eq(memberships.status, "active")));
    if (active) return [active.userId];
  }
  return activeMemberIds(db, orgId, rolesWith(level === 1 ? "firstApprovalReminder" : "approvalEscalations"));
}

/**
 * Fires every due timeout level (or only `approvalId`'s) at `now`: raises `escalation_level` once per level and
 * notifies by web push (an outbox row committed with the level, dispatched at once), recording `approval_timeout` events with the level's real due time (`due_at`) and how late it
 * fired (`late_ms`): after downtime each missed level fires once, late, and the notice gives the real wait.
 * @returns what fired, with the members notified, the due time and the lateness
 */
export async function fireApprovalTimeouts(db: Db, { now = new Date(), approvalId }: { now?: Date; approvalId?: string } = {}): Promise<TimeoutFired[]> {
  const fired: TimeoutFired[] = [];
  const queued: string[] = [];
  for (const level of [1, 2] as const) {
    const due: SQL = level === 1 ? lte(approvals.operatorDueAt, now) : lte(approvals.managerDueAt, now);
    // the level, its notice (an outbox row) and its event commit together: a crash after it loses no notice
    await db.transaction(async (tx) => {
      const rows = await tx
        .update(approvals)
        .set({ escalationLevel: level })
        .where(and(eq(approvals.status, "pending"), sql`${approvals.escalationLevel} < ${level}`, due, approvalId ? eq(approvals.id, approvalId) : undefined))
        .returning({ id: approvals.id, orgId: approvals.orgId, assigneeId: approvals.assigneeId, conversationId: approvals.conversationId, createdAt: approvals.createdAt, dueAt: level === 1 ? approvals.operatorDueAt : approvals.managerDueAt });
      for (const r of rows) {
        const [conv] = await tx.select({ customer: conversations.contactName, priority: conversations.priority }).from(conversations).where(eq(conversations.id, r.conversationId));
        const notified = await recipients(tx, r.orgId, level, r.assigneeId);
        // after downtime a timeout fires late, once: the notice says how long the draft really waited
        const lateMs = Math.max(0, now.getTime() - r.dueAt.getTime());
        // the level's own wait (the org's reminder times), or longer after downtime
        const minutes = Math.max(Math.round((r.dueAt.getTime() - r.createdAt.getTime()) / 60_000), Math.floor((now.getTime() - r.createdAt.getTime()) / 60_000));
        const text = waitingDraftText({ minutes, priority: conv?.priority ?? "P2", customer: conv?.customer ?? null, slaRisk: level === 2 });
        queued.push(
          await enqueueOutbox(tx, {
            orgId: r.orgId,
            topic: "members/push.requested",
            dedupKey: `approval-timeout:${r.id}:${level}`,
            payload: {
              orgId: r.orgId,
              userIds: notified,
              kind: "approval_timeout",
              urgency: level === 2 ? "high" : "normal",
              // English as the default, and each member's devices get it in their own language
              payload: { ...text.en!, tag: `approval:${r.id}`, url: `/approvals?id=${r.id}`, alertId: null },
              localized: text,
            },
          }),
        );
        await recordEvent(tx, { orgId: r.orgId, conversationId: r.conversationId, name: "approval_timeout", dedupKey: `approval_timeout:${r.id}:${level}`, properties: { approval_id: r.id, level, minutes, notified: notified.length, due_at: r.dueAt.toISOString(), late_ms: lateMs } });
        fired.push({ approvalId: r.id, orgId: r.orgId, level, notified, dueAt: r.dueAt, lateMs });
      }
    });
  }
  // the notices go out now (the outbox's every-minute job retries whatever this misses)
  await kickOutbox(db, queued);
  return fired;
}
