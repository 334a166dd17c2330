/**
 * Applies one helpdesk event to Tandem's rows (DESIGN.md flow 2; 000_… BTS-S03/S04 outcomes): agent availability,
 * assignments, agent replies, closes (the stored `closed_reason` is derived from what happened, `lib/conversations/outcome.ts`),
 * reopens, and CSAT. One transaction per event, keyed on the
 * delivery's `webhook-id` (a redelivery is acknowledged and changes nothing). A conversation's `variant` is never
 * touched here: a human taking over a bot-arm conversation is a handover (`bot_arm_handover_to_human`), not a re-roll.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, memberships, messages, users, webhookReceipts, type Conversation } from "@/db/schema";
import { closeConversation, reopenConversation } from "@/lib/conversations/outcome";
import { UserError } from "@/lib/errors/user-error";
import { drainQueue } from "@/lib/routing/assign-agent";
import { takeOver } from "@/lib/conversations/take-over";
import { recordIntervention } from "@/lib/alerts/act-on-alert";
import type { ChannelContext } from "./load-channel";
import type { ConversationEvent } from "./conversation-event-schema";

type Tx = Db;

export type AppliedEvent = { duplicate: boolean; conversationId: string | null };

async function findConversation(tx: Tx, ctx: ChannelContext, externalId: string): Promise<Conversation> {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.channelId, ctx.channelId), eq(conversations.externalId, externalId)))
    .limit(1)
    .for("update");
  if (!row) throw new UserError(`Unknown conversation "${externalId}" on this channel.`, 404);
  return row;
}

/** The Tandem id of the channel's conversation `externalId`, if there is one (no lock). */
async function conversationIdOf(tx: Tx, ctx: ChannelContext, externalId: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.channelId, ctx.channelId), eq(conversations.externalId, externalId)))
    .limit(1);
  return row?.id;
}

async function findAgent(tx: Tx, orgId: string, email: string): Promise<string> {
  const [row] = await tx
    .select({ userId: users.id })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.orgId, orgId), eq(memberships.status, "active")))
    .where(eq(users.email, email))
    .limit(1);
  if (!row) throw new UserError(`No active member with the email ${email}.`, 404);
  return row.userId;
}

/**
 * Applies `event` for the channel in `ctx`.
 * @param webhookId the delivery's `webhook-id` (idempotency key)
 * @returns whether it was a redelivery, and the Tandem conversation id it touched
 * @throws UserError 404 for an unknown conversation or agent (nothing is written)
 */
export async function applyConversationEvent(
  db: Db,
  { ctx, event, webhookId, now = new Date() }: { ctx: ChannelContext; event: ConversationEvent; webhookId: string; now?: Date },
): Promise<AppliedEvent> {
  const at = event.occurred_at ? new Date(event.occurred_at) : now;
  const result = await db.transaction(async (tx): Promise<AppliedEvent & { freed: boolean }> => {
    const [receipt] = await tx.insert(webhookReceipts).values({ channelId: ctx.channelId, webhookId }).onConflictDoNothing().returning();
    if (!receipt) {
      // a redelivery is answered as the first delivery was: with the conversation it named
      const conversationId = "conversation_id" in event ? ((await conversationIdOf(tx, ctx, event.conversation_id)) ?? null) : null;
      return { duplicate: true, conversationId, freed: false };
    }

    switch (event.type) {
      case "agent.availability_changed": {
        const userId = await findAgent(tx, ctx.orgId, event.agent_email);
        await tx.update(memberships).set({ availability: event.availability }).where(and(eq(memberships.orgId, ctx.orgId), eq(memberships.userId, userId)));
        return { duplicate: false, conversationId: null, freed: event.availability === "online" };
      }
      case "conversation.assigned": {
        const conversation = await findConversation(tx, ctx, event.conversation_id);
        const agentId = await findAgent(tx, ctx.orgId, event.agent_email);
        await takeOver(tx, { conversation, agentId, at });
        // who assigned it is the helpdesk's secret (the agent named is the assignee): no actor
        await recordIntervention(tx, { orgId: ctx.orgId, conversationId: conversation.id, userId: null, via: "assigned", at });
        // moving a conversation between agents frees a slot of the previous one
        return { duplicate: false, conversationId: conversation.id, freed: conversation.assignChannelAgentId !== null && conversation.assignChannelAgentId !== agentId };
      }
      case "message.agent_replied": {
        const conversation = await findConversation(tx, ctx, event.conversation_id);
        const agentId = event.agent_email ? await findAgent(tx, ctx.orgId, event.agent_email) : conversation.assignChannelAgentId;
        const [inserted] = await tx
          .insert(messages)
          .values({ orgId: ctx.orgId, conversationId: conversation.id, externalId: event.message_id, sender: "agent", content: event.text, sentAt: at })
          .onConflictDoNothing({ target: [messages.conversationId, messages.externalId] })
          .returning({ id: messages.id });
        if (inserted) {
          await tx
            .update(conversations)
            .set({ messageCount: sql`${conversations.messageCount} + 1`, lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${at.toISOString()}::timestamptz)` })
            .where(eq(conversations.id, conversation.id));
          await takeOver(tx, { conversation, agentId, at });
          await recordIntervention(tx, { orgId: ctx.orgId, conversationId: conversation.id, userId: agentId, via: "replied", at });
        }
        return { duplicate: false, conversationId: conversation.id, freed: false };
      }
      case "conversation.resolved": {
        // the helpdesk's reason is one input; the stored closed_reason is derived from what happened (issue 15).
        // A conversation Tandem already closed (an AI resolution, a close after silence) is closed again as asked.
        const conversation = await findConversation(tx, ctx, event.conversation_id);
        await closeConversation(tx, { conversation, request: { via: "agent", closedReason: event.closed_reason }, at });
        await recordIntervention(tx, { orgId: ctx.orgId, conversationId: conversation.id, userId: null, via: "resolved", at });
        return { duplicate: false, conversationId: conversation.id, freed: conversation.status === "ASSIGNED" };
      }
      case "conversation.reopened": {
        const conversation = await findConversation(tx, ctx, event.conversation_id);
        await reopenConversation(tx, { conversation, at });
        return { duplicate: false, conversationId: conversation.id, freed: false };
      }
      case "conversation.csat": {
        const conversation = await findConversation(tx, ctx, event.conversation_id);
        await tx.update(conversations).set({ csatScore: event.score }).where(eq(conversations.id, conversation.id));
        return { duplicate: false, conversationId: conversation.id, freed: false };
      }
    }
  });
  // an agent came online or a slot was freed: queued conversations are assigned in arrival order
  if (result.freed) await drainQueue(db, { orgId: ctx.orgId });
  return { duplicate: result.duplicate, conversationId: result.conversationId };
}
