/**
 * Chatwoot webhook signatures (004_… §7; data/chatwoot/README.md): `X-Chatwoot-Signature` = `sha256=` + lowercase hex
 * HMAC-SHA256(webhook secret, `"{X-Chatwoot-Timestamp}.{raw body}"`), over the raw bytes (never re-serialized JSON),
 * compared in constant time. Timestamps older (or further in the future) than {@link MAX_SKEW_SECONDS} are refused.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** How far `X-Chatwoot-Timestamp` (unix seconds) may be from now: 5 minutes. */
export const MAX_SKEW_SECONDS = 5 * 60;

export type SignatureCheck =
  /** `signature`: the header as verified, in its one canonical form (`sha256=<lower-case hex>`), for the replay check */
  | { ok: true; deliveryId: string; timestamp: number; signature: string }
  | { ok: false; reason: "missing_header" | "bad_timestamp" | "stale" | "bad_signature" };

/** The signature header value Chatwoot would send for `rawBody` at `timestamp` (tests and the stand-in). */
export function signChatwoot(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex")}`;
}

/**
 * Verifies a delivery's headers against the raw body.
 * @param headers `x-chatwoot-signature`, `x-chatwoot-timestamp`, `x-chatwoot-delivery` (case-insensitive `Headers`)
 * @param now the clock (ms)
 * @returns ok with the delivery id and timestamp, or why it was refused
 */
export function verifyChatwootSignature(secret: string, headers: Headers, rawBody: Buffer, now = Date.now()): SignatureCheck {
  const signature = headers.get("x-chatwoot-signature");
  const timestampHeader = headers.get("x-chatwoot-timestamp");
  const deliveryId = headers.get("x-chatwoot-delivery");
  if (!signature || !timestampHeader || !deliveryId) return { ok: false, reason: "missing_header" };
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: "bad_timestamp" };
  const timestamp = Number(timestampHeader);
  if (Math.abs(now / 1000 - timestamp) > MAX_SKEW_SECONDS) return { ok: false, reason: "stale" };
  const expected = Buffer.from(signChatwoot(secret, timestampHeader, rawBody));
  const canonical = signature.trim().toLowerCase();
  const given = Buffer.from(canonical);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_signature" };
  return { ok: true, deliveryId, timestamp, signature: canonical };
}
