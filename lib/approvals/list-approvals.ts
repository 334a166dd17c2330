/**
 * The approvals queue and one approval's detail (004_… §4 Step 3, the approvals drawer), scoped to the caller's org.
 * Agents see drafts assigned to them or to nobody; supervisors, admins and owners see all, including escalations.
 */
import { canAccess } from "@/lib/auth/roles";
import { aliasedTable, and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { approvals, channelIntegrations, conversations, messages, users } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
export const APPROVAL_TABS = ["pending", "escalated", "sent", "superseded"] as const;
export type ApprovalTab = (typeof APPROVAL_TABS)[number];

/** Queue URL params: `tab` (pending | escalated | sent | superseded), `id` (the approval open in the drawer). */
export const approvalParamsSchema = z.object({
  tab: z.preprocess(first, z.enum(APPROVAL_TABS).catch("pending")).default("pending"),
  id: z.preprocess(first, z.uuid().optional().catch(undefined)),
});

/** Largest queue page. */
export const QUEUE_LIMIT = 200;

function visibleTo(actor: Pick<Membership, "role" | "userId">): SQL | undefined {
  return !canAccess(actor.role, "decideAnyApproval") ? or(isNull(approvals.assigneeId), eq(approvals.assigneeId, actor.userId)) : undefined;
}

/**
 * The queue for a tab: pending ones by priority then SLA due time (most urgent first); escalated and sent newest first.
 * @returns rows with priority, SLA due, customer, confidence, created (for the age) and assignee
 */
export async function listApprovals(db: Db, { actor, tab }: { actor: Pick<Membership, "orgId" | "role" | "userId">; tab: ApprovalTab }) {
  const assignee = aliasedTable(users, "assignee");
  const statuses = tab === "pending" ? (["pending", "sending"] as const) : tab === "escalated" ? (["escalated"] as const) : tab === "superseded" ? (["superseded"] as const) : (["sent"] as const);
  const rows = await db
    .select({
      id: approvals.id,
      status: approvals.status,
      decision: approvals.decision,
      confidence: approvals.confidence,
      createdAt: approvals.createdAt,
      sentAt: approvals.sentAt,
      lastSendError: approvals.lastSendError,
      gradedAt: approvals.gradedAt,
      escalationLevel: approvals.escalationLevel,
      priority: conversations.priority,
      slaDueAt: conversations.slaFirstResponseDueAt,
      customer: conversations.contactName,
      contactId: conversations.contactId,
      preview: conversations.firstMessagePreview,
      channel: channelIntegrations.name,
      assigneeName: assignee.name,
      assigneeId: approvals.assigneeId,
    })
    .from(approvals)
    .innerJoin(conversations, eq(conversations.id, approvals.conversationId))
    .innerJoin(channelIntegrations, eq(channelIntegrations.id, conversations.channelId))
    .leftJoin(assignee, eq(assignee.id, approvals.assigneeId))
    .where(and(eq(approvals.orgId, actor.orgId), inArray(approvals.status, [...statuses]), visibleTo(actor)))
    // ordered in SQL, before the limit: a busy queue must keep its most urgent drafts, not its oldest
    .orderBy(
      ...(tab === "pending"
        ? [sql`coalesce(${conversations.priority}, 'P2') ASC`, sql`${conversations.slaFirstResponseDueAt} ASC NULLS LAST`, asc(approvals.createdAt)]
        : [desc(approvals.createdAt)]),
    )
    .limit(QUEUE_LIMIT);
  return rows;
}

export type ApprovalRow = Awaited<ReturnType<typeof listApprovals>>[number];

/** One approval with its conversation's recent public messages, or null when not visible to the caller. */
export async function getApprovalDetail(db: Db, { actor, approvalId }: { actor: Pick<Membership, "orgId" | "role" | "userId">; approvalId: string }) {
  const [row] = await db
    .select({ approval: approvals, conversation: conversations, channel: channelIntegrations.name })
    .from(approvals)
    .innerJoin(conversations, eq(conversations.id, approvals.conversationId))
    .innerJoin(channelIntegrations, eq(channelIntegrations.id, conversations.channelId))
    .where(and(eq(approvals.id, approvalId), eq(approvals.orgId, actor.orgId), visibleTo(actor)));
  if (!row) return null;
  const history = (
    await db
      .select({ id: messages.id, sender: messages.sender, content: messages.content, sentAt: messages.sentAt })
      .from(messages)
      .where(and(eq(messages.conversationId, row.conversation.id), eq(messages.isPrivate, false)))
      .orderBy(desc(messages.sentAt))
      .limit(20)
  ).reverse();
  return { ...row, history };
}

export type ApprovalDetail = NonNullable<Awaited<ReturnType<typeof getApprovalDetail>>>;
