import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { aiAgents, aiAgentVersions, channelIntegrations, chatwootLinks, conversations, messages, replyDeliveries, users, type Conversation, type Message } from "@/db/schema";
import { chatwootConversationUrl } from "@/lib/chatwoot/conversation-url";
import { isChatwootConversation } from "./handed-back";
import { handledBy } from "./handled-by";

export type ConversationDetail = {
  conversation: Conversation;
  channelName: string;
  channelType: string;
  handledBy: string;
  /** the AI agent version that last answered it ("Busana Assistant v3"), with the agent's id; null when none */
  agentVersion: { agentId: string; label: string } | null;
  messages: Message[];
  /** the delivery of each reply Tandem sent (agents' replies typed in Tandem, late bot replies), by message id */
  deliveries: Record<string, { status: "pending" | "delivered" | "failed"; attempts: number; lastError: string | null; transport: "outbound_url" | "chatwoot" }>;
  /** the channel has an outbound reply URL (replies typed in Tandem can reach the customer) */
  hasOutboundReplyUrl: boolean;
  /** the conversation in Chatwoot's own app, for a Chatwoot conversation while the org is linked; else null */
  chatwootUrl: string | null;
};

/**
 * A conversation of the org with its messages in order. Another org's id (or a malformed id) is "not found":
 * tenants cannot probe each other's ids.
 * @returns null when absent from this org
 */
export async function getConversation(db: Db, { orgId, id }: { orgId: string; id: string }): Promise<ConversationDetail | null> {
  if (!z.uuid().safeParse(id).success) return null;
  const [row] = await db
    .select({
      conversation: conversations,
      channelName: channelIntegrations.name,
      channelType: channelIntegrations.type,
      outboundReplyUrl: channelIntegrations.outboundReplyUrl,
      agentName: users.name,
      aiAgentId: aiAgentVersions.agentId,
      aiAgentName: aiAgents.name,
      aiAgentVersion: aiAgentVersions.version,
    })
    .from(conversations)
    .innerJoin(channelIntegrations, eq(channelIntegrations.id, conversations.channelId))
    .leftJoin(users, eq(users.id, conversations.assignChannelAgentId))
    .leftJoin(aiAgentVersions, eq(aiAgentVersions.id, conversations.agentVersionId))
    .leftJoin(aiAgents, eq(aiAgents.id, aiAgentVersions.agentId))
    .where(and(eq(conversations.orgId, orgId), eq(conversations.id, id)))
    .limit(1);
  if (!row) return null;
  const [list, sent, [link]] = await Promise.all([
    db
      .select()
      .from(messages)
      .where(and(eq(messages.orgId, orgId), eq(messages.conversationId, id)))
      .orderBy(asc(messages.sentAt), asc(messages.createdAt)),
    db
      .select({ messageId: replyDeliveries.messageId, status: replyDeliveries.status, attempts: replyDeliveries.attempts, lastError: replyDeliveries.lastError, transport: replyDeliveries.transport })
      .from(replyDeliveries)
      .innerJoin(messages, eq(messages.id, replyDeliveries.messageId))
      .where(and(eq(replyDeliveries.orgId, orgId), eq(messages.conversationId, id))),
    isChatwootConversation(row.conversation)
      ? db.select({ baseUrl: chatwootLinks.baseUrl, accountId: chatwootLinks.accountId }).from(chatwootLinks).where(eq(chatwootLinks.orgId, orgId))
      : Promise.resolve([]),
  ]);
  return {
    conversation: row.conversation,
    channelName: row.channelName,
    channelType: row.channelType,
    handledBy: handledBy({ ...row.conversation, agentName: row.agentName }),
    agentVersion: row.aiAgentId ? { agentId: row.aiAgentId, label: `${row.aiAgentName} v${row.aiAgentVersion}` } : null,
    messages: list,
    deliveries: Object.fromEntries(sent.map(({ messageId, ...d }) => [messageId, d])),
    hasOutboundReplyUrl: Boolean(row.outboundReplyUrl),
    chatwootUrl: link ? chatwootConversationUrl(link, row.conversation.externalId) : null,
  };
}
