import { readFileSync } from "node:fs";
import path from "node:path";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { defaultAgentConfig } from "@/lib/agent/config-schema";
import { conversations, events, messages } from "@/db/schema";
import { buildReplay, parseDialogues } from "@/lib/demo/ibm-dialogues";
import { replay } from "@/lib/demo/replay";
import { SEED_DATA_DIR } from "@/lib/demo/seed-data-path";
import { serve } from "@/test/http";
import { seedTestOrg, testDb } from "@/test/db";
import { handleIncomingMessage } from "./handle-incoming-message";
import { newWebhookSecret, signWebhook } from "./sign";

let db: Db;
let server: Awaited<ReturnType<typeof serve>>;
let org: Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
  org = await seedTestOrg(db);
  server = await serve((req) => handleIncomingMessage(db, req));
});
afterAll(() => server.close());

const channel = () => org.channels[0]!;
let seq = 0;
function body(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    channel_id: channel().id,
    conversation_id: `conv-${Date.now()}-${seq}`,
    message_id: `msg-${seq}`,
    contact: { id: `wa:62812000${seq}`, name: "Rina", phone: "+62812000" },
    text: "just wanted to check on the status of a refund",
    sent_at: new Date().toISOString(),
    ...overrides,
  };
}

function post(raw: string, headers: Record<string, string>) {
  return fetch(`${server.url}/api/webhooks/incoming-message`, {
    method: "POST",
    body: raw,
    headers: { "content-type": "application/json", ...headers },
  });
}

function postSigned(payload: unknown, secret = channel().secret, opts?: Parameters<typeof signWebhook>[2]) {
  const raw = JSON.stringify(payload);
  return post(raw, signWebhook(secret, raw, opts));
}

async function orgRows() {
  const [c] = await db.select({ n: count() }).from(conversations).where(eq(conversations.orgId, org.orgId));
  const [m] = await db.select({ n: count() }).from(messages).where(eq(messages.orgId, org.orgId));
  return { conversations: c!.n, messages: m!.n };
}

describe("POST /api/webhooks/incoming-message", () => {
  it("stores a valid signed message, answers from the knowledge base and returns the reply", async () => {
    const payload = body();
    const res = await postSigned(payload);
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json.handled_by).toBe("bot");
    expect(json.status).toBe("OPEN");
    // the customer-facing help-centre article (the internal ABCD guideline of the same subflow is never the source)
    expect(json.reply.sources[0].title).toBe("Refund Status — Checking on your refund");
    expect(json.reply.text).toContain("we'll check your refund for you");
    expect(json.reply).toMatchObject({ action: "answer", capability_id: "general", signals: [] });
    expect(json.reply.confidence).toBeGreaterThanOrEqual(defaultAgentConfig().routing.confidenceThreshold);

    const [conv] = await db.select().from(conversations).where(eq(conversations.id, json.conversation_id));
    expect(conv).toMatchObject({ orgId: org.orgId, externalId: payload.conversation_id, contactId: payload.contact.id, messageCount: 2, variant: null });
    const stored = await db.select().from(messages).where(eq(messages.conversationId, json.conversation_id));
    expect(stored.map((m) => m.sender).sort()).toEqual(["bot", "customer"]);
    // after commit the analytics event is recorded (in-process: no Inngest engine here)
    const recorded = await db.select().from(events).where(and(eq(events.orgId, org.orgId), eq(events.conversationId, json.conversation_id)));
    expect(recorded.map((e) => e.name)).toEqual(["conversation_message_received"]);
  });

  it("hands an off-topic message over and marks the conversation WAITING_ASSIGN_AGENT", async () => {
    const res = await postSigned(body({ text: "@TeamYouTube my channel got suspended for a year, please restore it" }));
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json.status).toBe("WAITING_ASSIGN_AGENT");
    expect(json.handled_by).toBe("human");
    expect(json.reply.text).toMatch(/passing your conversation to one of our team/);
    const [conv] = await db.select().from(conversations).where(eq(conversations.id, json.conversation_id));
    expect(conv?.handoverAt).not.toBeNull();
    // the bot stays quiet on later messages of a handed-over conversation
    const next = await postSigned(body({ conversation_id: conv!.externalId, text: "hello? I need a refund" }));
    expect((await next.json()).reply).toBeNull();
  });

  it.each([
    ["a tampered body", (p: ReturnType<typeof body>) => {
      const h = signWebhook(channel().secret, JSON.stringify(p));
      return post(JSON.stringify({ ...p, text: "tampered" }), h);
    }],
    ["a wrong secret", (p: ReturnType<typeof body>) => postSigned(p, newWebhookSecret())],
    ["another channel's secret", (p: ReturnType<typeof body>) => postSigned(p, org.channels[1]!.secret)],
    ["a stale timestamp (6 min old)", (p: ReturnType<typeof body>) => postSigned(p, channel().secret, { timestamp: new Date(Date.now() - 6 * 60_000) })],
    ["a timestamp 6 min in the future", (p: ReturnType<typeof body>) => postSigned(p, channel().secret, { timestamp: new Date(Date.now() + 6 * 60_000) })],
    ["no signature headers", (p: ReturnType<typeof body>) => post(JSON.stringify(p), {})],
  ])("rejects %s with 401 and writes nothing", async (_name, send) => {
    const before = await orgRows();
    const res = await send(body());
    expect(res.status).toBe(401);
    expect(await orgRows()).toEqual(before);
  });

  it.each([
    ["malformed JSON", () => post("{not json", signWebhook(channel().secret, "{not json")), 400],
    ["missing fields", () => postSigned({ channel_id: channel().id, text: "hi" }), 400],
    ["wrong types", () => postSigned(body({ text: 42, sent_at: "yesterday", contact: { id: 7 } })), 400],
    ["an empty text", () => postSigned(body({ text: "   " })), 400],
    ["a 70 KB body", () => postSigned(body({ text: "x".repeat(70 * 1024) })), 413],
    ["an unknown channel", () => postSigned(body({ channel_id: "00000000-0000-4000-8000-000000000000" })), 404],
    ["a channel id that is not a UUID", () => postSigned(body({ channel_id: "whatsapp" })), 400],
  ])("rejects %s and writes nothing", async (_name, send, status) => {
    const before = await orgRows();
    const res = await send();
    expect(res.status).toBe(status);
    expect(await res.json()).toHaveProperty("error");
    expect(await orgRows()).toEqual(before);
  });

  it("returns field errors for an invalid body", async () => {
    const res = await postSigned(body({ sent_at: "not a date", contact: {} }));
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(Object.keys(json.fields).sort()).toEqual(["contact", "sent_at"]);
  });

  it("stores the same message delivered twice once and gives the same response", async () => {
    const payload = body();
    const first = await postSigned(payload);
    const second = await postSigned(payload);
    expect(second.status).toBe(200);
    expect(second.headers.get("x-tandem-duplicate")).toBe("true");
    expect(await second.json()).toEqual(await first.json());
    const [conv] = await db.select().from(conversations).where(and(eq(conversations.orgId, org.orgId), eq(conversations.externalId, payload.conversation_id)));
    const rows = await db.select().from(messages).where(and(eq(messages.conversationId, conv!.id), eq(messages.externalId, payload.message_id)));
    expect(rows).toHaveLength(1);
    expect(conv!.messageCount).toBe(2);
  });

  it("stores one conversation and one message for 10 concurrent deliveries of a new conversation's first message", async () => {
    const payload = body();
    const responses = await Promise.all(Array.from({ length: 10 }, () => postSigned(payload)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    const convs = await db.select().from(conversations).where(and(eq(conversations.orgId, org.orgId), eq(conversations.externalId, payload.conversation_id)));
    expect(convs).toHaveLength(1);
    const msgs = await db.select().from(messages).where(eq(messages.conversationId, convs[0]!.id));
    expect(msgs.filter((m) => m.sender === "customer")).toHaveLength(1);
    expect(msgs.filter((m) => m.sender === "bot")).toHaveLength(1);
  });

  it("replays 50 real IBM dialogues: conversation and message counts match the file", async () => {
    const fresh = await seedTestOrg(db);
    const dialogues = parseDialogues(readFileSync(path.join(SEED_DATA_DIR, "ibm-twitter-care/dialogues.jsonl"), "utf8")).slice(0, 50);
    const items = buildReplay(dialogues, { channelIds: fresh.channels.map((c) => c.id) });
    const customerTurns = dialogues.flatMap((d) => d.turns.filter((t) => t.speaker === "customer" && t.text.trim()));
    expect(items).toHaveLength(customerTurns.length);

    const stats = await replay(items, {
      secrets: new Map(fresh.channels.map((c) => [c.id, c.secret])),
      send: (raw, headers) => fetch(`${server.url}/api/webhooks/incoming-message`, { method: "POST", body: raw, headers }),
    });
    expect(stats).toEqual({ sent: items.length, ok: items.length, duplicates: 0, failed: 0 });

    const [c] = await db.select({ n: count() }).from(conversations).where(eq(conversations.orgId, fresh.orgId));
    expect(c!.n).toBe(50);
    const [m] = await db.select({ n: count() }).from(messages).where(and(eq(messages.orgId, fresh.orgId), eq(messages.sender, "customer")));
    expect(m!.n).toBe(customerTurns.length);
  });
});

describe("sentiment on live traffic (issue 15 item 6)", () => {
  it("scores each customer message in English or Bahasa Indonesia and keeps the conversation's mood as their mean; unscored messages leave coverage alone", async () => {
    const first = body({ text: "barangnya rusak parah, kecewa banget sama pelayanannya" });
    const res = await postSigned(first);
    expect(res.status).toBe(200);
    const { conversation_id: conversationId } = (await res.json()) as { conversation_id: string };
    const [angry] = await db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.sender, "customer")));
    expect(angry!.sentiment).toBeLessThan(-0.25);
    let [conv] = await db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(conv).toMatchObject({ sentimentReadings: 1 });
    expect(conv!.sentiment).toBeCloseTo(angry!.sentiment!, 5);

    // a neutral question has no scored word: no reading, the mood is unchanged
    expect((await postSigned({ ...body({ text: "resi saya berapa?" }), conversation_id: first.conversation_id })).status).toBe(200);
    [conv] = await db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(conv).toMatchObject({ sentimentReadings: 1 });

    // an English thank-you lifts the mean
    expect((await postSigned({ ...body({ text: "great, thank you so much, that's perfect" }), conversation_id: first.conversation_id })).status).toBe(200);
    const customer = await db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.sender, "customer"))).orderBy(messages.sentAt);
    const readings = customer.map((m) => m.sentiment).filter((s): s is number => s !== null);
    expect(readings).toHaveLength(2);
    expect(readings[1]).toBeGreaterThan(0.25);
    [conv] = await db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(conv).toMatchObject({ sentimentReadings: 2 });
    expect(conv!.sentiment).toBeCloseTo((readings[0]! + readings[1]!) / 2, 5);
  });
});
