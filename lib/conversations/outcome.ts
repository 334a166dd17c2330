/**
 * The outcome of a live conversation, from what happened (issue 15; seeds 000 and 001): whether the AI answered,
 * whether it handed over, who attached, and how the conversation closed. From those facts — never from the helpdesk's
 * word alone — the seeds' `closed_reason` taxonomy is derived, so the impact report (001_… IMPACT-S01/S02) and the
 * bot-vs-human comparison (000_… BTS-S04) count live traffic the way the seeds define it.
 *
 * Rules, in order ({@link deriveOutcome}):
 * 1. marked spam → `SPAM`;
 * 2. a human attached → `ASSIGN_AGENT_AI` when the AI had answered, else `ASSIGN_AGENT`;
 * 3. handed over (or the human arm) and nobody attached → `WAITING_ASSIGN_AGENT`;
 * 4. closed after the customer went silent → bare `RESOLVE`: never an AI win (001_… IMPACT-S01 AC-4, §15b);
 * 5. the customer confirmed the AI's answer → `RESOLVE_AI` (`ai_resolution = customer_confirmed`);
 * 6. the helpdesk closes as `RESOLVE_AI` → `RESOLVE_AI` when the AI answered, else `RESOLVE`;
 * 7. the helpdesk closes as `ASSIGN_AGENT` / `ASSIGN_AGENT_AI` with nobody attached → a human handled it outside
 *    Tandem's view: `ASSIGN_AGENT_AI` when the AI answered, else `ASSIGN_AGENT`; `WAITING_ASSIGN_AGENT` stays;
 * 8. the helpdesk closes as `RESOLVE` → `RESOLVE` (a bare human-button close, not an AI win).
 * A later close, spam mark or reopen of a closed conversation is applied and derived again.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, type Conversation } from "@/db/schema";
import { recordEvent } from "@/lib/events/record-event";
import { handedOverToHumans } from "./handed-back";

export type ClosedReason = NonNullable<Conversation["closedReason"]>;
export type CloseVia = NonNullable<Conversation["closedVia"]>;

/** What closed the conversation: the customer's confirmation, the idle job, or a helpdesk/agent close carrying its reason. */
export type CloseRequest = { via: "customer_confirmed" } | { via: "silence" } | { via: "agent"; closedReason: ClosedReason };

/** What happened in the conversation before the close. */
export type OutcomeFacts = {
  /** the AI sent at least one answer (`ai_answered_at` set) */
  aiAnswered: boolean;
  /** an agent is attached (`assign_channel_agent_id` set), or one had it and handed it back to the bot */
  humanAttached: boolean;
  /** the bot handed over and no human handed it back since, or the conversation is on the human arm (`variant = human`) */
  handedOver: boolean;
};

export type Outcome = { closedReason: ClosedReason; closedVia: CloseVia; aiResolution: "customer_confirmed" | null };

/**
 * Derives the seeds' `closed_reason` from the close and the facts (rules 1–8 above). Pure.
 * @returns closed_reason, closed_via and ai_resolution to store together
 */
export function deriveOutcome(request: CloseRequest, facts: OutcomeFacts): Outcome {
  if (request.via === "agent" && request.closedReason === "SPAM") return { closedReason: "SPAM", closedVia: "spam", aiResolution: null };
  const closedVia: CloseVia = request.via;
  const handledBy = (): ClosedReason => (facts.aiAnswered ? "ASSIGN_AGENT_AI" : "ASSIGN_AGENT");
  if (facts.humanAttached) return { closedReason: handledBy(), closedVia, aiResolution: null };
  if (facts.handedOver) return { closedReason: "WAITING_ASSIGN_AGENT", closedVia, aiResolution: null };
  switch (request.via) {
    case "silence":
      return { closedReason: "RESOLVE", closedVia, aiResolution: null };
    case "customer_confirmed":
      return { closedReason: "RESOLVE_AI", closedVia, aiResolution: "customer_confirmed" };
    case "agent": {
      const asked = request.closedReason;
      if (asked === "RESOLVE_AI") return { closedReason: facts.aiAnswered ? "RESOLVE_AI" : "RESOLVE", closedVia, aiResolution: null };
      if (asked === "ASSIGN_AGENT" || asked === "ASSIGN_AGENT_AI") return { closedReason: handledBy(), closedVia, aiResolution: null };
      return { closedReason: asked, closedVia, aiResolution: null };
    }
  }
}

/** The facts of a conversation row. */
export function outcomeFacts(c: Pick<Conversation, "aiAnsweredAt" | "assignChannelAgentId" | "handoverAt" | "handedBackAt" | "variant">): OutcomeFacts {
  return { aiAnswered: c.aiAnsweredAt !== null, humanAttached: c.assignChannelAgentId !== null || c.handedBackAt !== null, handedOver: handedOverToHumans(c) };
}

/**
 * Closes `conversation` (a row the caller read in this transaction, ideally `FOR UPDATE`) with the outcome derived
 * from `request` and its facts, and records `conversation_outcome_recorded` (what was asked and what was stored).
 * Closing an already closed conversation re-derives it (a late SPAM or close is applied, never an error).
 * @param at when it closed (`closed_at`)
 * @returns the updated row
 */
export async function closeConversation(
  tx: Db,
  { conversation, request, at }: { conversation: Conversation; request: CloseRequest; at: Date },
): Promise<Conversation> {
  const outcome = deriveOutcome(request, outcomeFacts(conversation));
  const [updated] = await tx
    .update(conversations)
    .set({ status: "RESOLVED", closedReason: outcome.closedReason, closedVia: outcome.closedVia, aiResolution: outcome.aiResolution, closedAt: at })
    .where(eq(conversations.id, conversation.id))
    .returning();
  await recordEvent(tx, {
    orgId: conversation.orgId,
    name: "conversation_outcome_recorded",
    conversationId: conversation.id,
    properties: {
      requested: request.via === "agent" ? request.closedReason : request.via,
      closed_reason: outcome.closedReason,
      closed_via: outcome.closedVia,
      previous_closed_reason: conversation.closedReason,
      ai_answered: conversation.aiAnsweredAt !== null,
      human_attached: conversation.assignChannelAgentId !== null,
    },
    occurredAt: at,
  });
  return updated ?? conversation;
}

/**
 * Reopens a closed conversation: back with its agent (`ASSIGNED`), waiting for one (handed over or human arm), or with
 * the bot (`OPEN`); the close is undone (it was not one). A conversation that is not closed is returned unchanged.
 * @returns the updated row
 */
export async function reopenConversation(tx: Db, { conversation, at }: { conversation: Conversation; at: Date }): Promise<Conversation> {
  if (conversation.status !== "RESOLVED") return conversation;
  const status = conversation.assignChannelAgentId !== null ? "ASSIGNED" : handedOverToHumans(conversation) ? "WAITING_ASSIGN_AGENT" : "OPEN";
  const [updated] = await tx
    .update(conversations)
    .set({ status, closedReason: null, closedVia: null, aiResolution: null, closedAt: null, lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${at.toISOString()}::timestamptz)` })
    .where(eq(conversations.id, conversation.id))
    .returning();
  await recordEvent(tx, {
    orgId: conversation.orgId,
    name: "conversation_reopened",
    conversationId: conversation.id,
    properties: { previous_closed_reason: conversation.closedReason, previous_closed_via: conversation.closedVia, status },
    occurredAt: at,
  });
  return updated ?? conversation;
}
