/**
 * Issue 17 item 1 through the signed webhooks over real HTTP: text PostgreSQL cannot store (NUL, unpaired surrogates)
 * in any field, and timestamps outside 1970…tomorrow, are a 400 naming the field — never a 500 — and nothing is written.
 */
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversations, messages } from "@/db/schema";
import { serve } from "@/test/http";
import { seedQuietOrg, testDb } from "@/test/db";
import { isStorableText, unstorableTextPath } from "@/lib/validation/storable";
import { handleConversationEvent } from "./handle-conversation-event";
import { handleIncomingMessage } from "./handle-incoming-message";
import { signWebhook } from "./sign";

let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  db = await testDb();
  org = await seedQuietOrg(db);
  server = await serve((req) => (new URL(req.url).pathname.endsWith("conversation-events") ? handleConversationEvent(db, req) : handleIncomingMessage(db, req)));
});
afterAll(() => server?.close());

async function post(path: string, body: unknown) {
  // JSON.stringify writes NUL as \\u0000 and a lone surrogate as \\udXXX: the wire carries them as escapes, as senders do
  const raw = JSON.stringify(body);
  const res = await fetch(`${server.url}/api/webhooks/${path}`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(org.channels[0]!.secret, raw) } });
  return { status: res.status, body: (await res.json()) as { error: string; fields?: Record<string, string[]> } };
}
const stored = async () => ({
  conversations: (await db.select({ n: count() }).from(conversations).where(eq(conversations.orgId, org.orgId)))[0]!.n,
  messages: (await db.select({ n: count() }).from(messages).where(and(eq(messages.orgId, org.orgId))))[0]!.n,
});
let seq = 0;
const message = (overrides: Record<string, unknown> = {}) => ({
  channel_id: org.channels[0]!.id, conversation_id: `bad-${++seq}`, message_id: `m-${seq}`, contact: { id: "wa:62815", name: "Rina" }, text: "where is my order?", sent_at: new Date().toISOString(), ...overrides,
});

describe("incoming messages", () => {
  it.each([
    ["a NUL in the text", { text: "where is\u0000 my order?" }, "text"],
    ["a NUL in the contact's name", { contact: { id: "wa:62815", name: "Ri\u0000na" } }, "contact.name"],
    ["an unpaired surrogate in the text", { text: "order \ud83d please" }, "text"],
    ["a NUL in the conversation id", { conversation_id: "c\u0000" }, "conversation_id"],
  ])("%s: 400 naming the field, nothing stored", async (_, overrides, field) => {
    const before = await stored();
    const res = await post("incoming-message", message(overrides));
    expect(res.status).toBe(400);
    expect(res.body.fields?.[field]).toEqual(["Text may not contain NUL characters (\\u0000) or unpaired surrogates"]);
    expect(await stored()).toEqual(before);
  });

  it.each([["0000-01-01T00:00:00Z"], ["9999-12-31T23:59:59-14:00"], ["1969-12-31T23:59:59Z"], [new Date(Date.now() + 3 * 86_400_000).toISOString()]])(
    "sent_at %s: 400 on sent_at, nothing stored",
    async (sentAt) => {
      const before = await stored();
      const res = await post("incoming-message", message({ sent_at: sentAt }));
      expect(res.status).toBe(400);
      expect(res.body.fields?.sent_at).toEqual(["Must be a time between 1970 and tomorrow"]);
      expect(await stored()).toEqual(before);
    },
  );

  it("emoji, Bahasa Indonesia and a sender clock a few hours ahead are stored as sent", async () => {
    const res = await post("incoming-message", message({ text: "Kak, pesanan saya belum sampai 😭🙏", sent_at: new Date(Date.now() + 3 * 3600_000).toISOString() }));
    expect(res.status).toBe(200);
  });
});

describe("conversation events", () => {
  it("an agent reply with a NUL, or an event dated in year 10000, is a 400 and changes nothing", async () => {
    const ok = await post("incoming-message", message());
    expect(ok.status).toBe(200);
    const conversationId = `bad-${seq}`;
    const before = await stored();
    const nul = await post("conversation-events", { channel_id: org.channels[0]!.id, type: "message.agent_replied", conversation_id: conversationId, message_id: "a1", text: "on its way\u0000" });
    expect(nul).toEqual({ status: 400, body: { error: "Invalid body", fields: { text: ["Text may not contain NUL characters (\\u0000) or unpaired surrogates"] } } });
    const late = await post("conversation-events", { channel_id: org.channels[0]!.id, type: "conversation.reopened", conversation_id: conversationId, occurred_at: "9999-12-31T23:59:59-14:00" });
    expect(late.status).toBe(400);
    expect(await stored()).toEqual(before);
  });
});

describe("unstorableTextPath", () => {
  it("finds the first unstorable string or key, anywhere in the body", () => {
    expect(unstorableTextPath({ a: [{ b: "ok" }, { c: "x\u0000" }] })).toBe("a.1.c");
    expect(unstorableTextPath({ ["k\u0000"]: 1 })).toBe("k\u0000");
    expect(unstorableTextPath({ a: "fine", n: 1, t: true, z: null })).toBeNull();
    expect(isStorableText("\ud83d\ude00")).toBe(true); // a paired surrogate (😀) is fine
  });
});
