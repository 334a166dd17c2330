/**
 * A human's reply typed in Tandem (issue 18 item 1). The reply is stored, the conversation is taken over when nobody
 * had it (the bot stops answering), and its delivery is recorded — all in one transaction — before it is sent once:
 * to the channel's outbound reply URL (a signed `reply.created`, the message id as `webhook-id`), or through Chatwoot's
 * messages API for a Chatwoot conversation (`lib/ingest/deliver-reply.ts`). A failed send is retried with backoff; one
 * that gave up shows Retry ({@link retryAgentReply}), which first looks for the reply in Chatwoot so it never goes twice.
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations, chatwootLinks, conversations, messages, replyDeliveries } from "@/db/schema";
import { recordIntervention } from "@/lib/alerts/act-on-alert";
import { supersedeApprovals } from "@/lib/approvals/supersede-approvals";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { say } from "@/lib/i18n/language-scope";
import { attemptDelivery } from "@/lib/ingest/deliver-reply";
import { lockConversationForAction, requireMayAct } from "./conversation-actions";
import { isChatwootConversation } from "./handed-back";
import { replyTextSchema } from "./reply-text";
import { takeOver } from "./take-over";

type Actor = Pick<Membership, "userId" | "name" | "orgId" | "role">;
export type DeliveryStatus = "delivered" | "pending" | "failed";
export type SentReply = { messageId: string; status: DeliveryStatus; error: string | null };

/** Where the conversation's replies go: Chatwoot's messages endpoint, or the channel's outbound reply URL. */
async function destinationOf(tx: Db, orgId: string, c: { id: string; channelId: string; contactId: string; externalId: string }): Promise<{ transport: "chatwoot" | "outbound_url"; url: string }> {
  if (isChatwootConversation(c)) {
    const [link] = await tx.select({ baseUrl: chatwootLinks.baseUrl, accountId: chatwootLinks.accountId }).from(chatwootLinks).where(eq(chatwootLinks.orgId, orgId));
    if (!link) throw new UserError(say("conversations.reply.chatwootNotLinked"), 409);
    return { transport: "chatwoot", url: `${link.baseUrl}/api/v1/accounts/${link.accountId}/conversations/${c.externalId}/messages` };
  }
  const [channel] = await tx.select({ url: channelIntegrations.outboundReplyUrl }).from(channelIntegrations).where(eq(channelIntegrations.id, c.channelId));
  if (!channel?.url) throw new UserError(say("conversations.reply.noOutboundUrl"), 409);
  return { transport: "outbound_url", url: channel.url };
}

/** The delivery's outcome after an attempt, with its last error. */
async function outcome(db: Db, deliveryId: number, status: DeliveryStatus, messageId: string): Promise<SentReply> {
  const [row] = await db.select({ error: replyDeliveries.lastError }).from(replyDeliveries).where(eq(replyDeliveries.id, deliveryId));
  return { messageId, status, error: status === "delivered" ? null : (row?.error ?? null) };
}

/**
 * Sends the actor's reply to the customer. Nobody had the conversation: the actor takes it over. A supervisor may
 * reply in another agent's conversation without taking it.
 * @param text 1..4,000 characters (CRLF → LF, trimmed)
 * @returns the stored message's id and the delivery's status after the first attempt (`pending`: retrying with backoff)
 * @throws ZodError (bad text); UserError 404 (not in the org), 403 (another agent's), 409 (resolved, or no way to
 *   reach the customer: nothing is stored)
 */
export async function replyToConversation(db: Db, { actor, conversationId, text, now = new Date() }: { actor: Actor; conversationId: string; text: unknown; now?: Date }): Promise<SentReply> {
  const content = replyTextSchema.parse(text);
  const { deliveryId, messageId } = await db.transaction(async (tx) => {
    const { conversation: c } = await lockConversationForAction(tx, actor, conversationId);
    requireMayAct(actor, c);
    if (c.status === "RESOLVED") throw new UserError(say("conversations.resolved"), 409);
    const destination = await destinationOf(tx, actor.orgId, c);
    const [message] = await tx.insert(messages).values({ orgId: actor.orgId, conversationId: c.id, sender: "agent", content, sentAt: now }).returning({ id: messages.id });
    await tx
      .update(conversations)
      .set({
        messageCount: sql`${conversations.messageCount} + 1`,
        lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${now.toISOString()}::timestamptz)`,
        firstResponseAt: sql`coalesce(${conversations.firstResponseAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(eq(conversations.id, c.id));
    // replying to a conversation nobody has makes it yours: the bot stops answering
    if (c.assignChannelAgentId === null) await takeOver(tx, { conversation: c, agentId: actor.userId, at: now });
    const [delivery] = await tx
      .insert(replyDeliveries)
      .values({ orgId: actor.orgId, channelId: c.channelId, messageId: message!.id, url: destination.url, transport: destination.transport, nextAttemptAt: now })
      .returning({ id: replyDeliveries.id });
    // a person answered: the AI drafts waiting on this Chatwoot conversation are stale (issue 18 item 2)
    if (destination.transport === "chatwoot") await supersedeApprovals(tx, { orgId: actor.orgId, conversationId: c.id, reason: "human_reply", at: now });
    await recordAudit(tx, { actor, area: "conversations", action: "conversation.replied", targetId: c.id, targetLabel: `Conversation ${c.id.slice(0, 8)}`, changes: { reply: { from: null, to: `${content.length} characters via ${destination.transport === "chatwoot" ? "Chatwoot" : "the outbound reply URL"}` } } });
    await recordIntervention(tx, { orgId: actor.orgId, conversationId: c.id, userId: actor.userId, via: "replied", at: now });
    return { deliveryId: delivery!.id, messageId: message!.id };
  });
  return outcome(db, deliveryId, await attemptDelivery(db, deliveryId), messageId);
}

/**
 * Sends again a reply whose delivery gave up (`failed`): one more attempt now (Chatwoot is checked first for a copy an
 * earlier attempt may have left).
 * @returns the status after the attempt
 * @throws UserError 404 (no such reply in the org), 403, 409 (not failed: delivered or still retrying)
 */
export async function retryAgentReply(db: Db, { actor, messageId }: { actor: Actor; messageId: string }): Promise<SentReply> {
  if (!z.uuid().safeParse(messageId).success) throw new UserError(say("conversations.reply.notFound"), 404);
  const deliveryId = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ deliveryId: replyDeliveries.id, status: replyDeliveries.status, conversationId: messages.conversationId })
      .from(replyDeliveries)
      .innerJoin(messages, eq(messages.id, replyDeliveries.messageId))
      .where(and(eq(replyDeliveries.messageId, messageId), eq(replyDeliveries.orgId, actor.orgId), eq(messages.sender, "agent")));
    if (!row) throw new UserError(say("conversations.reply.notFound"), 404);
    const { conversation: c } = await lockConversationForAction(tx, actor, row.conversationId);
    requireMayAct(actor, c);
    // the delivery row is re-read under the conversation's lock: two Retry clicks make one attempt
    const [current] = await tx.select({ status: replyDeliveries.status }).from(replyDeliveries).where(eq(replyDeliveries.id, row.deliveryId)).for("update");
    if (current?.status !== "failed") throw new UserError(say(current?.status === "delivered" ? "conversations.reply.alreadyDelivered" : "conversations.reply.stillSending"), 409);
    await tx.update(replyDeliveries).set({ status: "pending", nextAttemptAt: new Date(), lastError: null }).where(eq(replyDeliveries.id, row.deliveryId));
    await recordAudit(tx, { actor, area: "conversations", action: "conversation.reply_retried", targetId: c.id, targetLabel: `Conversation ${c.id.slice(0, 8)}` });
    return row.deliveryId;
  });
  return outcome(db, deliveryId, await attemptDelivery(db, deliveryId), messageId);
}
