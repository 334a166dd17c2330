/**
 * The real Web Push protocol end to end (003_… delivery): `deliverPush` with its default transport (web-push builds
 * the request, fetch sends it) posts to a local push service over HTTP, and the test is the browser: it decrypts the
 * aes128gcm body with the subscription's private key and auth secret (`http_ece`, the reference implementation
 * web-push itself uses), and checks the VAPID JWT (aud, exp, sub, ES256 signature against the k= key), TTL, Urgency
 * and Topic.
 */
import { createPublicKey, randomUUID, verify } from "node:crypto";
import { createRequire } from "node:module";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { alertDeliveries, conversations, pushSubscriptions } from "@/db/schema";
import { BUILT_IN_AGENT_NAME } from "@/lib/agent/channel-agent";
import { seedQuietOrg, testDb } from "@/test/db";
import { userIdOf } from "@/test/members";
import { localPushService, newDeviceKeys, subscriptionInput, type DeviceKeys, type PushServiceRequest } from "@/test/push-service";
import { deliverPush, RetryablePushError, sendTestNotification, topicOf } from "./deliver-push";
import { listDevices, saveSubscription } from "./push-subscriptions";
import { dedupKeyOf, raiseAlert } from "./raise-alert";
import { vapidKeys } from "./vapid";

type Ece = { decrypt: (body: Buffer, params: { version: "aes128gcm"; privateKey: DeviceKeys["ecdh"]; authSecret: Buffer }) => Buffer };
const ece = createRequire(import.meta.url)("http_ece") as Ece;

let db: Db;
/** the local push service; `answers`: status queue per endpoint path, 201 when empty */
const local = localPushService();

beforeAll(async () => {
  db = await testDb();
});

type Org = Awaited<ReturnType<typeof seedQuietOrg>>;
type Device = { id: string; endpoint: string; path: string; keys: DeviceKeys };

/** A browser of `userId` subscribed at the local push local.service. */
async function subscribe(userId: string): Promise<Device> {
  const keys = newDeviceKeys();
  const endpoint = local.service.endpoint();
  const id = await saveSubscription(db, { userId, input: subscriptionInput(endpoint, keys, "Chrome on Linux") });
  return { id, endpoint, path: new URL(endpoint).pathname, keys };
}

async function alertFor(org: Org, signal: "low_confidence" | "agent_error" | "message_cap" = "low_confidence") {
  const [c] = await db
    .insert(conversations)
    .values({ orgId: org.orgId, channelId: org.channels[0]!.id, externalId: `c-${randomUUID()}`, contactId: "k", firstMessagePreview: "hi", lastMessageAt: new Date() })
    .returning({ id: conversations.id });
  const value = signal === "low_confidence" ? { signal, value: 0.12, threshold: 0.4 } : signal === "message_cap" ? { signal, value: 20, threshold: 20 } : { signal, value: "model_failure" };
  const raised = await raiseAlert(db, {
    orgId: org.orgId, signal: value, conversationId: c!.id, channelId: org.channels[0]!.id, channelName: org.channels[0]!.name,
    agentId: null, agentName: BUILT_IN_AGENT_NAME, agentVersionId: null, at: new Date(),
  });
  return { ...raised, conversationId: c!.id };
}

const requestsTo = (device: Device) => local.service.requests.filter((r) => r.path === device.path);
const decrypt = (request: PushServiceRequest, keys: DeviceKeys) =>
  JSON.parse(ece.decrypt(request.body, { version: "aes128gcm", privateKey: keys.ecdh, authSecret: keys.authSecret }).toString("utf8")) as Record<string, unknown>;
const b64urlJson = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;

/** Checks `Authorization: vapid t=<jwt>, k=<key>` the way a push service does; returns the JWT claims. */
function verifyVapid(request: PushServiceRequest): Record<string, unknown> {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(String(request.headers.authorization));
  expect(match, String(request.headers.authorization)).not.toBeNull();
  const [, jwt, k] = match!;
  const [header, payload, signature] = jwt!.split(".") as [string, string, string];
  expect(b64urlJson(header)).toEqual({ typ: "JWT", alg: "ES256" });
  // k= is the uncompressed P-256 point (0x04 ‖ x ‖ y) — the app's VAPID public key
  expect(k).toBe(vapidKeys().publicKey);
  const point = Buffer.from(k!, "base64url");
  expect(point).toHaveLength(65);
  expect(point[0]).toBe(0x04);
  const key = createPublicKey({ format: "jwk", key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") } });
  const sig = Buffer.from(signature, "base64url");
  expect(sig).toHaveLength(64); // JWS ES256: raw r ‖ s
  expect(verify("sha256", Buffer.from(`${header}.${payload}`), { key, dsaEncoding: "ieee-p1363" }, sig)).toBe(true);
  // a tampered token does not verify
  expect(verify("sha256", Buffer.from(`${header}.${payload}x`), { key, dsaEncoding: "ieee-p1363" }, sig)).toBe(false);
  return b64urlJson(payload);
}

describe("Web Push over HTTP to a local push service (real web-push, real encryption)", () => {
  it("delivers an encrypted, VAPID-signed push the device can decrypt: payload, TTL, Urgency, Topic", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    const device = await subscribe(supervisor);
    const { alertId, push, conversationId } = await alertFor(org);
    const sentAt = Math.floor(Date.now() / 1000);

    expect(await deliverPush(db, push!)).toEqual({ recipients: 1, sent: 1, removed: 0, failed: 0, skipped: 0, noSupervisor: false });
    const [request] = requestsTo(device);
    expect(requestsTo(device)).toHaveLength(1);
    expect(request!.method).toBe("POST");

    // headers (RFC 8030 / RFC 8291 / RFC 8292)
    const tag = dedupKeyOf(org.orgId, conversationId, "low_confidence");
    expect(request!.headers).toMatchObject({ ttl: "3600", urgency: "low", topic: topicOf(tag), "content-encoding": "aes128gcm", "content-type": "application/octet-stream" });
    expect(request!.headers.topic).toMatch(/^[A-Za-z0-9_-]{1,32}$/);

    // the body: aes128gcm with the subscription's keys (RFC 8291); the header's keyid is the sender's ephemeral key
    expect(request!.body.readUInt32BE(16)).toBe(4096); // record size
    expect(request!.body[20]).toBe(65); // keyid length: an uncompressed P-256 point
    const payload = decrypt(request!, device.keys);
    // the recipient follows the Indonesian org (no language of their own): the push speaks Indonesian
    expect(payload).toEqual({ title: "Tingkat keyakinan rendah · Tandem", body: `Asisten bawaan tidak dapat menjawab pelanggan di ${org.channels[0]!.name} (tingkat keyakinan 12%)`, tag, url: `/alerts/${alertId}/open`, alertId });
    // another device's keys cannot read it
    expect(() => decrypt(request!, newDeviceKeys())).toThrow();

    // VAPID (RFC 8292): aud = the push service's origin, exp within 24 h, sub = the app's contact
    const claims = verifyVapid(request!);
    expect(claims.aud).toBe(local.service.origin);
    expect(claims.sub).toBe(vapidKeys().subject);
    expect(claims.sub).toMatch(/^(mailto:|https:)/);
    expect(claims.exp).toBeGreaterThan(sentAt);
    expect(claims.exp).toBeLessThanOrEqual(sentAt + 24 * 3600 + 5);

    const [delivery] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alertId));
    expect(delivery).toMatchObject({ subscriptionId: device.id, statusCode: 201, error: null, kind: "alert" });
    const [sub] = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, device.id));
    expect(sub!.lastSuccessAt).not.toBeNull();
  });

  it("urgency follows the alert's severity on the wire", async () => {
    const org = await seedQuietOrg(db);
    const device = await subscribe(await userIdOf(db, org, "supervisor"));
    for (const [signal, urgency] of [["agent_error", "high"], ["message_cap", "normal"]] as const) {
      const { push } = await alertFor(org, signal);
      await deliverPush(db, push!);
      expect(requestsTo(device).at(-1)!.headers.urgency).toBe(urgency);
    }
  });

  it("410 Gone from the push service deletes the subscription, without throwing", async () => {
    const org = await seedQuietOrg(db);
    const device = await subscribe(await userIdOf(db, org, "supervisor"));
    local.answers.set(device.path, [410]);
    const { alertId, push } = await alertFor(org);
    expect(await deliverPush(db, push!)).toMatchObject({ sent: 0, removed: 1, failed: 0 });
    expect(requestsTo(device)).toHaveLength(1);
    expect(await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, device.id))).toEqual([]);
    expect(await db.select({ statusCode: alertDeliveries.statusCode }).from(alertDeliveries).where(eq(alertDeliveries.alertId, alertId))).toEqual([{ statusCode: 410 }]);
  });

  it("429 then 201: the first delivery throws RetryablePushError, the retry delivers once, a third call sends nothing", async () => {
    const org = await seedQuietOrg(db);
    const device = await subscribe(await userIdOf(db, org, "supervisor"));
    local.answers.set(device.path, [429]);
    const { alertId, push } = await alertFor(org);
    await expect(deliverPush(db, push!)).rejects.toBeInstanceOf(RetryablePushError);
    expect(await deliverPush(db, push!)).toMatchObject({ sent: 1, skipped: 0 });
    expect(await deliverPush(db, push!)).toMatchObject({ sent: 0, skipped: 1 });
    const received = requestsTo(device);
    expect(received).toHaveLength(2);
    // both attempts carried the same notification
    expect(decrypt(received[1]!, device.keys)).toEqual(decrypt(received[0]!, device.keys));
    const rows = await db.select({ statusCode: alertDeliveries.statusCode }).from(alertDeliveries).where(eq(alertDeliveries.alertId, alertId)).orderBy(alertDeliveries.id);
    expect(rows).toEqual([{ statusCode: 429 }, { statusCode: 201 }]);
  });

  it("sendTestNotification reaches the device", async () => {
    const org = await seedQuietOrg(db);
    const admin = await userIdOf(db, org, "admin");
    const device = await subscribe(admin);
    expect(await sendTestNotification(db, { orgId: org.orgId, userId: admin })).toEqual({ sent: 1, failed: 0, removed: 0 });
    const [request] = requestsTo(device);
    expect(request!.headers).toMatchObject({ ttl: "60", urgency: "normal", topic: topicOf(`test:${admin}`), "content-encoding": "aes128gcm" });
    expect(decrypt(request!, device.keys)).toEqual({ title: "Notifikasi uji Tandem", body: "Notifikasi push berfungsi di perangkat ini.", tag: `test:${admin}`, url: "/monitoring", alertId: null });
    expect(verifyVapid(request!).aud).toBe(local.service.origin);
    const rows = await db.select().from(alertDeliveries).where(and(eq(alertDeliveries.userId, admin), eq(alertDeliveries.kind, "test")));
    expect(rows).toMatchObject([{ subscriptionId: device.id, statusCode: 201 }]);
  });
});

describe("saveSubscription: no takeover (issue 17)", () => {
  it("another org's supervisor who posts a known endpoint with other keys is refused 409 and the device stays with its owner; the same browser (same keys) may move it", async () => {
    const org = await seedQuietOrg(db);
    const intruderOrg = await seedQuietOrg(db);
    const owner = await userIdOf(db, org, "supervisor");
    const intruder = await userIdOf(db, intruderOrg, "supervisor");
    const endpoint = local.service.endpoint(`${org.slug}-takeover`);
    const keys = newDeviceKeys();
    const id = await saveSubscription(db, { userId: owner, input: subscriptionInput(endpoint, keys, "Sari's laptop") });

    const refused = await saveSubscription(db, { userId: intruder, input: subscriptionInput(endpoint, newDeviceKeys(), "mine now") }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 409, message: "This push endpoint is registered to another account." });
    expect((await listDevices(db, owner)).map((d) => [d.id, d.label])).toEqual([[id, "Sari's laptop"]]);
    expect(await listDevices(db, intruder)).toEqual([]);

    // the owner re-subscribing (new keys) updates their row; a colleague on the same browser (same keys) takes it over
    const fresh = newDeviceKeys();
    expect(await saveSubscription(db, { userId: owner, input: subscriptionInput(endpoint, fresh, "Sari's laptop") })).toBe(id);
    const colleague = await userIdOf(db, org, "admin");
    expect(await saveSubscription(db, { userId: colleague, input: subscriptionInput(endpoint, fresh, "shared laptop") })).toBe(id);
    expect(await listDevices(db, owner)).toEqual([]);
    expect((await listDevices(db, colleague)).map((d) => d.id)).toEqual([id]);
  });
});
