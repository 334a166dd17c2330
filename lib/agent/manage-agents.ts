/**
 * Creating and changing AI agents (002_… Agents): create, save the working config, duplicate, pause/resume and
 * archive. Every function checks role and plan on the server (`assertAgentWriter`), validates the whole config with
 * `agentConfigSchema`, and writes the change with its audit entry in one transaction.
 */
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { aiAgents, aiAgentVersions, channelIntegrations, type AiAgent } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { say } from "@/lib/i18n/language-scope";
import { assertAgentWriter } from "./agent-access";
import { diffConfigs } from "./config-diff";
import { agentConfigSchema, type AgentConfig } from "./config-schema";

export type DraftSource = AiAgent["draftSource"];

const actorOf = (m: Membership) => ({ userId: m.userId, name: m.name, orgId: m.orgId });

/**
 * Checks that every channel id is a live (not archived, not preview) channel of the org.
 * @throws UserError 400 naming how many are unknown
 */
async function assertOwnChannels(db: Db, orgId: string, channelIds: readonly string[]): Promise<void> {
  if (channelIds.length === 0) return;
  const rows = await db
    .select({ id: channelIntegrations.id })
    .from(channelIntegrations)
    .where(
      and(
        eq(channelIntegrations.orgId, orgId),
        inArray(channelIntegrations.id, [...channelIds]),
        isNull(channelIntegrations.archivedAt),
        ne(channelIntegrations.type, "bot_preview"),
      ),
    );
  if (rows.length !== new Set(channelIds).size) throw new UserError(say("agents.chooseOwnChannels"), 400);
}

/**
 * Loads an agent of the actor's org for writing, locked `FOR UPDATE` (concurrent publishes serialize).
 * @throws UserError 404 (not in the org), 409 (archived)
 */
export async function lockAgent(db: Db, orgId: string, agentId: string): Promise<AiAgent> {
  const [agent] = await db
    .select()
    .from(aiAgents)
    .where(and(eq(aiAgents.id, agentId), eq(aiAgents.orgId, orgId)))
    .for("update");
  if (!agent) throw new UserError(say("agents.notInOrg"), 404);
  if (agent.archivedAt) throw new UserError(say("agents.archived"), 409);
  return agent;
}

/** The config of the agent's published version, or null when it was never published. */
async function publishedConfig(db: Db, agent: AiAgent): Promise<AgentConfig | null> {
  if (!agent.publishedVersionId) return null;
  const [v] = await db.select({ config: aiAgentVersions.config }).from(aiAgentVersions).where(eq(aiAgentVersions.id, agent.publishedVersionId));
  return v ? (v.config as AgentConfig) : null;
}

/**
 * Creates a draft agent.
 * @param input.config validated with `agentConfigSchema` (ZodError on bad input)
 * @param input.draftSource who produced the config: `model`, `template` (deterministic drafter) or `manual`
 * @returns the new agent row
 * @throws UserError 403 (role/plan), 400 (foreign channels); ZodError
 */
export async function createAgent(
  db: Db,
  { actor, config: input, draftSource = "manual" }: { actor: Membership; config: unknown; draftSource?: DraftSource },
): Promise<AiAgent> {
  const config = agentConfigSchema.parse(input);
  return db.transaction(async (tx) => {
    await assertAgentWriter(tx, actor);
    await assertOwnChannels(tx, actor.orgId, config.routing.channelIds);
    const [agent] = await tx
      .insert(aiAgents)
      .values({ orgId: actor.orgId, name: config.profile.name, config, draftSource, updatedBy: actor.userId })
      .returning();
    await recordAudit(tx, { actor: actorOf(actor), area: "agents", action: "agent.created", targetId: agent!.id, targetLabel: agent!.name, changes: { draft_source: { from: null, to: draftSource } } });
    return agent!;
  });
}

/**
 * Saves the working config of an agent (not yet live: publishing makes it live).
 * @returns the agent row after saving, and whether it now differs from the published version
 * @throws UserError 403/404/409/400; ZodError (the field errors of the step that is wrong)
 */
export async function saveAgentConfig(
  db: Db,
  { actor, agentId, config: input }: { actor: Membership; agentId: string; config: unknown },
): Promise<AiAgent> {
  const config = agentConfigSchema.parse(input);
  return db.transaction(async (tx) => {
    await assertAgentWriter(tx, actor);
    const agent = await lockAgent(tx, actor.orgId, agentId);
    await assertOwnChannels(tx, actor.orgId, config.routing.channelIds);
    const published = await publishedConfig(tx, agent);
    const changes = diffConfigs(agent.config as AgentConfig, config);
    const [saved] = await tx
      .update(aiAgents)
      .set({
        name: config.profile.name,
        config,
        hasUnpublishedChanges: !published || Object.keys(diffConfigs(published, config)).length > 0,
        updatedBy: actor.userId,
        updatedAt: new Date(),
      })
      .where(eq(aiAgents.id, agent.id))
      .returning();
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, { actor: actorOf(actor), area: "agents", action: "agent.saved", targetId: agent.id, targetLabel: config.profile.name, changes });
    }
    return saved!;
  });
}

/**
 * Copies an agent's working config into a new draft named "… (copy)", without channels (a channel has one agent).
 * @throws UserError 403/404
 */
export async function duplicateAgent(db: Db, { actor, agentId }: { actor: Membership; agentId: string }): Promise<AiAgent> {
  return db.transaction(async (tx) => {
    await assertAgentWriter(tx, actor);
    const [source] = await tx.select().from(aiAgents).where(and(eq(aiAgents.id, agentId), eq(aiAgents.orgId, actor.orgId)));
    if (!source) throw new UserError(say("agents.notInOrg"), 404);
    const base = source.config as AgentConfig;
    const name = `${base.profile.name} (copy)`.slice(0, 80);
    const config: AgentConfig = { ...base, profile: { ...base.profile, name }, routing: { ...base.routing, channelIds: [] } };
    const [copy] = await tx.insert(aiAgents).values({ orgId: actor.orgId, name, config, draftSource: "manual", updatedBy: actor.userId }).returning();
    await recordAudit(tx, { actor: actorOf(actor), area: "agents", action: "agent.duplicated", targetId: copy!.id, targetLabel: name, changes: { duplicated_from: { from: null, to: source.name } } });
    return copy!;
  });
}

/**
 * Pauses a live agent (its channels hand every bot-arm message to a human) or resumes a paused one.
 * @throws UserError 403/404/409 (a draft cannot be paused; only a paused agent resumes)
 */
export async function setAgentPaused(
  db: Db,
  { actor, agentId, paused }: { actor: Membership; agentId: string; paused: boolean },
): Promise<AiAgent> {
  return db.transaction(async (tx) => {
    await assertAgentWriter(tx, actor);
    const agent = await lockAgent(tx, actor.orgId, agentId);
    const from = paused ? "live" : "paused";
    if (agent.status !== from) {
      throw new UserError(say(paused ? "agents.onlyLiveCanPause" : "agents.onlyPausedCanResume"), 409);
    }
    const status = paused ? ("paused" as const) : ("live" as const);
    const [saved] = await tx.update(aiAgents).set({ status, updatedBy: actor.userId, updatedAt: new Date() }).where(eq(aiAgents.id, agent.id)).returning();
    await recordAudit(tx, { actor: actorOf(actor), area: "agents", action: paused ? "agent.paused" : "agent.resumed", targetId: agent.id, targetLabel: agent.name, changes: { status: { from, to: status } } });
    return saved!;
  });
}

/**
 * Archives an agent: hidden from the list, its channels go back to the built-in defaults, its versions and the
 * conversations they answered stay.
 * @throws UserError 403/404/409 (already archived)
 */
export async function archiveAgent(db: Db, { actor, agentId }: { actor: Membership; agentId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await assertAgentWriter(tx, actor);
    const agent = await lockAgent(tx, actor.orgId, agentId);
    const unlinked = await tx
      .update(channelIntegrations)
      .set({ aiAgentId: null, updatedAt: new Date() })
      .where(and(eq(channelIntegrations.orgId, actor.orgId), eq(channelIntegrations.aiAgentId, agent.id)))
      .returning({ name: channelIntegrations.name });
    await tx.update(aiAgents).set({ archivedAt: new Date(), status: agent.status === "live" ? "paused" : agent.status, updatedBy: actor.userId, updatedAt: new Date() }).where(eq(aiAgents.id, agent.id));
    await recordAudit(tx, {
      actor: actorOf(actor),
      area: "agents",
      action: "agent.archived",
      targetId: agent.id,
      targetLabel: agent.name,
      changes: { channels: { from: unlinked.map((c) => c.name), to: [] } },
    });
  });
}

/** Number of agents (not archived) of an org; used for unique default names. */
export async function countAgents(db: Db, orgId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(aiAgents).where(and(eq(aiAgents.orgId, orgId), isNull(aiAgents.archivedAt)));
  return Number(row?.n ?? 0);
}
