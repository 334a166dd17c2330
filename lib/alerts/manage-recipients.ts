/**
 * Explicit alert recipients (003_… supervisors): a member, org-wide or for one channel, with per-signal opt-in and
 * optional quiet hours. Owners and admins edit them; each change is audited.
 */
import { requireCapability } from "@/lib/auth/roles";
import { and, eq, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { agentSignalEnum, alertRecipients, channelIntegrations } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { activeMemberIds } from "./recipients";
import { say, localized } from "@/lib/i18n/language-scope";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, localized("alerts.recipients.timeFormat"));

export const recipientSchema = z
  .object({
    userId: z.uuid(localized("alerts.recipients.chooseMember")),
    /** "" or absent = every channel */
    channelId: z.union([z.uuid(), z.literal("")]).optional(),
    signals: z.array(z.enum(agentSignalEnum.enumValues)).min(1, localized("alerts.recipients.chooseSignal")),
    quietStart: z.union([hhmm, z.literal("")]).optional(),
    quietEnd: z.union([hhmm, z.literal("")]).optional(),
  })
  .superRefine((v, ctx) => {
    if (Boolean(v.quietStart) !== Boolean(v.quietEnd)) ctx.addIssue({ code: "custom", path: [v.quietStart ? "quietEnd" : "quietStart"], message: say("alerts.recipients.quietHoursBoth") });
    if (v.quietStart && v.quietStart === v.quietEnd) ctx.addIssue({ code: "custom", path: ["quietEnd"], message: say("alerts.recipients.quietHoursSame") });
  });

function assertAdmin(actor: Membership) {
  requireCapability(actor, "configureAlerts", "roles.changeAlertRecipients");
}

/**
 * Adds a recipient, or updates the one for the same member and channel.
 * @throws UserError 403, 400 (not an active member, or not a channel of the org); ZodError
 */
export async function saveRecipient(db: Db, { actor, input }: { actor: Membership; input: unknown }): Promise<void> {
  assertAdmin(actor);
  const v = recipientSchema.parse(input);
  const channelId = v.channelId || null;
  await db.transaction(async (tx) => {
    if (!(await activeMemberIds(tx, actor.orgId, [v.userId])).has(v.userId)) throw new UserError(say("alerts.recipients.notActiveMember"), 400);
    if (channelId) {
      const [channel] = await tx
        .select({ id: channelIntegrations.id })
        .from(channelIntegrations)
        .where(and(eq(channelIntegrations.id, channelId), eq(channelIntegrations.orgId, actor.orgId), ne(channelIntegrations.type, "bot_preview")));
      if (!channel) throw new UserError(say("alerts.recipients.chooseOrgChannel"), 400);
    }
    const quietHours = v.quietStart && v.quietEnd ? { start: v.quietStart, end: v.quietEnd } : null;
    const same = and(eq(alertRecipients.orgId, actor.orgId), eq(alertRecipients.userId, v.userId), channelId ? eq(alertRecipients.channelId, channelId) : isNull(alertRecipients.channelId));
    const [existing] = await tx.select({ id: alertRecipients.id }).from(alertRecipients).where(same).for("update");
    if (existing) await tx.update(alertRecipients).set({ signals: v.signals, quietHours }).where(eq(alertRecipients.id, existing.id));
    else await tx.insert(alertRecipients).values({ orgId: actor.orgId, userId: v.userId, channelId, signals: v.signals, quietHours });
    await recordAudit(tx, {
      actor: { userId: actor.userId, name: actor.name, orgId: actor.orgId },
      area: "alerts",
      action: existing ? "alerts.recipient_updated" : "alerts.recipient_added",
      targetId: v.userId,
      changes: { channel: { from: null, to: channelId ?? "all" }, signals: { from: null, to: v.signals }, quiet_hours: { from: null, to: quietHours } },
    });
  });
}

/**
 * Removes a recipient row of the org.
 * @throws UserError 403, 404
 */
export async function removeRecipient(db: Db, { actor, recipientId }: { actor: Membership; recipientId: string }): Promise<void> {
  assertAdmin(actor);
  if (!z.uuid().safeParse(recipientId).success) throw new UserError(say("alerts.recipients.notFound"), 404);
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(alertRecipients)
      .where(and(eq(alertRecipients.id, recipientId), eq(alertRecipients.orgId, actor.orgId)))
      .returning({ userId: alertRecipients.userId });
    if (!gone) throw new UserError(say("alerts.recipients.notFound"), 404);
    await recordAudit(tx, { actor: { userId: actor.userId, name: actor.name, orgId: actor.orgId }, area: "alerts", action: "alerts.recipient_removed", targetId: gone.userId });
  });
}
