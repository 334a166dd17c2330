import { and, count, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations } from "@/db/schema";
import { notPreview } from "./not-preview";

export type StatusSummary = {
  total: number;
  /** conversations still with the AI agent (open, bot arm or no split) */
  withAi: number;
  /** handed over or routed to humans: waiting for an agent or assigned */
  withHumans: number;
  resolved: number;
  byChannel: { channel: string; conversations: number }[];
};

/**
 * Live counts of the org's conversations created in the last `days` days, overall and per channel.
 */
export async function statusSummary(db: Db, { orgId, days }: { orgId: string; days: number }): Promise<StatusSummary> {
  const scope = and(eq(conversations.orgId, orgId), gte(conversations.createdAt, sql`now() - make_interval(days => ${days})`), notPreview());
  const [[totals], byChannel] = await Promise.all([
    db
      .select({
        total: count(),
        withAi: sql<number>`count(*) filter (where ${conversations.status} = 'OPEN' and ${conversations.assignChannelAgentId} is null)`.mapWith(Number),
        withHumans: sql<number>`count(*) filter (where ${conversations.status} in ('WAITING_ASSIGN_AGENT','ASSIGNED'))`.mapWith(Number),
        resolved: sql<number>`count(*) filter (where ${conversations.status} = 'RESOLVED')`.mapWith(Number),
      })
      .from(conversations)
      .where(scope),
    db
      .select({ channel: channelIntegrations.name, conversations: count() })
      .from(conversations)
      .innerJoin(channelIntegrations, eq(channelIntegrations.id, conversations.channelId))
      .where(scope)
      .groupBy(channelIntegrations.name)
      .orderBy(sql`count(*) desc`),
  ]);
  return {
    total: totals?.total ?? 0,
    withAi: totals?.withAi ?? 0,
    withHumans: totals?.withHumans ?? 0,
    resolved: totals?.resolved ?? 0,
    byChannel,
  };
}
