/**
 * Standard Webhooks signing for channel webhooks (`standardwebhooks` package): headers `webhook-id`,
 * `webhook-timestamp`, `webhook-signature`; secrets are `whsec_` + base64 of 32 random bytes.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** A new channel webhook secret, `whsec_…`. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/**
 * Signs a body the way a channel sender must.
 * @returns the three Standard Webhooks headers for `body`
 */
export function signWebhook(
  secret: string,
  body: string,
  { id = `msg_${randomBytes(12).toString("hex")}`, timestamp = new Date() }: { id?: string; timestamp?: Date } = {},
): Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string> {
  const signature = new Webhook(secret).sign(id, timestamp, body);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

/**
 * Verifies a Standard Webhooks signature over the raw body (constant-time compare and the library's
 * 5-minute timestamp tolerance) against any of `secrets` — during a rotation overlap both the new and the old
 * secret are accepted.
 * @returns true when valid for one secret; false for a missing/wrong signature, wrong secret or stale/future timestamp
 */
export function verifyWebhook(secrets: string | string[], body: string, headers: Headers): boolean {
  const picked = {
    "webhook-id": headers.get("webhook-id") ?? "",
    "webhook-timestamp": headers.get("webhook-timestamp") ?? "",
    "webhook-signature": headers.get("webhook-signature") ?? "",
  };
  if (!picked["webhook-id"] || !picked["webhook-timestamp"] || !picked["webhook-signature"]) return false;
  return (Array.isArray(secrets) ? secrets : [secrets]).some((secret) => {
    try {
      new Webhook(secret).verify(body, picked);
      return true;
    } catch {
      return false;
    }
  });
}
