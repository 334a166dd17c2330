/**
 * Bursts (issue 14 item 6): several customer messages a few seconds apart get one reply that reads them all, with no
 * database transaction held while waiting — through the signed incoming-message webhook over real HTTP.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversations, memberships, messages, organizations, users } from "@/db/schema";
import { defaultAgentConfig, type AgentConfig } from "@/lib/agent/config-schema";
import { createAgent } from "@/lib/agent/manage-agents";
import { publishAgent } from "@/lib/agent/publish-agent";
import { resolveUiLanguage } from "@/lib/i18n/ui-language";
import type { Membership } from "@/lib/auth/sessions";
import { serve } from "@/test/http";
import { seedTestOrg, testDb } from "@/test/db";
import { handleIncomingMessage } from "./handle-incoming-message";
import type { IngestResponse } from "./receive-message";
import { signWebhook } from "./sign";

let db: Db;
let server: Awaited<ReturnType<typeof serve>>;
let org: Awaited<ReturnType<typeof seedTestOrg>>;

/** Publishes an agent with a burst window on the org's first channel, as an owner would. */
async function publishBurstAgent(seconds: number): Promise<void> {
  const [owner] = await db
    .select({ userId: users.id, name: users.name, email: users.email, orgName: organizations.name, timezone: organizations.timezone, locale: organizations.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.orgId, org.orgId), eq(memberships.role, "owner")));
  const actor: Membership = { ...owner!, sessionId: "test", orgId: org.orgId, role: "owner", availability: "offline", orgLocale: owner!.locale, uiLanguage: resolveUiLanguage(null, owner!.locale) };
  const base = defaultAgentConfig("both", "Sari");
  const config: AgentConfig = { ...base, routing: { ...base.routing, burstWindowSeconds: seconds, channelIds: [org.channels[0]!.id] } };
  const agent = await createAgent(db, { actor, config, draftSource: "template" });
  await publishAgent(db, { actor, agentId: agent.id });
}

beforeAll(async () => {
  db = await testDb();
  org = await seedTestOrg(db);
  await publishBurstAgent(1);
  server = await serve((req) => handleIncomingMessage(db, req));
});
afterAll(() => server.close());

async function send(conversationId: string, messageId: string, text: string): Promise<IngestResponse> {
  const raw = JSON.stringify({ channel_id: org.channels[0]!.id, conversation_id: conversationId, message_id: messageId, contact: { id: `c-${conversationId}` }, text, sent_at: new Date().toISOString() });
  const res = await fetch(`${server.url}/api/webhooks/incoming-message`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(org.channels[0]!.secret, raw) } });
  expect(res.status).toBe(200);
  return (await res.json()) as IngestResponse;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a burst of customer messages", () => {
  it("gets one reply, to the last message, that reads them all", async () => {
    const id = `burst-${Date.now()}`;
    const pending = [send(id, "m1", "halo kak"), pause(200).then(() => send(id, "m2", "mau tanya dong")), pause(400).then(() => send(id, "m3", "ongkir ke bandung berapa ya?"))];
    const [first, second, third] = await Promise.all(pending);
    const [m3] = await db.select({ id: messages.id }).from(messages).innerJoin(conversations, eq(conversations.id, messages.conversationId)).where(and(eq(conversations.externalId, id), eq(messages.externalId, "m3")));
    expect(first!.reply).toBeNull();
    expect(second!.reply).toBeNull();
    expect(first!.reply_merged_into).toBeTruthy();
    expect(second!.reply_merged_into).toBe(m3!.id);
    // the greeting alone would get the greeting back: the reply answers the shipping question, in Indonesian
    expect(third!.reply).toMatchObject({ action: "answer" });
    expect(third!.reply!.sources[0]!.title).toMatch(/Shipping Cost|Pricing FAQ/);
    expect(third!.reply!.text).toContain("Kak");
    const bot = await db.select({ replyTo: messages.replyToMessageId }).from(messages).innerJoin(conversations, eq(conversations.id, messages.conversationId)).where(and(eq(conversations.externalId, id), eq(messages.sender, "bot")));
    expect(bot).toEqual([{ replyTo: m3!.id }]);
    const [conversation] = await db.select({ count: conversations.messageCount }).from(conversations).where(eq(conversations.externalId, id));
    expect(conversation!.count).toBe(4);
  });

  it("answers a message that stays alone once the window has passed", async () => {
    const id = `alone-${Date.now()}`;
    const started = Date.now();
    const out = await send(id, "m1", "how do I reset my password?");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(out.reply).toMatchObject({ action: "answer" });
    expect(out.reply_merged_into).toBeUndefined();
  });

  it("holds no transaction while waiting for the rest of the burst", async () => {
    if (!process.env.TEST_DATABASE_URL) return; // PGlite has one connection and no pg_stat_activity to read
    const id = `idle-${Date.now()}`;
    const waiting = send(id, "m1", "where is my order?");
    await pause(500);
    const rows = (await db.execute(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`)) as unknown as { n: number }[] | { rows: { n: number }[] };
    const n = Array.isArray(rows) ? rows[0]!.n : rows.rows[0]!.n;
    expect(n).toBe(0);
    expect((await waiting).reply).not.toBeNull();
  });
});
