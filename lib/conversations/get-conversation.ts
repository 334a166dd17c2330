import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { aiAgents, aiAgentVersions, channelIntegrations, conversations, messages, users, type Conversation, type Message } from "@/db/schema";
import { handledBy } from "./handled-by";

export type ConversationDetail = {
  conversation: Conversation;
  channelName: string;
  channelType: string;
  handledBy: string;
  /** the AI agent version that last answered it ("Busana Assistant v3"), with the agent's id; null when none */
  agentVersion: { agentId: string; label: string } | null;
  messages: Message[];
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
  const list = await db
    .select()
    .from(messages)
    .where(and(eq(messages.orgId, orgId), eq(messages.conversationId, id)))
    .orderBy(asc(messages.sentAt), asc(messages.createdAt));
  return {
    conversation: row.conversation,
    channelName: row.channelName,
    channelType: row.channelType,
    handledBy: handledBy({ ...row.conversation, agentName: row.agentName }),
    agentVersion: row.aiAgentId ? { agentId: row.aiAgentId, label: `${row.aiAgentName} v${row.aiAgentVersion}` } : null,
    messages: list,
  };
}
