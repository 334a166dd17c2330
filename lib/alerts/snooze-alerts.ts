/**
 * Snoozing a signal (issue 18 item 6): a supervisor silences one signal for one channel or one AI agent for a chosen
 * time. Alerts keep landing on the feed (marked snoozed) and count in every figure, but send no push until it ends
 * (`lib/alerts/raise-alert.ts` groupStorm). Snoozes and their early end are audited.
 */
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { agentSignalEnum, aiAgents, alertSnoozes, channelIntegrations, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { requireCapability } from "@/lib/auth/roles";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { BUILT_IN_AGENT_KEY } from "./raise-alert";
import { say, localized } from "@/lib/i18n/language-scope";

/** The durations offered, in hours. */
export const SNOOZE_HOURS = [1, 4, 8, 24] as const;

export const snoozeInputSchema = z.discriminatedUnion("scope", [
  z.object({ scope: z.literal("channel"), signal: z.enum(agentSignalEnum.enumValues, localized("alerts.snooze.chooseSignal")), channelId: z.uuid(localized("alerts.snooze.chooseChannel")), hours: z.coerce.number().refine((h) => (SNOOZE_HOURS as readonly number[]).includes(h), localized("alerts.snooze.chooseHours")) }),
  z.object({ scope: z.literal("agent"), signal: z.enum(agentSignalEnum.enumValues, localized("alerts.snooze.chooseSignal")), agentKey: z.union([z.uuid(), z.literal(BUILT_IN_AGENT_KEY)], localized("alerts.snooze.chooseAgent")), hours: z.coerce.number().refine((h) => (SNOOZE_HOURS as readonly number[]).includes(h), localized("alerts.snooze.chooseHours")) }),
], localized("alerts.snooze.chooseScope"));

type Actor = Pick<Membership, "userId" | "name" | "orgId" | "role">;

/**
 * Snoozes a signal for a channel or an agent of the actor's org for `hours` from `now`. A signal already snoozed
 * there keeps its one snooze, whose end becomes `now + hours` (the audit records the old and new end).
 * @returns the snooze's id and end
 * @throws UserError 403 (role), 404 (the channel or agent is not in the org); ZodError for bad input
 */
export async function snoozeSignal(db: Db, { actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }): Promise<{ id: string; until: Date }> {
  requireCapability(actor, "snoozeAlerts", "roles.snoozeAlerts");
  const s = snoozeInputSchema.parse(input);
  const until = new Date(now.getTime() + s.hours * 3600_000);
  return db.transaction(async (tx) => {
    let label: string;
    if (s.scope === "channel") {
      const [channel] = await tx.select({ name: channelIntegrations.name }).from(channelIntegrations).where(and(eq(channelIntegrations.id, s.channelId), eq(channelIntegrations.orgId, actor.orgId)));
      if (!channel) throw new UserError(say("channels.notInOrg"), 404);
      label = channel.name;
    } else if (s.agentKey === BUILT_IN_AGENT_KEY) label = "Built-in assistant";
    else {
      const [agent] = await tx.select({ name: aiAgents.name }).from(aiAgents).where(and(eq(aiAgents.id, s.agentKey), eq(aiAgents.orgId, actor.orgId)));
      if (!agent) throw new UserError(say("alerts.snooze.agentNotInOrg"), 404);
      label = agent.name;
    }
    // one snooze per signal and channel or agent (unique in the database): snoozing it again moves its end to now +
    // hours — a second click, or two supervisors at once, leave one row
    // (the index's predicate as a literal: PostgreSQL infers a partial unique index only from a constant)
    const target =
      s.scope === "channel"
        ? { column: alertSnoozes.channelId, value: s.channelId, where: sql`${alertSnoozes.scope} = 'channel'` }
        : { column: alertSnoozes.agentKey, value: s.agentKey, where: sql`${alertSnoozes.scope} = 'agent'` };
    const [running] = await tx
      .select({ until: alertSnoozes.until })
      .from(alertSnoozes)
      .where(and(eq(alertSnoozes.orgId, actor.orgId), eq(alertSnoozes.signal, s.signal), eq(alertSnoozes.scope, s.scope), eq(target.column, target.value), gt(alertSnoozes.until, now)));
    const [row] = await tx
      .insert(alertSnoozes)
      .values({ orgId: actor.orgId, signal: s.signal, scope: s.scope, channelId: s.scope === "channel" ? s.channelId : null, agentKey: s.scope === "agent" ? s.agentKey : null, until, createdBy: actor.userId, createdAt: now })
      .onConflictDoUpdate({ target: [alertSnoozes.orgId, alertSnoozes.signal, target.column], targetWhere: target.where, set: { until, createdBy: actor.userId, createdAt: now } })
      .returning({ id: alertSnoozes.id });
    await recordAudit(tx, { actor, area: "alerts", action: "alerts.signal_snoozed", targetId: row!.id, targetLabel: `${s.signal} on ${label}`, changes: { until: { from: running?.until.toISOString() ?? null, to: until.toISOString() } } });
    return { id: row!.id, until };
  });
}

/**
 * Ends a snooze now.
 * @throws UserError 403, 404 (not an active snooze of the org)
 */
export async function endSnooze(db: Db, { actor, snoozeId, now = new Date() }: { actor: Actor; snoozeId: string; now?: Date }): Promise<void> {
  requireCapability(actor, "snoozeAlerts", "roles.snoozeAlerts");
  if (!z.uuid().safeParse(snoozeId).success) throw new UserError(say("alerts.snooze.notFound"), 404);
  await db.transaction(async (tx) => {
    const [row] = await tx.update(alertSnoozes).set({ until: now }).where(and(eq(alertSnoozes.id, snoozeId), eq(alertSnoozes.orgId, actor.orgId), gt(alertSnoozes.until, now))).returning({ id: alertSnoozes.id, signal: alertSnoozes.signal });
    if (!row) throw new UserError(say("alerts.snooze.alreadyEnded"), 404);
    await recordAudit(tx, { actor, area: "alerts", action: "alerts.snooze_ended", targetId: row.id, targetLabel: row.signal });
  });
}

/**
 * The org's snoozes still running at `now`, ending soonest first, with the channel or agent name and who set them.
 * `agentKey` is BUILT_IN_AGENT_KEY for the built-in assistant; a removed channel or agent has a null name (the page
 * words both in the reader's language).
 */
export async function activeSnoozes(db: Db, { orgId, now = new Date() }: { orgId: string; now?: Date }) {
  const rows = await db
    .select({ id: alertSnoozes.id, signal: alertSnoozes.signal, scope: alertSnoozes.scope, channelName: channelIntegrations.name, agentKey: alertSnoozes.agentKey, agentName: aiAgents.name, until: alertSnoozes.until, by: users.name })
    .from(alertSnoozes)
    .leftJoin(channelIntegrations, eq(channelIntegrations.id, alertSnoozes.channelId))
    .leftJoin(aiAgents, and(eq(alertSnoozes.scope, "agent"), sql`${aiAgents.id}::text = ${alertSnoozes.agentKey}`))
    .leftJoin(users, eq(users.id, alertSnoozes.createdBy))
    .where(and(eq(alertSnoozes.orgId, orgId), gt(alertSnoozes.until, now)))
    .orderBy(asc(alertSnoozes.until));
  return rows;
}
