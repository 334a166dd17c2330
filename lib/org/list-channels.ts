import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channelIntegrations } from "@/db/schema";

/** The org's channels (no secrets), by name. */
export function listChannels(db: Db, { orgId }: { orgId: string }) {
  return db
    .select({
      id: channelIntegrations.id,
      name: channelIntegrations.name,
      type: channelIntegrations.type,
      trafficSplitEnabled: channelIntegrations.trafficSplitEnabled,
      botPercent: channelIntegrations.botPercent,
      createdAt: channelIntegrations.createdAt,
    })
    .from(channelIntegrations)
    .where(eq(channelIntegrations.orgId, orgId))
    .orderBy(asc(channelIntegrations.name));
}
