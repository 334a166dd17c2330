/**
 * What a human does with a live conversation in Tandem (issue 18 item 1; seed 003's "jump into that room to take over"):
 * **take over** (assign to me; the bot stops answering), **assign** to another member, **hand back** to the AI agent,
 * and **resolve** with a `closed_reason`. Replying is `./send-agent-reply.ts`.
 *
 * Every action runs in one transaction on the conversation's row lock, checks the actor's role on the server
 * (`actOnConversations`: conversations that are yours or nobody's; `actOnAnyConversation`: anyone's), is audited
 * (area `conversations`), and is the intervention on the conversation's open alerts (time-to-intervene,
 * `lib/alerts/act-on-alert.ts`). A slot it frees lets the human queue move on ({@link drainQueue}).
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, memberships, users, type Conversation } from "@/db/schema";
import { recordIntervention, type InterventionVia } from "@/lib/alerts/act-on-alert";
import { supersedeApprovals } from "@/lib/approvals/supersede-approvals";
import { recordAudit, type Changes } from "@/lib/audit/record-audit";
import { canAccess, requireCapability } from "@/lib/auth/roles";
import type { Membership } from "@/lib/auth/sessions";
import { chatwootClient, ChatwootError } from "@/lib/chatwoot/client";
import { loadChatwootLink } from "@/lib/chatwoot/link";
import { UserError } from "@/lib/errors/user-error";
import { say, localized } from "@/lib/i18n/language-scope";
import { drainQueue } from "@/lib/routing/assign-agent";
import { humanHandles, isChatwootConversation } from "./handed-back";
import { closeConversation } from "./outcome";
import { takeOver } from "./take-over";

type Actor = Pick<Membership, "userId" | "name" | "orgId" | "role">;
/** What an action did: whether anything changed (a repeat changes nothing) and the conversation afterwards. */
export type ActionResult = { changed: boolean; conversation: Conversation };

/** The reasons a human may close with in Tandem (the stored `closed_reason` is derived from them, `./outcome.ts`). */
export const RESOLVE_REASONS = ["ASSIGN_AGENT", "RESOLVE_AI", "RESOLVE", "SPAM"] as const;
export const resolveReasonSchema = z.enum(RESOLVE_REASONS, localized("conversations.chooseResolveReason"));

/**
 * The org's conversation `conversationId`, locked for this transaction, with its channel's type.
 * @throws UserError 404 when it is not in the actor's org (or the id is malformed)
 */
export async function lockConversationForAction(tx: Db, actor: Actor, conversationId: string): Promise<{ conversation: Conversation; channelType: string }> {
  if (!z.uuid().safeParse(conversationId).success) throw new UserError(say("conversations.notFound"), 404);
  const [row] = await tx
    .select({ conversation: conversations, channelType: channelIntegrations.type })
    .from(conversations)
    .innerJoin(channelIntegrations, eq(channelIntegrations.id, conversations.channelId))
    .where(and(eq(conversations.id, conversationId), eq(conversations.orgId, actor.orgId)))
    .for("update", { of: conversations });
  if (!row) throw new UserError(say("conversations.notFound"), 404);
  return row;
}

/**
 * Refuses unless the actor may act on `c`: any member on a conversation that is theirs or nobody's; supervisors,
 * admins and owners on anyone's.
 * @throws UserError 403
 */
export function requireMayAct(actor: Actor, c: Pick<Conversation, "assignChannelAgentId">): void {
  requireCapability(actor, "actOnConversations", "roles.actOnConversations");
  if (c.assignChannelAgentId && c.assignChannelAgentId !== actor.userId && !canAccess(actor.role, "actOnAnyConversation")) {
    throw new UserError(say("conversations.assignedToAnother"), 403);
  }
}

/** Whether `actor` may act on `c` (for showing the controls; the actions check again). */
export function mayActOn(actor: Actor, c: Pick<Conversation, "assignChannelAgentId">): boolean {
  return canAccess(actor.role, "actOnConversations") && (!c.assignChannelAgentId || c.assignChannelAgentId === actor.userId || canAccess(actor.role, "actOnAnyConversation"));
}

function refuseResolved(c: Conversation): void {
  if (c.status === "RESOLVED") throw new UserError(say("conversations.resolved"), 409);
}

/** Audits the action and records it as the intervention on the conversation's alerts (one transaction with the change). */
async function recordAction(tx: Db, actor: Actor, c: Conversation, action: { verb: Exclude<InterventionVia, "acknowledged">; changes: Changes; at: Date }) {
  await recordAudit(tx, { actor, area: "conversations", action: `conversation.${action.verb}`, targetId: c.id, targetLabel: `Conversation ${c.id.slice(0, 8)}`, changes: action.changes });
  await recordIntervention(tx, { orgId: c.orgId, conversationId: c.id, userId: actor.userId, via: action.verb, at: action.at });
}

/** Runs `fn` in a transaction; when it freed an agent's slot, the human queue is drained after the commit. */
async function act(db: Db, actor: Actor, fn: (tx: Db) => Promise<ActionResult & { freed: boolean }>): Promise<ActionResult> {
  const { freed, ...result } = await db.transaction(fn);
  if (freed) await drainQueue(db, { orgId: actor.orgId });
  return result;
}

/**
 * Take over: the conversation is assigned to the actor and the bot stops answering it (a bot conversation is handed
 * over now: `handover_at`, and `bot_arm_handover_to_human` on the bot arm). Taking over your own conversation again
 * changes nothing.
 * @throws UserError 404 (not in the org), 403 (another agent's, for an agent), 409 (resolved)
 */
export async function takeOverConversation(db: Db, { actor, conversationId, now = new Date() }: { actor: Actor; conversationId: string; now?: Date }): Promise<ActionResult> {
  return act(db, actor, async (tx) => {
    const { conversation: c } = await lockConversationForAction(tx, actor, conversationId);
    requireMayAct(actor, c);
    refuseResolved(c);
    if (c.assignChannelAgentId === actor.userId && c.status === "ASSIGNED") return { changed: false, conversation: c, freed: false };
    const updated = await takeOver(tx, { conversation: c, agentId: actor.userId, at: now });
    await recordAction(tx, actor, c, { verb: "took_over", at: now, changes: { assignee: { from: c.assignChannelAgentId, to: actor.userId }, status: { from: c.status, to: updated.status } } });
    return { changed: true, conversation: updated, freed: c.assignChannelAgentId !== null };
  });
}

/**
 * Assigns the conversation to another active member of the org (an agent passes on their own or an unassigned one;
 * supervisors, admins and owners any). The bot stops answering it. A member already over capacity may still be chosen:
 * a person decided it (auto-assignment never goes over capacity).
 * @throws UserError 404 (conversation or member not in the org), 403, 409 (resolved); ZodError for a malformed id
 */
export async function assignConversation(
  db: Db,
  { actor, conversationId, assigneeId, now = new Date() }: { actor: Actor; conversationId: string; assigneeId: unknown; now?: Date },
): Promise<ActionResult> {
  const target = z.uuid(localized("conversations.chooseAssignee")).parse(assigneeId);
  return act(db, actor, async (tx) => {
    const { conversation: c } = await lockConversationForAction(tx, actor, conversationId);
    requireMayAct(actor, c);
    refuseResolved(c);
    const [member] = await tx
      .select({ userId: memberships.userId, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, actor.orgId), eq(memberships.userId, target), eq(memberships.status, "active")));
    if (!member) throw new UserError(say("conversations.memberNotActive"), 404);
    if (c.assignChannelAgentId === target && c.status === "ASSIGNED") return { changed: false, conversation: c, freed: false };
    const updated = await takeOver(tx, { conversation: c, agentId: target, at: now });
    await recordAction(tx, actor, c, { verb: "assigned", at: now, changes: { assignee: { from: c.assignChannelAgentId, to: target }, status: { from: c.status, to: updated.status } } });
    return { changed: true, conversation: updated, freed: c.assignChannelAgentId !== null };
  });
}

/**
 * Hands the conversation back to the AI agent: nobody is assigned, the status is `OPEN`, and the bot answers the
 * customer's next message (`handed_back_at`). The human's part still counts when it closes: never `RESOLVE_AI`.
 * Not for the human arm of a traffic split (the bot must not answer it), nor for Chatwoot conversations (the AI drafts
 * there; humans send).
 * @throws UserError 404, 403, 409 (resolved, human arm, Chatwoot, or the bot already has it)
 */
export async function handBackConversation(db: Db, { actor, conversationId, now = new Date() }: { actor: Actor; conversationId: string; now?: Date }): Promise<ActionResult> {
  return act(db, actor, async (tx) => {
    const { conversation: c } = await lockConversationForAction(tx, actor, conversationId);
    requireMayAct(actor, c);
    refuseResolved(c);
    if (isChatwootConversation(c)) throw new UserError(say("conversations.handBack.chatwoot"), 409);
    if (c.variant === "human") throw new UserError(say("conversations.handBack.humanArm"), 409);
    if (!humanHandles(c)) throw new UserError(say("conversations.handBack.botAlreadyHas"), 409);
    const [updated] = await tx
      .update(conversations)
      .set({ status: "OPEN", assignChannelAgentId: null, assignedAt: null, handedBackAt: now })
      .where(eq(conversations.id, c.id))
      .returning();
    await recordAction(tx, actor, c, { verb: "handed_back", at: now, changes: { assignee: { from: c.assignChannelAgentId, to: null }, status: { from: c.status, to: "OPEN" } } });
    return { changed: true, conversation: updated!, freed: c.status === "ASSIGNED" };
  });
}

/**
 * Resolves the conversation with the reason the human chose; the stored `closed_reason` is derived from it and what
 * happened (`./outcome.ts`: a human's conversation is `ASSIGN_AGENT(_AI)`, `RESOLVE_AI` only when the AI answered and no
 * human had it). A Chatwoot conversation is resolved in Chatwoot first; when Chatwoot refuses, nothing changes.
 * @param closedReason one of {@link RESOLVE_REASONS}
 * @throws UserError 404, 403, 409 (already resolved, or Chatwoot did not resolve it); ZodError for another reason
 */
export async function resolveConversationAsHuman(
  db: Db,
  { actor, conversationId, closedReason, now = new Date(), fetchImpl }: { actor: Actor; conversationId: string; closedReason: unknown; now?: Date; fetchImpl?: typeof fetch },
): Promise<ActionResult> {
  const reason = resolveReasonSchema.parse(closedReason);
  // Chatwoot first (outside the row lock: a network call): a refusal leaves both sides as they were
  const [peek] = await db
    .select({ contactId: conversations.contactId, externalId: conversations.externalId, status: conversations.status, assignee: conversations.assignChannelAgentId })
    .from(conversations)
    .where(and(eq(conversations.id, z.uuid().safeParse(conversationId).success ? conversationId : "00000000-0000-0000-0000-000000000000"), eq(conversations.orgId, actor.orgId)));
  if (peek && peek.status !== "RESOLVED" && isChatwootConversation(peek)) {
    requireMayAct(actor, { assignChannelAgentId: peek.assignee });
    const link = await loadChatwootLink(db, actor.orgId, "org");
    if (!link) throw new UserError(say("conversations.resolveInChatwoot.notLinked"), 409);
    try {
      await chatwootClient(link.credentials, fetchImpl).setStatus(Number(peek.externalId), "resolved");
    } catch (error) {
      // Chatwoot's technical reason ("Chatwoot answered 404 to POST …") stays as the client reported it
      const detail = error instanceof ChatwootError ? error.message : say("conversations.resolveInChatwoot.noAnswer");
      throw new UserError(say("conversations.resolveInChatwoot.failed", { detail }), 409);
    }
  }
  return act(db, actor, async (tx) => {
    const { conversation: c } = await lockConversationForAction(tx, actor, conversationId);
    requireMayAct(actor, c);
    if (c.status === "RESOLVED") throw new UserError(say("conversations.alreadyResolved"), 409);
    const updated = await closeConversation(tx, { conversation: c, request: { via: "agent", closedReason: reason }, at: now });
    if (isChatwootConversation(c)) await supersedeApprovals(tx, { orgId: c.orgId, conversationId: c.id, reason: "resolved", at: now });
    await recordAction(tx, actor, c, { verb: "resolved", at: now, changes: { status: { from: c.status, to: "RESOLVED" }, closed_reason: { from: null, to: updated.closedReason } } });
    return { changed: true, conversation: updated, freed: c.status === "ASSIGNED" };
  });
}
