/**
 * Deciding an AI draft (004_… §4 Step 3): **Approve**, **Edit & approve**, **Reject** (the operator's own reply) and
 * **Escalate** (to a supervisor, with a reason). A reply leaves through Chatwoot's API exactly once per approval: the
 * decision moves the row `pending → sending` under a row lock (a double-click or a concurrent decision finds it taken),
 * then the reply is posted and the row becomes `sent` with Chatwoot's message id. When Chatwoot fails, the row stays
 * `sending` with the error and a retry sends again — after checking Chatwoot for a reply it may have kept from the
 * failed attempt, so a lost answer never makes a second reply. Every action is audited.
 */
import { escalatedDraftText } from "./approval-push-texts";
import { canAccess, rolesWith } from "@/lib/auth/roles";
import { inngestConfigured } from "@/lib/config/inngest-configured";
import { enqueueOutbox } from "@/lib/outbox/enqueue";
import { kickOutbox } from "@/lib/outbox/run-outbox";
import { distance } from "fastest-levenshtein";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { approvals, conversations, messages } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { CHATWOOT_TIMEOUT_MS, type ChatwootClient, chatwootClient, ChatwootRetryableError } from "@/lib/chatwoot/client";
import { loadChatwootLink } from "@/lib/chatwoot/link";
import { UserError } from "@/lib/errors/user-error";
import { say, localized, type ErrorKey } from "@/lib/i18n/language-scope";
import { recordEvent } from "@/lib/events/record-event";
import { activeMemberIds } from "@/lib/members/active-members";
import { errorMessage } from "@/lib/errors/error-message";
import { replyTextSchema } from "@/lib/conversations/reply-text";
import { supersededSentence } from "./supersede-approvals";
import { callOnce } from "@/lib/chatwoot/call-once";

export const escalationReasonSchema = z.string().transform((s) => s.replace(/\r\n?/g, "\n")).pipe(z.string().trim().min(3, localized("approvals.escalationReasonTooShort", { min: 3 })).max(500, localized("approvals.escalationReasonTooLong", { max: 500 })));

type Decision = { kind: "approve" } | { kind: "edit"; text: unknown } | { kind: "reject"; text: unknown };
export type SendResult = { status: "sent"; replyId: number } | { status: "failed"; error: string; retryable: boolean };

/** Whether the member may decide this approval: supervisors, admins and owners any; agents their own or unassigned ones. */
export function mayDecide(actor: Pick<Membership, "role" | "userId">, approval: { assigneeId: string | null }): boolean {
  return canAccess(actor.role, "decideAnyApproval") || approval.assigneeId === null || approval.assigneeId === actor.userId;
}

/** A send attempt this old without a recorded result was lost with its process: retryable. */
export const STUCK_SENDING_MS = 3 * CHATWOOT_TIMEOUT_MS;
/**
 * Whether a `sending` approval is stuck: its current attempt began (`send_started_at`) more than
 * {@link STUCK_SENDING_MS} ago and recorded no result. Each attempt restarts the clock, so two retries can't race.
 */
export function isStuck(sendStartedAt: Date | null, now = Date.now()): boolean {
  return sendStartedAt !== null && now - sendStartedAt.getTime() > STUCK_SENDING_MS;
}

const actorOf = (m: Membership) => ({ userId: m.userId, name: m.name, orgId: m.orgId });

async function lockApproval(tx: Db, actor: Membership, approvalId: string) {
  if (!z.uuid().safeParse(approvalId).success) throw new UserError(say("approvals.notFound"), 404);
  const [row] = await tx
    .select({ approval: approvals, chatwootConversationId: conversations.externalId })
    .from(approvals)
    .innerJoin(conversations, eq(conversations.id, approvals.conversationId))
    .where(and(eq(approvals.id, approvalId), eq(approvals.orgId, actor.orgId)))
    .for("update", { of: approvals });
  if (!row) throw new UserError(say("approvals.notFound"), 404);
  if (!mayDecide(actor, row.approval)) throw new UserError(say("approvals.assignedToAnother"), 403);
  // Chatwoot moved on without this draft (issue 18 item 2): nothing may be sent, escalated or retried
  if (row.approval.status === "superseded") throw new UserError(supersededSentence(row.approval.supersededReason ?? "human_reply"), 409);
  return row;
}

/** Posts the reply of a `sending` approval and records the outcome (never throws for a Chatwoot failure). */
async function sendReply(db: Db, { approvalId, client, chatwootConversationId }: { approvalId: string; client: ChatwootClient; chatwootConversationId: number }): Promise<SendResult> {
  const [a] = await db.select().from(approvals).where(eq(approvals.id, approvalId));
  if (!a || a.status !== "sending" || !a.finalText) throw new UserError(say("approvals.notWaitingToSend"), 409);
  let replyId: number | null = null;
  try {
    if (a.sendAttempts > 1) {
      // a previous attempt may have reached Chatwoot without us hearing back: adopt that reply instead of sending twice
      const recent = await client.listMessages(chatwootConversationId);
      const since = (a.decidedAt?.getTime() ?? 0) / 1000 - 5;
      replyId = recent.find((m) => !m.private && (m.message_type === 1 || m.message_type === "outgoing") && m.content?.trim() === a.finalText!.trim() && m.created_at >= since)?.id ?? null;
    }
    replyId ??= await client.createMessage(chatwootConversationId, { content: a.finalText, private: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : "Chatwoot did not answer";
    await db.update(approvals).set({ lastSendError: message }).where(eq(approvals.id, approvalId));
    return { status: "failed", error: message, retryable: error instanceof ChatwootRetryableError };
  }
  const sentAt = new Date();
  await db.transaction(async (tx) => {
    await tx.update(approvals).set({ status: "sent", replyChatwootMessageId: replyId, sentAt, lastSendError: null }).where(and(eq(approvals.id, approvalId), eq(approvals.status, "sending")));
    await tx.insert(messages).values({ orgId: a.orgId, conversationId: a.conversationId, externalId: String(replyId), sender: "agent", content: a.finalText!, sentAt }).onConflictDoNothing();
    await tx
      .update(conversations)
      .set({ firstResponseAt: sql`coalesce(${conversations.firstResponseAt}, ${sentAt.toISOString()}::timestamptz)`, messageCount: sql`${conversations.messageCount} + 1`, lastMessageAt: sentAt })
      .where(eq(conversations.id, a.conversationId));
  });
  return { status: "sent", replyId: replyId! };
}

async function clientFor(db: Db, orgId: string, fetchImpl?: typeof fetch): Promise<ChatwootClient> {
  const link = await loadChatwootLink(db, orgId, "org");
  if (!link) throw new UserError(say("approvals.linkChatwootFirst"), 409);
  return chatwootClient(link.credentials, fetchImpl);
}

/**
 * With an Inngest engine, writes `approvals/approval.decided` to the outbox in the deciding transaction: it cancels
 * the approval's timer function (without an engine there is no timer; firing re-checks the status anyway).
 */
async function enqueueDecided(tx: Db, orgId: string, approvalId: string): Promise<void> {
  if (!inngestConfigured()) return;
  await enqueueOutbox(tx, { orgId, topic: "approvals/approval.decided", payload: { approvalId }, dedupKey: `approval-decided:${approvalId}` });
}

/**
 * Approve as is, edit & approve, or reject with the operator's own reply — and send it through Chatwoot once.
 * @returns `sent` with Chatwoot's message id, or `failed` (the decision stands; {@link retrySend} sends it later)
 * @throws UserError 404 (not in the org), 403 (someone else's), 409 (already decided or being sent); ZodError (bad text)
 */
export async function decideApproval(db: Db, { actor, approvalId, decision, fetchImpl }: { actor: Membership; approvalId: string; decision: Decision; fetchImpl?: typeof fetch }): Promise<SendResult> {
  const text = decision.kind === "approve" ? null : replyTextSchema.parse(decision.text);
  const client = await clientFor(db, actor.orgId, fetchImpl);
  const { chatwootConversationId } = await db.transaction(async (tx) => {
    const row = await lockApproval(tx, actor, approvalId);
    // an escalated draft is answered by a supervisor, admin or owner
    const open = row.approval.status === "pending" || (row.approval.status === "escalated" && canAccess(actor.role, "decideAnyApproval"));
    if (!open) throw new UserError(say(row.approval.status === "sending" ? "approvals.alreadySending" : row.approval.status === "escalated" ? "approvals.supervisorAnswersEscalated" : "approvals.alreadyDecided"), 409);
    const finalText = text ?? row.approval.draft;
    const kind = decision.kind === "approve" ? "approved" : decision.kind === "edit" ? (finalText === row.approval.draft ? "approved" : "edited") : "rejected";
    await tx
      .update(approvals)
      .set({ status: "sending", decision: kind, finalText, editDistance: distance(row.approval.draft, finalText), decidedBy: actor.userId, decidedAt: new Date(), sendStartedAt: new Date(), sendAttempts: sql`${approvals.sendAttempts} + 1` })
      .where(eq(approvals.id, approvalId));
    await recordAudit(tx, { actor: actorOf(actor), area: "approvals", action: `approval.${kind}`, targetId: approvalId, changes: { status: { from: row.approval.status, to: "sending" } } });
    await enqueueDecided(tx, actor.orgId, approvalId);
    return { chatwootConversationId: Number(row.chatwootConversationId) };
  });
  const result = await sendReply(db, { approvalId, client, chatwootConversationId });
  await recordEvent(db, { orgId: actor.orgId, userId: actor.userId, name: result.status === "sent" ? "approval_sent" : "approval_send_failed", properties: { approval_id: approvalId, decision: decision.kind } });
  return result;
}

/**
 * Sends again an approval whose reply failed to leave (status `sending` with an error).
 * @throws UserError 404/403, 409 when it is not waiting for a retry
 */
export async function retrySend(db: Db, { actor, approvalId, fetchImpl }: { actor: Membership; approvalId: string; fetchImpl?: typeof fetch }): Promise<SendResult> {
  const client = await clientFor(db, actor.orgId, fetchImpl);
  const { chatwootConversationId } = await db.transaction(async (tx) => {
    const row = await lockApproval(tx, actor, approvalId);
    if (row.approval.status !== "sending" || !(row.approval.lastSendError || isStuck(row.approval.sendStartedAt))) throw new UserError(say("approvals.notWaitingForRetry"), 409);
    await tx.update(approvals).set({ sendAttempts: sql`${approvals.sendAttempts} + 1`, lastSendError: null, sendStartedAt: new Date() }).where(eq(approvals.id, approvalId));
    await recordAudit(tx, { actor: actorOf(actor), area: "approvals", action: "approval.send_retried", targetId: approvalId });
    return { chatwootConversationId: Number(row.chatwootConversationId) };
  });
  return sendReply(db, { approvalId, client, chatwootConversationId });
}

/**
 * Escalates a pending draft to the supervisors with a reason (no reply leaves). In Chatwoot the conversation is
 * reassigned to the link's escalation target (an agent, else a team; the assignments API) and a private note says who
 * escalated, why and to whom — each call once (issue 18 item 3, `lib/chatwoot/call-once.ts`); a Chatwoot failure is
 * logged and the escalation stands.
 * @throws UserError 404/403/409; ZodError for a missing reason
 */
export async function escalateApproval(db: Db, { actor, approvalId, reason, fetchImpl }: { actor: Membership; approvalId: string; reason: unknown; fetchImpl?: typeof fetch }): Promise<void> {
  const why = escalationReasonSchema.parse(reason);
  let chatwootConversationId = 0;
  const notice = await db.transaction(async (tx) => {
    const row = await lockApproval(tx, actor, approvalId);
    if (row.approval.status !== "pending") throw new UserError(say("approvals.alreadyDecided"), 409);
    await tx.update(approvals).set({ status: "escalated", decision: "escalated", escalationReason: why, decidedBy: actor.userId, decidedAt: new Date() }).where(eq(approvals.id, approvalId));
    // the conversation is now a human's: no more AI drafts for it
    await tx.update(conversations).set({ status: "WAITING_ASSIGN_AGENT", handoverAt: sql`coalesce(${conversations.handoverAt}, now())` }).where(eq(conversations.id, row.approval.conversationId));
    // the reason may quote the customer: the audit keeps its length, not its text (the 90-day purge can't reach the log)
    await recordAudit(tx, { actor: actorOf(actor), area: "approvals", action: "approval.escalated", targetId: approvalId, changes: { reason: { from: null, to: `${why.length} characters` } } });
    await recordEvent(tx, { orgId: actor.orgId, userId: actor.userId, conversationId: row.approval.conversationId, name: "approval_escalated", properties: { approval_id: approvalId } });
    await enqueueDecided(tx, actor.orgId, approvalId);
    // the supervisors' notice commits with the escalation (an outbox row), sent right after
    const supervisors = await activeMemberIds(tx, actor.orgId, rolesWith("approvalEscalations"));
    chatwootConversationId = Number(row.chatwootConversationId);
    const text = escalatedDraftText({ name: actor.name, why: why.slice(0, 120) });
    return enqueueOutbox(tx, {
      orgId: actor.orgId,
      topic: "members/push.requested",
      dedupKey: `approval-escalated:${approvalId}`,
      payload: {
        orgId: actor.orgId,
        userIds: supervisors.filter((id) => id !== actor.userId),
        kind: "approval_escalated",
        urgency: "high",
        payload: { ...text.en!, tag: `approval:${approvalId}`, url: `/approvals?tab=escalated&id=${approvalId}`, alertId: null },
        localized: text,
      },
    });
  });
  await kickOutbox(db, [notice]);
  await escalateInChatwoot(db, { actor, approvalId, chatwootConversationId, reason: why, fetchImpl });
}

/** Reassigns the escalated conversation in Chatwoot and leaves the private note (each once; failures logged). */
async function escalateInChatwoot(db: Db, { actor, approvalId, chatwootConversationId, reason, fetchImpl }: { actor: Membership; approvalId: string; chatwootConversationId: number; reason: string; fetchImpl?: typeof fetch }) {
  const link = await loadChatwootLink(db, actor.orgId, "org");
  if (!link) return;
  const client = chatwootClient(link.credentials, fetchImpl);
  const target = link.escalationAssigneeId ? `agent #${link.escalationAssigneeId}` : link.escalationTeamId ? `team #${link.escalationTeamId}` : null;
  if (target) {
    const assigned = await callOnce(db, { orgId: actor.orgId, key: `approval:${approvalId}:escalation-assign`, call: () => client.assign(chatwootConversationId, { assigneeId: link.escalationAssigneeId, teamId: link.escalationTeamId }) });
    if (assigned.ran && !assigned.ok) console.warn("[chatwoot] could not reassign the escalated conversation:", assigned.error);
  }
  const note = `Escalated in Tandem by ${actor.name}: ${reason}${target ? `\nReassigned to ${target} (the escalation target in Tandem's Chatwoot settings).` : "\nNo escalation target is set in Tandem's Chatwoot settings: the conversation stays where it is."}`;
  const noted = await callOnce(db, { orgId: actor.orgId, key: `approval:${approvalId}:escalation-note`, call: () => client.createMessage(chatwootConversationId, { content: note, private: true }) });
  if (noted.ran && !noted.ok) console.warn("[chatwoot] could not post the escalation note:", noted.error);
}

/** A 1–5 grade whose every failure says `key` (built when the check fails, in that moment's language). */
const gradeField = (key: ErrorKey) => z.coerce.number(localized(key)).int(localized(key)).min(1, localized(key)).max(5, localized(key));

export const gradesSchema = z.object({
  tone: gradeField("approvals.grade.tone"),
  accuracy: gradeField("approvals.grade.accuracy"),
  policy: gradeField("approvals.grade.policy"),
});

/**
 * Grades the AI draft of a sent approval (004_… §4 Step 4): tone, accuracy, policy, 1–5 each, once.
 * @throws UserError 404/403, 409 when not sent yet or already graded; ZodError for grades outside 1–5
 */
export async function gradeApproval(db: Db, { actor, approvalId, grades }: { actor: Membership; approvalId: string; grades: unknown }): Promise<void> {
  const g = gradesSchema.parse(grades);
  await db.transaction(async (tx) => {
    const row = await lockApproval(tx, actor, approvalId);
    if (row.approval.status !== "sent") throw new UserError(say("approvals.gradeAfterSent"), 409);
    if (row.approval.gradedAt) throw new UserError(say("approvals.alreadyGraded"), 409);
    await tx.update(approvals).set({ toneGrade: g.tone, accuracyGrade: g.accuracy, policyGrade: g.policy, gradedBy: actor.userId, gradedAt: new Date() }).where(eq(approvals.id, approvalId));
    await recordAudit(tx, { actor: actorOf(actor), area: "approvals", action: "approval.graded", targetId: approvalId, changes: { grades: { from: null, to: g } } });
  });
}

/**
 * The member's sent-but-ungraded approvals (the grading form is required before the next item, 004_… §4 Step 4).
 * @returns their ids, oldest first
 */
export async function ungradedByMember(db: Db, actor: Pick<Membership, "orgId" | "userId">): Promise<string[]> {
  const rows = await db
    .select({ id: approvals.id })
    .from(approvals)
    .where(and(eq(approvals.orgId, actor.orgId), eq(approvals.decidedBy, actor.userId), eq(approvals.status, "sent"), sql`${approvals.gradedAt} IS NULL`))
    .orderBy(approvals.sentAt);
  return rows.map((r) => r.id);
}
