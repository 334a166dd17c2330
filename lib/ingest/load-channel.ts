import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channelIntegrations, organizations } from "@/db/schema";

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
  orgSplitEnabled: boolean;
  channelSplitEnabled: boolean;
  botPercent: number;
};

/**
 * Loads a channel with the org settings the incoming-message hot path needs, in one query.
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
      orgSplitEnabled: organizations.botTrafficSplitEnabled,
      channelSplitEnabled: channelIntegrations.trafficSplitEnabled,
      botPercent: channelIntegrations.botPercent,
    })
    .from(channelIntegrations)
    .innerJoin(organizations, eq(organizations.id, channelIntegrations.orgId))
    .where(eq(channelIntegrations.id, channelId))
    .limit(1);
  return row ?? null;
}
