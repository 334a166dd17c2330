import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiAgents, aiAgentVersions, channelIntegrations, organizations, type BusinessHours } from "@/db/schema";

export type ChannelContext = {
  channelId: string;
  channelName: string;
  channelType: (typeof channelIntegrations.$inferSelect)["type"];
  orgId: string;
  webhookSecretEncrypted: string;
  /** the pre-rotation secret, still accepted until `previousSecretExpiresAt` */
  previousWebhookSecretEncrypted: string | null;
  previousSecretExpiresAt: Date | null;
  archivedAt: Date | null;
  /** where replies composed after the webhook answered are POSTed (null: inline replies only) */
  outboundReplyUrl: string | null;
  orgSplitEnabled: boolean;
  channelSplitEnabled: boolean;
  botPercent: number;
  /** the org's calendar, for the agent's after-hours behaviour */
  timezone: string;
  businessHours: BusinessHours;
  holidays: string[];
  locale: string;
  /** the AI agent on this channel (null: built-in defaults): its status and published version */
  agentId: string | null;
  agentName: string | null;
  agentStatus: "draft" | "live" | "paused" | null;
  agentVersionId: string | null;
  agentConfig: Record<string, unknown> | null;
};

/**
 * Loads a channel with the org settings and the published AI agent version the incoming-message hot path needs,
 * in one query.
 * @returns null when no channel has this id
 */
export async function loadChannelContext(db: Db, channelId: string): Promise<ChannelContext | null> {
  const [row] = await db
    .select({
      channelId: channelIntegrations.id,
      channelName: channelIntegrations.name,
      channelType: channelIntegrations.type,
      orgId: channelIntegrations.orgId,
      webhookSecretEncrypted: channelIntegrations.webhookSecretEncrypted,
      previousWebhookSecretEncrypted: channelIntegrations.previousWebhookSecretEncrypted,
      previousSecretExpiresAt: channelIntegrations.previousSecretExpiresAt,
      archivedAt: channelIntegrations.archivedAt,
      outboundReplyUrl: channelIntegrations.outboundReplyUrl,
      orgSplitEnabled: organizations.botTrafficSplitEnabled,
      channelSplitEnabled: channelIntegrations.trafficSplitEnabled,
      botPercent: channelIntegrations.botPercent,
      timezone: organizations.timezone,
      businessHours: organizations.businessHours,
      holidays: organizations.holidays,
      locale: organizations.locale,
      agentId: aiAgents.id,
      agentName: aiAgents.name,
      agentStatus: aiAgents.status,
      agentVersionId: aiAgentVersions.id,
      agentConfig: aiAgentVersions.config,
    })
    .from(channelIntegrations)
    .innerJoin(organizations, eq(organizations.id, channelIntegrations.orgId))
    .leftJoin(aiAgents, and(eq(aiAgents.id, channelIntegrations.aiAgentId), isNull(aiAgents.archivedAt)))
    .leftJoin(aiAgentVersions, eq(aiAgentVersions.id, aiAgents.publishedVersionId))
    .where(eq(channelIntegrations.id, channelId))
    .limit(1);
  return row ?? null;
}
