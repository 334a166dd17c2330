import { and, asc, desc, eq, isNull, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { aiAgents, aiAgentVersions, channelIntegrations, users } from "@/db/schema";
import type { AgentConfig } from "./config-schema";

export type AgentListRow = {
  id: string;
  name: string;
  status: "draft" | "live" | "paused";
  channels: string[];
  publishedVersion: number | null;
  hasUnpublishedChanges: boolean;
  updatedAt: Date;
  updatedByName: string | null;
};

/** The org's agents (archived left out), most recently edited first, with the channels each one answers. */
export async function listAgents(db: Db, { orgId }: { orgId: string }): Promise<AgentListRow[]> {
  const editor = alias(users, "editor");
  const [agents, channels] = await Promise.all([
    db
      .select({
        id: aiAgents.id,
        name: aiAgents.name,
        status: aiAgents.status,
        publishedVersion: aiAgentVersions.version,
        hasUnpublishedChanges: aiAgents.hasUnpublishedChanges,
        updatedAt: aiAgents.updatedAt,
        updatedByName: editor.name,
      })
      .from(aiAgents)
      .leftJoin(aiAgentVersions, eq(aiAgentVersions.id, aiAgents.publishedVersionId))
      .leftJoin(editor, eq(editor.id, aiAgents.updatedBy))
      .where(and(eq(aiAgents.orgId, orgId), isNull(aiAgents.archivedAt)))
      .orderBy(desc(aiAgents.updatedAt)),
    db
      .select({ agentId: channelIntegrations.aiAgentId, name: channelIntegrations.name })
      .from(channelIntegrations)
      .where(and(eq(channelIntegrations.orgId, orgId), isNull(channelIntegrations.archivedAt)))
      .orderBy(asc(channelIntegrations.name)),
  ]);
  return agents.map((a) => ({ ...a, channels: channels.filter((c) => c.agentId === a.id).map((c) => c.name) }));
}

/** One agent of the org with its working config, or null (other org, unknown id, archived). */
export async function getAgent(db: Db, { orgId, agentId }: { orgId: string; agentId: string }) {
  const [agent] = await db
    .select()
    .from(aiAgents)
    .where(and(eq(aiAgents.id, agentId), eq(aiAgents.orgId, orgId), isNull(aiAgents.archivedAt)));
  return agent ? { ...agent, config: agent.config as AgentConfig } : null;
}

/** The agent's versions, newest first (who, when, what changed, which version a rollback restored). */
export function listAgentVersions(db: Db, { orgId, agentId }: { orgId: string; agentId: string }) {
  return db
    .select({
      id: aiAgentVersions.id,
      version: aiAgentVersions.version,
      changes: aiAgentVersions.changes,
      rolledBackFrom: aiAgentVersions.rolledBackFrom,
      publishedByName: aiAgentVersions.publishedByName,
      publishedAt: aiAgentVersions.publishedAt,
    })
    .from(aiAgentVersions)
    .where(and(eq(aiAgentVersions.orgId, orgId), eq(aiAgentVersions.agentId, agentId)))
    .orderBy(desc(aiAgentVersions.version));
}

/** Channels an agent can be put on (active, not the preview channel), with the agent each has now. */
export function listAssignableChannels(db: Db, { orgId }: { orgId: string }) {
  return db
    .select({ id: channelIntegrations.id, name: channelIntegrations.name, type: channelIntegrations.type, agentId: channelIntegrations.aiAgentId, agentName: aiAgents.name })
    .from(channelIntegrations)
    .leftJoin(aiAgents, eq(aiAgents.id, channelIntegrations.aiAgentId))
    .where(and(eq(channelIntegrations.orgId, orgId), isNull(channelIntegrations.archivedAt), ne(channelIntegrations.type, "bot_preview")))
    .orderBy(asc(channelIntegrations.name));
}
