import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiAgents, aiAgentVersions, alertSettings as alertSettingsTable, channelIntegrations, organizations, type BusinessHours } from "@/db/schema";
import { alertSettingsOf, type AlertSettings } from "@/lib/alerts/alert-settings";
import { trafficSplitAvailable } from "@/lib/routing/split-eligibility";
import { errorMessage } from "@/lib/errors/error-message";

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
  /** the org may split (flag, eligible plan and AI add-on); null when the split config could not be read */
  orgSplitEnabled: boolean | null;
  /** null when the split config could not be read */
  channelSplitEnabled: boolean | null;
  /** null when the split config could not be read */
  botPercent: number | null;
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
  /** the org's alert settings (dedup window, storm threshold, severities), defaults filled in */
  alertSettings: AlertSettings;
};

/**
 * Loads a channel with the org settings and the published AI agent version the incoming-message hot path needs,
 * in one query. If that query fails, it is tried once more without the traffic-split config: when that works, the
 * split config is what could not be read, and the context says so (`orgSplitEnabled`/`channelSplitEnabled`/`botPercent`
 * null), so the arm decision fails safe to the bot with `bot_traffic_split_decision_fallback` (000_… BTS-S02 ERR-1)
 * instead of the webhook answering 500. No extra round trip when the first query succeeds.
 * @returns null when no channel has this id
 * @throws when the channel itself cannot be read
 */
export async function loadChannelContext(db: Db, channelId: string): Promise<ChannelContext | null> {
  const base = {
    channelId: channelIntegrations.id,
    channelName: channelIntegrations.name,
    channelType: channelIntegrations.type,
    orgId: channelIntegrations.orgId,
    webhookSecretEncrypted: channelIntegrations.webhookSecretEncrypted,
    previousWebhookSecretEncrypted: channelIntegrations.previousWebhookSecretEncrypted,
    previousSecretExpiresAt: channelIntegrations.previousSecretExpiresAt,
    archivedAt: channelIntegrations.archivedAt,
    outboundReplyUrl: channelIntegrations.outboundReplyUrl,
    timezone: organizations.timezone,
    businessHours: organizations.businessHours,
    holidays: organizations.holidays,
    locale: organizations.locale,
    agentId: aiAgents.id,
    agentName: aiAgents.name,
    agentStatus: aiAgents.status,
    agentVersionId: aiAgentVersions.id,
    agentConfig: aiAgentVersions.config,
    dedupWindowMinutes: alertSettingsTable.dedupWindowMinutes,
    stormThreshold: alertSettingsTable.stormThreshold,
    severities: alertSettingsTable.severities,
  };
  const split = {
    botTrafficSplitEnabled: organizations.botTrafficSplitEnabled,
    plan: organizations.plan,
    aiAgentAddon: organizations.aiAgentAddon,
    channelSplitEnabled: channelIntegrations.trafficSplitEnabled,
    botPercent: channelIntegrations.botPercent,
  };
  // the same joins twice (drizzle's builder types don't survive a generic helper)
  const loadWithSplit = () =>
    db
      .select({ ...base, ...split })
      .from(channelIntegrations)
      .innerJoin(organizations, eq(organizations.id, channelIntegrations.orgId))
      .leftJoin(aiAgents, and(eq(aiAgents.id, channelIntegrations.aiAgentId), isNull(aiAgents.archivedAt)))
      .leftJoin(aiAgentVersions, eq(aiAgentVersions.id, aiAgents.publishedVersionId))
      .leftJoin(alertSettingsTable, eq(alertSettingsTable.orgId, channelIntegrations.orgId))
      .where(eq(channelIntegrations.id, channelId))
      .limit(1);
  const loadWithoutSplit = () =>
    db
      .select(base)
      .from(channelIntegrations)
      .innerJoin(organizations, eq(organizations.id, channelIntegrations.orgId))
      .leftJoin(aiAgents, and(eq(aiAgents.id, channelIntegrations.aiAgentId), isNull(aiAgents.archivedAt)))
      .leftJoin(aiAgentVersions, eq(aiAgentVersions.id, aiAgents.publishedVersionId))
      .leftJoin(alertSettingsTable, eq(alertSettingsTable.orgId, channelIntegrations.orgId))
      .where(eq(channelIntegrations.id, channelId))
      .limit(1);
  try {
    const [row] = await loadWithSplit();
    if (!row) return null;
    const { botTrafficSplitEnabled, plan, aiAgentAddon, dedupWindowMinutes, stormThreshold, severities, ...rest } = row;
    return { ...rest, alertSettings: alertSettingsOfJoined({ dedupWindowMinutes, stormThreshold, severities }), orgSplitEnabled: trafficSplitAvailable({ botTrafficSplitEnabled, plan, aiAgentAddon }) };
  } catch (error) {
    const [row] = await loadWithoutSplit(); // throws again when it is not the split config that failed
    if (!row) return null;
    console.warn("[load-channel] the traffic-split config could not be read; new conversations fail safe to the bot:", errorMessage(error));
    const { dedupWindowMinutes, stormThreshold, severities, ...rest } = row;
    return { ...rest, alertSettings: alertSettingsOfJoined({ dedupWindowMinutes, stormThreshold, severities }), orgSplitEnabled: null, channelSplitEnabled: null, botPercent: null };
  }
}

/** The joined alert-settings columns (all null when the org saved none) as settings with defaults filled in. */
function alertSettingsOfJoined(row: { dedupWindowMinutes: number | null; stormThreshold: number | null; severities: (typeof alertSettingsTable.$inferSelect)["severities"] | null }): AlertSettings {
  return row.dedupWindowMinutes === null || row.stormThreshold === null
    ? alertSettingsOf(null)
    : alertSettingsOf({ dedupWindowMinutes: row.dedupWindowMinutes, stormThreshold: row.stormThreshold, severities: row.severities ?? {} });
}
