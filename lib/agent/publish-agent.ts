/**
 * Publishing and rolling back (002_… Versions and audit): every publish freezes the working config into an
 * immutable, numbered `ai_agent_versions` row (who, when, diff from the previous version), makes the agent live on
 * the channels its routing step names (moving each channel from whatever agent had it), and is audited. Rolling back
 * publishes an earlier version's config again as a new version, so history is never rewritten.
 */
import { and, eq, inArray, isNull, max, ne, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiAgents, aiAgentVersions, channelIntegrations, type AiAgent, type AiAgentVersion } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { say } from "@/lib/i18n/language-scope";
import { assertAgentWriter } from "./agent-access";
import { diffConfigs } from "./config-diff";
import { agentConfigSchema, type AgentConfig } from "./config-schema";
import { lockAgent } from "./manage-agents";

async function publishConfig(
  tx: Db,
  { actor, agent, config, rolledBackFrom }: { actor: Membership; agent: AiAgent; config: AgentConfig; rolledBackFrom?: number },
): Promise<AiAgentVersion> {
  const [previous] = agent.publishedVersionId
    ? await tx.select().from(aiAgentVersions).where(eq(aiAgentVersions.id, agent.publishedVersionId))
    : [];
  const changes = diffConfigs(previous ? (previous.config as AgentConfig) : null, config);
  if (previous && Object.keys(changes).length === 0) {
    throw new UserError(say("agents.nothingToPublish", { version: previous.version }), 409);
  }
  const [{ last } = { last: 0 }] = await tx
    .select({ last: max(aiAgentVersions.version) })
    .from(aiAgentVersions)
    .where(eq(aiAgentVersions.agentId, agent.id));
  const [version] = await tx
    .insert(aiAgentVersions)
    .values({
      orgId: actor.orgId,
      agentId: agent.id,
      version: Number(last ?? 0) + 1,
      config,
      changes,
      rolledBackFrom: rolledBackFrom ?? null,
      publishedBy: actor.userId,
      publishedByName: actor.name,
    })
    .returning();
  await tx
    .update(aiAgents)
    .set({
      name: config.profile.name,
      config,
      publishedVersionId: version!.id,
      status: agent.status === "paused" ? "paused" : "live",
      hasUnpublishedChanges: false,
      updatedBy: actor.userId,
      updatedAt: new Date(),
    })
    .where(eq(aiAgents.id, agent.id));
  // the channels named in the routing step now use this agent; channels it no longer names go back to defaults
  const channelIds = config.routing.channelIds;
  if (channelIds.length > 0) {
    await tx
      .update(channelIntegrations)
      .set({ aiAgentId: agent.id, updatedAt: new Date() })
      // only live channels: one archived since the config was saved (or named by an old version) is skipped
      .where(
        and(
          eq(channelIntegrations.orgId, actor.orgId),
          inArray(channelIntegrations.id, channelIds),
          isNull(channelIntegrations.archivedAt),
          ne(channelIntegrations.type, "bot_preview"),
        ),
      );
  }
  await tx
    .update(channelIntegrations)
    .set({ aiAgentId: null, updatedAt: new Date() })
    .where(
      and(
        eq(channelIntegrations.orgId, actor.orgId),
        eq(channelIntegrations.aiAgentId, agent.id),
        channelIds.length > 0 ? notInArray(channelIntegrations.id, channelIds) : sql`true`,
      ),
    );
  await recordAudit(tx, {
    actor: { userId: actor.userId, name: actor.name, orgId: actor.orgId },
    area: "agents",
    action: rolledBackFrom ? "agent.rolled_back" : "agent.published",
    targetId: agent.id,
    targetLabel: `${config.profile.name} v${version!.version}`,
    changes,
  });
  return version!;
}

/**
 * Publishes the agent's working config as its next version.
 * @returns the new version row
 * @throws UserError 403 (role/plan), 404, 409 (archived, or nothing changed since the last version); ZodError when
 *   the stored working config no longer validates
 */
export async function publishAgent(db: Db, { actor, agentId }: { actor: Membership; agentId: string }): Promise<AiAgentVersion> {
  return db.transaction(async (tx) => {
    await assertAgentWriter(tx, actor);
    const agent = await lockAgent(tx, actor.orgId, agentId);
    const config = agentConfigSchema.parse(agent.config);
    return publishConfig(tx, { actor, agent, config });
  });
}

/**
 * Restores version `versionId`: its config becomes the working config and is published as a new version that
 * records which one it restores.
 * @throws UserError 403, 404 (version not of this agent/org), 409 (already the published version, or archived)
 */
export async function rollbackAgent(
  db: Db,
  { actor, agentId, versionId }: { actor: Membership; agentId: string; versionId: string },
): Promise<AiAgentVersion> {
  return db.transaction(async (tx) => {
    await assertAgentWriter(tx, actor);
    const agent = await lockAgent(tx, actor.orgId, agentId);
    const [target] = await tx
      .select()
      .from(aiAgentVersions)
      .where(and(eq(aiAgentVersions.id, versionId), eq(aiAgentVersions.agentId, agent.id), eq(aiAgentVersions.orgId, actor.orgId)));
    if (!target) throw new UserError(say("agents.versionNotFound"), 404);
    if (target.id === agent.publishedVersionId) throw new UserError(say("agents.versionAlreadyLive", { version: target.version }), 409);
    const config = agentConfigSchema.parse(target.config);
    return publishConfig(tx, { actor, agent, config, rolledBackFrom: target.version });
  });
}
