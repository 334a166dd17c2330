/**
 * Issue 17 item 3 over real HTTP: a channel webhook's `webhook-id` is its idempotency key. The same id with the same
 * body (even re-signed later) is a redelivery answered as before; the same id with a different, validly signed body
 * is refused with 409 and changes nothing; a refused delivery (4xx) keeps nothing, so a corrected retry under the
 * same id goes through; ids are forgotten after a week.
 */
import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversations, messages, webhookDeliveries, webhookDeliveryIds } from "@/db/schema";
import { serve } from "@/test/http";
import { seedQuietOrg, testDb } from "@/test/db";
import { handleConversationEvent } from "./handle-conversation-event";
import { handleIncomingMessage } from "./handle-incoming-message";
import { signWebhook } from "./sign";
import { pruneWebhookIds, WEBHOOK_ID_RETENTION_MS } from "./webhook-delivery-ids";

let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  db = await testDb();
  org = await seedQuietOrg(db);
  server = await serve((req) => (new URL(req.url).pathname.endsWith("conversation-events") ? handleConversationEvent(db, req) : handleIncomingMessage(db, req, { model: null })));
});
afterAll(() => server?.close());

const channel = () => org.channels[0]!;

async function post(path: string, payload: unknown, opts: { id: string; timestamp?: Date }) {
  const raw = JSON.stringify(payload);
  const res = await fetch(`${server.url}/api/webhooks/${path}`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(channel().secret, raw, opts) } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, duplicate: res.headers.get("x-tandem-duplicate") };
}

const message = (overrides: Record<string, unknown> = {}) => ({
  channel_id: channel().id, conversation_id: `c-${randomUUID()}`, message_id: `m-${randomUUID()}`, contact: { id: "wa:62815", name: "Rina" }, text: "where is my order?", sent_at: new Date().toISOString(), ...overrides,
});

/** The org's conversations and customer messages. */
const stored = async () => ({
  conversations: (await db.select({ n: count() }).from(conversations).where(eq(conversations.orgId, org.orgId)))[0]!.n,
  messages: (await db.select({ n: count() }).from(messages).where(and(eq(messages.orgId, org.orgId), eq(messages.sender, "customer"))))[0]!.n,
});

describe("incoming-message", () => {
  it("the same webhook-id and body, re-signed a minute later, is a redelivery with the same answer", async () => {
    const id = `msg_${randomUUID()}`;
    const payload = message();
    const first = await post("incoming-message", payload, { id });
    expect(first.status).toBe(200);
    const before = await stored();
    const again = await post("incoming-message", payload, { id, timestamp: new Date(Date.now() + 60_000) });
    expect(again).toMatchObject({ status: 200, duplicate: "true", body: first.body });
    expect(await stored()).toEqual(before);
  });

  it("the same webhook-id with a different, validly signed body is refused with 409 and nothing is stored", async () => {
    const id = `msg_${randomUUID()}`;
    expect((await post("incoming-message", message(), { id })).status).toBe(200);
    const before = await stored();
    const other = message({ text: "refund me now" });
    const refused = await post("incoming-message", other, { id });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/already delivered with a different body/);
    expect(await stored()).toEqual(before);
    const [logged] = await db
      .select({ statusCode: webhookDeliveries.statusCode, error: webhookDeliveries.error })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.channelId, channel().id), eq(webhookDeliveries.deliveryId, id), eq(webhookDeliveries.statusCode, 409)));
    expect(logged?.error).toMatch(/different body/);
    // the same body under a new id is a new delivery
    expect((await post("incoming-message", other, { id: `msg_${randomUUID()}` })).status).toBe(200);
  });

  it("a refused delivery (400) keeps nothing: a corrected body under the same webhook-id is accepted", async () => {
    const id = `msg_${randomUUID()}`;
    const bad = await post("incoming-message", message({ sent_at: "not a date" }), { id });
    expect(bad.status).toBe(400);
    expect(await db.select().from(webhookDeliveryIds).where(eq(webhookDeliveryIds.webhookId, id))).toEqual([]);
    expect((await post("incoming-message", message(), { id })).status).toBe(200);
    expect(await db.select().from(webhookDeliveryIds).where(eq(webhookDeliveryIds.webhookId, id))).toHaveLength(1);
  });

  it("concurrent deliveries of one webhook-id with different bodies: exactly one is stored, the others are 409", async () => {
    const id = `msg_${randomUUID()}`;
    const before = await stored();
    const results = await Promise.all(Array.from({ length: 6 }, () => post("incoming-message", message(), { id })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(await stored()).toEqual({ conversations: before.conversations + 1, messages: before.messages + 1 });
  });

  it("a webhook-id longer than 256 characters is a 400", async () => {
    const res = await post("incoming-message", message(), { id: "x".repeat(257) });
    expect(res).toMatchObject({ status: 400, body: { error: "webhook-id longer than 256 characters" } });
  });
});

describe("conversation-events", () => {
  it("a reused webhook-id with another event is refused with 409 and not applied", async () => {
    const payload = message();
    expect((await post("incoming-message", payload, { id: `msg_${randomUUID()}` })).status).toBe(200);
    const id = `evt_${randomUUID()}`;
    const csat = (score: number) => ({ channel_id: channel().id, type: "conversation.csat", conversation_id: payload.conversation_id, score });
    expect((await post("conversation-events", csat(4), { id })).status).toBe(200);
    const replayed = await post("conversation-events", csat(4), { id });
    expect(replayed).toMatchObject({ status: 200, body: { ok: true, duplicate: true } });
    expect((await post("conversation-events", csat(1), { id })).status).toBe(409);
    const [row] = await db.select({ csat: conversations.csatScore }).from(conversations).where(and(eq(conversations.channelId, channel().id), eq(conversations.externalId, payload.conversation_id)));
    expect(row?.csat).toBe(4);
  });
});

describe("retention", () => {
  it("forgets webhook ids older than a week, keeps newer ones", async () => {
    const old = `msg_${randomUUID()}`;
    const recent = `msg_${randomUUID()}`;
    const now = new Date();
    await db.insert(webhookDeliveryIds).values([
      { channelId: channel().id, webhookId: old, bodySha256: "a".repeat(64), receivedAt: new Date(now.getTime() - WEBHOOK_ID_RETENTION_MS - 60_000) },
      { channelId: channel().id, webhookId: recent, bodySha256: "b".repeat(64), receivedAt: new Date(now.getTime() - WEBHOOK_ID_RETENTION_MS + 60_000) },
    ]);
    expect(await pruneWebhookIds(db, { now })).toBeGreaterThanOrEqual(1);
    const left = (await db.select({ id: webhookDeliveryIds.webhookId }).from(webhookDeliveryIds)).map((r) => r.id);
    expect(left).toContain(recent);
    expect(left).not.toContain(old);
  });
});
