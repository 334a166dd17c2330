import { z } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations, channelTypeEnum } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { seal } from "@/lib/crypto/secret-box";
import { UserError } from "@/lib/errors/user-error";
import { newWebhookSecret } from "@/lib/ingest/sign";
import { assertChannelAdmin, isUniqueViolation } from "./channel-guards";
import { say, localized } from "@/lib/i18n/language-scope";

export const channelNameSchema = z.string().trim().min(1, localized("channels.nameRequired")).max(80, localized("channels.nameTooLong", { max: 80 }));

export const createChannelSchema = z.object({
  name: channelNameSchema,
  // bot_preview is the agent editor's internal channel, never created by hand
  type: z.enum(channelTypeEnum.enumValues, localized("channels.chooseType")).exclude(["bot_preview"], localized("channels.chooseType")),
});

/**
 * Creates a channel with a fresh Standard Webhooks secret (stored encrypted) and returns the secret once.
 * @returns `{ id, name, secret }` — the only time the plaintext secret leaves the server
 * @throws UserError 403 (not owner/admin), 409 (name already used in the org); ZodError for bad input
 */
export async function createChannel(db: Db, { actor, input }: { actor: Membership; input: unknown }): Promise<{ id: string; name: string; secret: string }> {
  assertChannelAdmin(actor);
  const { name, type } = createChannelSchema.parse(input);
  const secret = newWebhookSecret();
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(channelIntegrations)
        .values({ orgId: actor.orgId, name, type, webhookSecretEncrypted: seal(secret) })
        .returning({ id: channelIntegrations.id });
      await recordAudit(tx, { actor, area: "channels", action: "channel.created", targetId: row!.id, targetLabel: name, changes: { type: { from: null, to: type } } });
      return { id: row!.id, name, secret };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserError(say("channels.nameTaken", { name }), 409);
    throw error;
  }
}
