/**
 * A user's Web Push devices: the subscription a browser returns from `PushManager.subscribe`, stored per user and
 * device (the endpoint is unique: subscribing again from the same browser updates the row — for another user only
 * when the browser presents the subscription's own keys).
 */
import { BlockList, isIP } from "node:net";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { pushSubscriptions } from "@/db/schema";
import { env } from "@/lib/config/env";
import { UserError } from "@/lib/errors/user-error";
import { isStorableText, UNSTORABLE_TEXT } from "@/lib/validation/storable";
import { say, localized } from "@/lib/i18n/language-scope";

/** Loopback, private and link-local ranges a browser's push endpoint never points at. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.168.0.0", 16], ["100.64.0.0", 10]] as const) PRIVATE.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [["::1", 128], ["fc00::", 7], ["fe80::", 10], ["::", 128]] as const) PRIVATE.addSubnet(net, prefix, "ipv6");

/**
 * Whether the server may POST pushes to `endpoint`: https on a public host. With
 * `TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS=1` (tests, or a push service on your own network) http and private hosts are
 * allowed too. A public name that resolves to a private address is refused when the push is sent
 * (lib/net/outbound-fetch.ts).
 */
export function endpointAllowed(endpoint: string, allowPrivate = env().TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS === "1"): boolean {
  if (allowPrivate) return true;
  const url = new URL(endpoint);
  if (url.protocol !== "https:") return false;
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) return false;
  const family = isIP(host);
  return family === 0 || !PRIVATE.check(host, family === 6 ? "ipv6" : "ipv4");
}

/** The browser's `PushSubscription.toJSON()` (only https endpoints; keys base64url). */
export const pushSubscriptionSchema = z.object({
  endpoint: z.url({ protocol: /^https?$/, ...localized("alerts.push.endpointNotUrl") }).max(2048).refine(isStorableText, UNSTORABLE_TEXT),
  keys: z.object({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, localized("alerts.push.p256dhInvalid")),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,32}$/, localized("alerts.push.authInvalid")),
  }),
  label: z.string().trim().min(1).max(120).refine(isStorableText, UNSTORABLE_TEXT).optional(),
});

/**
 * Saves (or moves to `userId`) a browser's subscription. A known endpoint moves to another user only with the same
 * keys (the browser holding the subscription).
 * @returns the subscription id
 * @throws ZodError for a malformed subscription; UserError 400 for an endpoint on http or a private host; UserError
 *   409 when the endpoint is another user's and the keys don't match
 */
export async function saveSubscription(db: Db, { userId, input, userAgent }: { userId: string; input: unknown; userAgent?: string | null }): Promise<string> {
  const sub = pushSubscriptionSchema.parse(input);
  if (!endpointAllowed(sub.endpoint)) throw new UserError(say("alerts.push.endpointNotPublic"), 400);
  const label = sub.label ?? deviceLabel(userAgent ?? "");
  const [row] = await db
    .insert(pushSubscriptions)
    .values({ userId, endpoint: sub.endpoint, p256dh: sub.keys.p256dh, auth: sub.keys.auth, label })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { userId, p256dh: sub.keys.p256dh, auth: sub.keys.auth, label },
      // a known endpoint moves to another account only with its keys (the browser that holds the subscription: a
      // shared laptop); knowing the URL alone never takes over someone else's device (issue 17)
      setWhere: sql`${pushSubscriptions.userId} = ${userId} OR (${pushSubscriptions.p256dh} = ${sub.keys.p256dh} AND ${pushSubscriptions.auth} = ${sub.keys.auth})`,
    })
    .returning({ id: pushSubscriptions.id });
  if (!row) throw new UserError(say("alerts.push.endpointTaken"), 409);
  return row.id;
}

/** "Chrome on Linux"-style label from a User-Agent header. */
export function deviceLabel(userAgent: string): string {
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Firefox\//.test(userAgent) ? "Firefox" : /Chrom(e|ium)\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari" : "Browser";
  const os = /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Windows/.test(userAgent) ? "Windows" : /Mac OS X/.test(userAgent) ? "macOS" : /Linux/.test(userAgent) ? "Linux" : "unknown OS";
  return `${browser} on ${os}`;
}

/** The user's devices, oldest first (no keys). */
export function listDevices(db: Db, userId: string) {
  return db
    .select({ id: pushSubscriptions.id, label: pushSubscriptions.label, endpoint: pushSubscriptions.endpoint, createdAt: pushSubscriptions.createdAt, lastSuccessAt: pushSubscriptions.lastSuccessAt })
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, userId))
    .orderBy(asc(pushSubscriptions.createdAt));
}

/**
 * Removes one of the user's own devices.
 * @throws UserError 404 when it is not theirs
 */
export async function removeDevice(db: Db, { userId, subscriptionId }: { userId: string; subscriptionId: string }): Promise<void> {
  if (!z.uuid().safeParse(subscriptionId).success) throw new UserError(say("alerts.push.deviceNotYours"), 404);
  const gone = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, subscriptionId), eq(pushSubscriptions.userId, userId)))
    .returning({ id: pushSubscriptions.id });
  if (gone.length === 0) throw new UserError(say("alerts.push.deviceNotYours"), 404);
}

/** Every subscription of these users. */
export function subscriptionsOf(db: Db, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.select().from(pushSubscriptions).where(inArray(pushSubscriptions.userId, userIds));
}
