import { open } from "@/lib/crypto/secret-box";

/** How long the previous secret keeps working after a rotation, in ms (24 h). */
export const SECRET_OVERLAP_MS = 24 * 3600_000;

/**
 * The secrets a channel's webhooks accept at `now`: the current one, plus the previous one during the 24 h
 * overlap after a rotation (decrypted; never log them).
 */
export function acceptedSecrets(
  channel: { webhookSecretEncrypted: string; previousWebhookSecretEncrypted: string | null; previousSecretExpiresAt: Date | null },
  now = new Date(),
): string[] {
  const secrets = [open(channel.webhookSecretEncrypted)];
  if (channel.previousWebhookSecretEncrypted && channel.previousSecretExpiresAt && channel.previousSecretExpiresAt > now) {
    secrets.push(open(channel.previousWebhookSecretEncrypted));
  }
  return secrets;
}

/** A secret shown after it was revealed once: prefix and last 4 characters. */
export function maskSecret(lastFour: string): string {
  return `whsec_••••••••${lastFour}`;
}
