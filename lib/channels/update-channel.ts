/**
 * Rename, archive and unarchive a channel of the actor's org, each with an audit entry. An archived channel keeps
 * its conversations but refuses new deliveries (410).
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { assertChannelAdmin, isUniqueViolation } from "./channel-guards";
import { channelNameSchema } from "./create-channel";
import { say } from "@/lib/i18n/language-scope";


export const renameChannelSchema = z.object({ channelId: z.uuid(), name: channelNameSchema });

/**
 * Renames a channel.
 * @throws UserError 403, 404 (not in the org), 409 (name taken); ZodError for bad input
 */
export async function renameChannel(db: Db, { actor, input }: { actor: Membership; input: unknown }): Promise<void> {
  assertChannelAdmin(actor);
  const { channelId, name } = renameChannelSchema.parse(input);
  try {
    await db.transaction(async (tx) => {
      const [before] = await tx
        .select({ name: channelIntegrations.name })
        .from(channelIntegrations)
        .where(and(eq(channelIntegrations.id, channelId), eq(channelIntegrations.orgId, actor.orgId)))
        .for("update");
      if (!before) throw new UserError(say("channels.notInOrg"), 404);
      if (before.name === name) return;
      await tx.update(channelIntegrations).set({ name, updatedAt: new Date() }).where(eq(channelIntegrations.id, channelId));
      await recordAudit(tx, { actor, area: "channels", action: "channel.renamed", targetId: channelId, targetLabel: name, changes: { name: { from: before.name, to: name } } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserError(say("channels.nameTaken", { name }), 409);
    throw error;
  }
}

export const archiveChannelSchema = z.object({ channelId: z.uuid(), archived: z.boolean() });

/**
 * Archives (`archived: true`) or restores a channel.
 * @throws UserError 403, 404 (not in the org)
 */
export async function setChannelArchived(db: Db, { actor, input }: { actor: Membership; input: unknown }): Promise<void> {
  assertChannelAdmin(actor);
  const { channelId, archived } = archiveChannelSchema.parse(input);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: channelIntegrations.name, archivedAt: channelIntegrations.archivedAt })
      .from(channelIntegrations)
      .where(and(eq(channelIntegrations.id, channelId), eq(channelIntegrations.orgId, actor.orgId)))
      .for("update");
    if (!before) throw new UserError(say("channels.notInOrg"), 404);
    if ((before.archivedAt !== null) === archived) return;
    await tx.update(channelIntegrations).set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() }).where(eq(channelIntegrations.id, channelId));
    await recordAudit(tx, {
      actor, area: "channels", action: archived ? "channel.archived" : "channel.restored", targetId: channelId, targetLabel: before.name,
      changes: { archived: { from: !archived, to: archived } },
    });
  });
}
