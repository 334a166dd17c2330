import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_SKEW_SECONDS, signChatwoot, verifyChatwootSignature } from "./signature";

const SECRET = "whsec-test-0123456789abcdef";
const NOW_MS = Date.UTC(2026, 10, 18, 3, 12, 50);
const NOW_S = NOW_MS / 1000;
/** The example delivery as Chatwoot sends it: pretty-printed, so re-serializing it changes the bytes. */
const RAW = readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/chatwoot/message_created.incoming.json"));

/** The headers Chatwoot sends for `body` at `timestamp` (README: `sha256=` + lowercase hex of HMAC over `"{ts}.{body}"`). */
function headersFor(body: Buffer | string, { timestamp = NOW_S, secret = SECRET, delivery = "5f0c2a1e-7b7d-4d7e-9d9f-0a1b2c3d4e5f" }: { timestamp?: number | string; secret?: string; delivery?: string } = {}): Headers {
  const signature = `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`;
  return new Headers({ "X-Chatwoot-Signature": signature, "X-Chatwoot-Timestamp": String(timestamp), "X-Chatwoot-Delivery": delivery });
}

const verify = (headers: Headers, body: Buffer = RAW, now = NOW_MS) => verifyChatwootSignature(SECRET, headers, body, now);

describe("verifyChatwootSignature", () => {
  it("accepts a delivery signed per the README and returns its delivery id and timestamp", () => {
    expect(verify(headersFor(RAW))).toEqual({ ok: true, deliveryId: "5f0c2a1e-7b7d-4d7e-9d9f-0a1b2c3d4e5f", timestamp: NOW_S, signature: signChatwoot(SECRET, NOW_S, RAW) });
  });

  it("signChatwoot produces the header Chatwoot sends (sha256= + lowercase hex)", () => {
    const expected = headersFor(RAW).get("x-chatwoot-signature");
    expect(signChatwoot(SECRET, NOW_S, RAW)).toBe(expected);
    expect(signChatwoot(SECRET, NOW_S, RAW)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it("refuses a tampered body", () => {
    const tampered = Buffer.from(RAW.toString("utf8").replace("Where is my order #1042?", "Where is my order #1043?"));
    expect(tampered.equals(RAW)).toBe(false);
    expect(verify(headersFor(RAW), tampered)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a signature made with another secret", () => {
    expect(verify(headersFor(RAW, { secret: "someone-else" }))).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a signature over another timestamp than the header's", () => {
    const headers = headersFor(RAW, { timestamp: NOW_S - 10 });
    headers.set("x-chatwoot-timestamp", String(NOW_S));
    expect(verify(headers)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses the body re-serialized as JSON (the signature covers the raw bytes)", () => {
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(RAW.toString("utf8"))));
    expect(reserialized.equals(RAW)).toBe(false);
    expect(verify(headersFor(RAW), reserialized)).toEqual({ ok: false, reason: "bad_signature" });
    // … while the re-serialized bytes verify against their own signature
    expect(verify(headersFor(reserialized), reserialized).ok).toBe(true);
  });

  it(`accepts a timestamp exactly ${MAX_SKEW_SECONDS} s old or ahead, and refuses one older or further ahead than 5 minutes`, () => {
    expect(MAX_SKEW_SECONDS).toBe(300);
    expect(verify(headersFor(RAW, { timestamp: NOW_S - 300 })).ok).toBe(true);
    expect(verify(headersFor(RAW, { timestamp: NOW_S + 300 })).ok).toBe(true);
    expect(verify(headersFor(RAW, { timestamp: NOW_S - 301 }))).toEqual({ ok: false, reason: "stale" });
    expect(verify(headersFor(RAW, { timestamp: NOW_S + 301 }))).toEqual({ ok: false, reason: "stale" });
    expect(verify(headersFor(RAW, { timestamp: NOW_S - 86_400 }))).toEqual({ ok: false, reason: "stale" });
  });

  it.each(["x-chatwoot-signature", "x-chatwoot-timestamp", "x-chatwoot-delivery"])("refuses a delivery without %s", (name) => {
    const headers = headersFor(RAW);
    headers.delete(name);
    expect(verify(headers)).toEqual({ ok: false, reason: "missing_header" });
  });

  it("treats an empty header as missing", () => {
    const headers = headersFor(RAW);
    headers.set("x-chatwoot-delivery", "");
    expect(verify(headers)).toEqual({ ok: false, reason: "missing_header" });
  });

  it.each(["abc", "1794971570.5", "-1794971570", "1e9", "0x6afc0a52", "1234567890123"])("refuses a non-numeric or malformed timestamp %s", (timestamp) => {
    expect(verify(headersFor(RAW, { timestamp }))).toEqual({ ok: false, reason: "bad_timestamp" });
  });

  it("accepts uppercase hex (the code lower-cases the header before comparing) and surrounding whitespace", () => {
    const signature = headersFor(RAW).get("x-chatwoot-signature")!;
    const upper = headersFor(RAW);
    upper.set("x-chatwoot-signature", `sha256=${signature.slice("sha256=".length).toUpperCase()}`);
    expect(verify(upper).ok).toBe(true);
    const padded = headersFor(RAW);
    padded.set("x-chatwoot-signature", ` ${signature} `);
    expect(verify(padded).ok).toBe(true);
  });

  it("refuses the bare hex without the sha256= prefix, a truncated signature and garbage", () => {
    const signature = headersFor(RAW).get("x-chatwoot-signature")!;
    for (const bad of [signature.slice("sha256=".length), signature.slice(0, -2), "sha256=", "garbage", `sha1=${signature.slice(7)}`]) {
      const headers = headersFor(RAW);
      headers.set("x-chatwoot-signature", bad);
      expect(verify(headers), bad).toEqual({ ok: false, reason: "bad_signature" });
    }
  });
});
