import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { seal } from "@/lib/crypto/secret-box";
import { UserError } from "@/lib/errors/user-error";
import { newWebhookSecret } from "@/lib/ingest/sign";
import { assertChannelAdmin } from "./channel-guards";
import { SECRET_OVERLAP_MS } from "./channel-secrets";
import { say } from "@/lib/i18n/language-scope";

/**
 * Rotates a channel's webhook secret: a new secret becomes current and the old one stays valid for 24 h (the
 * overlap lets senders switch without dropping deliveries). A second rotation inside the overlap retires the
 * oldest secret at once.
 * @returns the new secret (shown once) and when the old one stops working
 * @throws UserError 403, 404 (not in the org)
 */
export async function rotateChannelSecret(
  db: Db,
  { actor, channelId, now = new Date() }: { actor: Membership; channelId: string; now?: Date },
): Promise<{ secret: string; previousValidUntil: Date }> {
  assertChannelAdmin(actor);
  if (!z.uuid().safeParse(channelId).success) throw new UserError(say("channels.notInOrg"), 404);
  const secret = newWebhookSecret();
  const previousValidUntil = new Date(now.getTime() + SECRET_OVERLAP_MS);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: channelIntegrations.name, current: channelIntegrations.webhookSecretEncrypted })
      .from(channelIntegrations)
      .where(and(eq(channelIntegrations.id, channelId), eq(channelIntegrations.orgId, actor.orgId)))
      .for("update");
    if (!before) throw new UserError(say("channels.notInOrg"), 404);
    await tx
      .update(channelIntegrations)
      .set({
        webhookSecretEncrypted: seal(secret),
        previousWebhookSecretEncrypted: before.current,
        previousSecretExpiresAt: previousValidUntil,
        secretRotatedAt: now,
        updatedAt: now,
      })
      .where(eq(channelIntegrations.id, channelId));
    await recordAudit(tx, {
      actor, area: "channels", action: "channel.secret_rotated", targetId: channelId, targetLabel: before.name,
      changes: { previous_secret_valid_until: { from: null, to: previousValidUntil.toISOString() } },
    });
  });
  return { secret, previousValidUntil };
}
