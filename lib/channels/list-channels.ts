import { and, asc, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channelIntegrations } from "@/db/schema";
import { lastDeliverySql } from "./webhook-deliveries";

/**
 * The org's channels (no secrets), by name, with their latest webhook delivery.
 * @param includeArchived false (default) for pickers and filters; true for the channels settings page
 */
export function listChannels(db: Db, { orgId, includeArchived = false }: { orgId: string; includeArchived?: boolean }) {
  return db
    .select({
      id: channelIntegrations.id,
      name: channelIntegrations.name,
      type: channelIntegrations.type,
      trafficSplitEnabled: channelIntegrations.trafficSplitEnabled,
      botPercent: channelIntegrations.botPercent,
      archivedAt: channelIntegrations.archivedAt,
      createdAt: channelIntegrations.createdAt,
      lastDelivery: lastDeliverySql(),
    })
    .from(channelIntegrations)
    // the agent editor's preview channel is internal: never listed
    .where(and(eq(channelIntegrations.orgId, orgId), ne(channelIntegrations.type, "bot_preview"), includeArchived ? undefined : isNull(channelIntegrations.archivedAt)))
    .orderBy(asc(channelIntegrations.name));
}

export type ChannelListRow = Awaited<ReturnType<typeof listChannels>>[number];
