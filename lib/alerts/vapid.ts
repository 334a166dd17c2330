import webpush from "web-push";
import { env } from "@/lib/config/env";
import { localSecret } from "@/lib/config/local-secret";

export type VapidKeys = { publicKey: string; privateKey: string; subject: string };

/**
 * The app's VAPID keys: `VAPID_PUBLIC_KEY` / `VAPID_PRIVATE_KEY` when set, else a pair generated once into
 * `.data/secrets/vapid-keys` (so the embedded default needs no configuration). The public key goes to browsers.
 */
export function vapidKeys(): VapidKeys {
  const e = env();
  if (e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY) return { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject: e.VAPID_SUBJECT };
  const stored = JSON.parse(localSecret("vapid-keys", () => JSON.stringify(webpush.generateVAPIDKeys()))) as { publicKey: string; privateKey: string };
  return { ...stored, subject: e.VAPID_SUBJECT };
}
