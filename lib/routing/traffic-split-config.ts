/**
 * Saving a channel's traffic-split config (000_… BTS-S01, S01-NEG, S01-NEG2; §7 behaviour 1).
 * Checks on the server, in order: role owner/admin (403), org flag `bot_traffic_split_enabled`, an eligible
 * plan and the AI add-on (403, lib/routing/split-eligibility.ts), the channel belongs to the org (404), then the input (zod: a whole number 0..100, else the
 * field error "Enter a whole number between 0 and 100"). The write, its audit entry and
 * `bot_traffic_split_config_saved` are one transaction; nothing is persisted on any refusal.
 */
import { requireCapability } from "@/lib/auth/roles";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations, organizations } from "@/db/schema";
import { diffFields, recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { recordEvent } from "@/lib/events/record-event";
import { trafficSplitAvailable } from "./split-eligibility";
import { say } from "@/lib/i18n/language-scope";

export { SPLIT_PLANS, trafficSplitAvailable } from "./split-eligibility";

/** The English wording of the percentage's field error (`routing.botPercentInvalid`; said in the reader's language). */
export const BOT_PERCENT_ERROR = "Enter a whole number between 0 and 100";
/** 000_… BTS-S01 ERR-2 */
export const SPLIT_SAVE_FAILED_MESSAGE = "Couldn't save traffic split. Try again.";

/** `bot_percent` as typed: digits only (no "30%", "2.5", "-5", blanks), 0..100. */
export const botPercentSchema = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const text = String(v).trim();
    const n = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > 100) {
      ctx.addIssue({ code: "custom", message: say("routing.botPercentInvalid") });
      return z.NEVER;
    }
    return n;
  });

export const trafficSplitSchema = z.object({
  enabled: z.boolean(),
  botPercent: botPercentSchema,
});

export type SavedTrafficSplit = { enabled: boolean; botPercent: number };

/**
 * Saves `{ enabled, botPercent }` for a channel of the actor's org.
 * @returns the saved values
 * @throws UserError 403 (role, flag off, ineligible plan, no AI add-on), 404 (channel not in the org); ZodError (bad percentage)
 */
export async function saveTrafficSplit(
  db: Db,
  { actor, channelId, input, now = new Date() }: { actor: Membership; channelId: string; input: unknown; now?: Date },
): Promise<SavedTrafficSplit> {
  requireCapability(actor, "changeTrafficSplit", "roles.changeTrafficSplit");
  return db.transaction(async (tx) => {
    const [org] = await tx
      .select({ botTrafficSplitEnabled: organizations.botTrafficSplitEnabled, plan: organizations.plan, aiAgentAddon: organizations.aiAgentAddon })
      .from(organizations)
      .where(eq(organizations.id, actor.orgId))
      // a concurrent plan/flag change (which locks the org row) is applied before or after this save, never beside it
      .for("share");
    if (!org || !trafficSplitAvailable(org)) throw new UserError(say("routing.splitNotAvailable"), 403);
    const next = trafficSplitSchema.parse(input);
    if (!z.uuid().safeParse(channelId).success) throw new UserError(say("channels.notInOrg"), 404);
    const [before] = await tx
      .select({ name: channelIntegrations.name, enabled: channelIntegrations.trafficSplitEnabled, botPercent: channelIntegrations.botPercent })
      .from(channelIntegrations)
      .where(and(eq(channelIntegrations.id, channelId), eq(channelIntegrations.orgId, actor.orgId)))
      .for("update");
    if (!before) throw new UserError(say("channels.notInOrg"), 404);
    await tx
      .update(channelIntegrations)
      .set({ trafficSplitEnabled: next.enabled, botPercent: next.botPercent, updatedAt: now })
      .where(eq(channelIntegrations.id, channelId));
    const changes = diffFields({ enabled: before.enabled, bot_percent: before.botPercent }, { enabled: next.enabled, bot_percent: next.botPercent });
    if (Object.keys(changes).length) {
      await recordAudit(tx, { actor, area: "split", action: "traffic_split.saved", targetId: channelId, targetLabel: before.name, changes });
    }
    await recordEvent(tx, {
      orgId: actor.orgId,
      name: "bot_traffic_split_config_saved",
      userId: actor.userId,
      occurredAt: now,
      properties: { channel_integration_id: channelId, bot_percent: next.botPercent, enabled: next.enabled, actor_id: actor.userId, timestamp: now.toISOString() },
    });
    return next;
  });
}

/**
 * Records `bot_traffic_split_save_failed` (000_… BTS-S01 ERR-2) — best effort, never throws.
 * @param errorCode a short machine code (`network`, `db_error`, an HTTP status…), never a message with data
 */
export async function recordTrafficSplitSaveFailed(
  db: Db,
  { actor, channelId, errorCode }: { actor: Membership; channelId: string; errorCode: string },
): Promise<void> {
  const now = new Date();
  await recordEvent(db, {
    orgId: actor.orgId,
    name: "bot_traffic_split_save_failed",
    userId: actor.userId,
    properties: { channel_integration_id: z.uuid().safeParse(channelId).success ? channelId : null, actor_id: actor.userId, error_code: errorCode.slice(0, 40), timestamp: now.toISOString() },
  }).catch(() => undefined);
}
