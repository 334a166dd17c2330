/**
 * The traffic split end to end (000_… BTS-S02, BTS-S03, §10): signed customer messages go through the real
 * incoming-message route (`app/api/webhooks/incoming-message/route.ts`, served over HTTP; its after-commit analytics
 * are recorded in-process because no Inngest engine is configured) and land on the bot or the human arm.
 */
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAgentConfig } from "@/lib/agent/config-schema";
import { POST } from "@/app/api/webhooks/incoming-message/route";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { channelIntegrations, conversations, events, memberships, messages, organizations } from "@/db/schema";
import { recordIngestAnalytics } from "@/lib/events/message-received";
import { loadChannelContext } from "@/lib/ingest/load-channel";
import { receiveMessage, type IngestResponse } from "@/lib/ingest/receive-message";
import { signWebhook } from "@/lib/ingest/sign";
import { onPostgresServer, seedQuietOrg, seedTestOrg, testDb } from "@/test/db";
import { serve } from "@/test/http";
import { userIdOf } from "@/test/members";
import { assignAvailableAgent } from "./assign-agent";
import { setAvailability } from "./set-availability";

let db: Db;
let server: Awaited<ReturnType<typeof serve>>;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
  server = await serve(POST);
});
afterAll(() => server.close());

const freshOrg = (): Promise<Org> => seedQuietOrg(db);

/** Answered confidently from the seeded knowledge base. */
const ANSWERABLE = "just wanted to check on the status of a refund";
/** Nothing in the knowledge base matches: the engine hands over. */
const OFF_TOPIC = "@TeamYouTube my channel got suspended for a year, please restore it";

function message(org: Org, overrides: Record<string, unknown> = {}) {
  return {
    channel_id: org.channels[0]!.id,
    conversation_id: `conv-${randomUUID()}`,
    message_id: `msg-${randomUUID()}`,
    contact: { id: `wa:628${Math.floor(Math.random() * 1e9)}` },
    text: ANSWERABLE,
    sent_at: new Date().toISOString(),
    ...overrides,
  };
}

/** Posts a signed message to the route; returns the status and parsed body. */
async function deliver(org: Org, payload: ReturnType<typeof message>): Promise<{ status: number; duplicate: boolean; body: IngestResponse }> {
  const raw = JSON.stringify(payload);
  const secret = org.channels.find((c) => c.id === payload.channel_id)!.secret;
  const res = await fetch(`${server.url}/api/webhooks/incoming-message`, {
    method: "POST",
    body: raw,
    headers: { "content-type": "application/json", ...signWebhook(secret, raw) },
  });
  return { status: res.status, duplicate: res.headers.get("x-tandem-duplicate") === "true", body: (await res.json()) as IngestResponse };
}

async function setSplit(org: Org, botPercent: number, enabled = true, channel = 0) {
  await db.update(channelIntegrations).set({ trafficSplitEnabled: enabled, botPercent }).where(eq(channelIntegrations.id, org.channels[channel]!.id));
}

async function agentOnline(org: Org, capacity = 5): Promise<string> {
  const agent = await userIdOf(db, org, "agent");
  await db.update(memberships).set({ availability: "online", capacity }).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, agent)));
  return agent;
}

async function conversationRow(id: string) {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  return row!;
}

async function messagesOf(conversationId: string) {
  return db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.sentAt));
}

async function eventsNamed(org: Org, name: string) {
  return db.select().from(events).where(and(eq(events.orgId, org.orgId), eq(events.name, name))).orderBy(asc(events.id));
}

describe("routing a new conversation by the channel's split", () => {
  it("at 0 % the human arm takes every new conversation: no bot reply, auto-assigned to the online agent (AC-3, BTS-S03 AC-1)", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const agent = await agentOnline(org);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { status, body } = await deliver(org, message(org));
      expect(status).toBe(200);
      expect(body).toMatchObject({ variant: "human", handled_by: "human", status: "ASSIGNED", reply: null });
      ids.push(body.conversation_id);
    }
    for (const id of ids) {
      const row = await conversationRow(id);
      expect(row).toMatchObject({ variant: "human", botPercent: 0, status: "ASSIGNED", assignChannelAgentId: agent, handoverAt: null, messageCount: 1 });
      expect(row.assignedAt).toBeInstanceOf(Date);
      expect((await messagesOf(id)).map((m) => m.sender)).toEqual(["customer"]);
    }
    const assigned = await eventsNamed(org, "bot_traffic_split_assigned");
    expect(assigned.map((e) => e.properties)).toEqual(
      ids.map((id) => expect.objectContaining({ channel_integration_id: org.channels[0]!.id, conversation_id: id, variant: "human", bot_percent: 0 })),
    );
  });

  it("with no agent available the human-arm conversation waits in the queue; the bot never takes it; going online assigns it (BTS-S03 AC-2, ERR-1)", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const first = message(org);
    const { body } = await deliver(org, first);
    expect(body).toMatchObject({ variant: "human", handled_by: "human", status: "WAITING_ASSIGN_AGENT", reply: null });
    // the customer writes again while waiting, even something the bot could answer well: still no bot reply
    for (const text of ["hello? anyone there?", ANSWERABLE]) {
      const next = await deliver(org, message(org, { conversation_id: first.conversation_id, text }));
      expect(next.body).toMatchObject({ conversation_id: body.conversation_id, variant: "human", status: "WAITING_ASSIGN_AGENT", reply: null });
    }
    expect(await conversationRow(body.conversation_id)).toMatchObject({ variant: "human", status: "WAITING_ASSIGN_AGENT", assignChannelAgentId: null, messageCount: 3 });
    expect((await messagesOf(body.conversation_id)).filter((m) => m.sender !== "customer")).toEqual([]);

    const agent = await userIdOf(db, org, "agent");
    expect(await setAvailability(db, { orgId: org.orgId, userId: agent, availability: "online" })).toBe(1);
    expect(await conversationRow(body.conversation_id)).toMatchObject({ variant: "human", status: "ASSIGNED", assignChannelAgentId: agent });
  });

  it("an agent at capacity leaves the new human-arm conversation queued", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const agent = await agentOnline(org, 1);
    const a = await deliver(org, message(org));
    const b = await deliver(org, message(org));
    expect(a.body.status).toBe("ASSIGNED");
    expect(b.body.status).toBe("WAITING_ASSIGN_AGENT");
    expect(await conversationRow(b.body.conversation_id)).toMatchObject({ variant: "human", assignChannelAgentId: null, assignedAt: null });
    expect((await conversationRow(a.body.conversation_id)).assignChannelAgentId).toBe(agent);
  });

  it("at 100 % the bot arm takes every new conversation and replies, exactly as without a split (AC-2)", async () => {
    const org = await freshOrg();
    await setSplit(org, 100);
    await agentOnline(org);
    for (let i = 0; i < 3; i++) {
      const { body } = await deliver(org, message(org));
      expect(body).toMatchObject({ variant: "bot", handled_by: "bot", status: "OPEN" });
      expect(body.reply?.confidence).toBeGreaterThanOrEqual(defaultAgentConfig().routing.confidenceThreshold);
      expect(await conversationRow(body.conversation_id)).toMatchObject({ variant: "bot", botPercent: 100, status: "OPEN", assignChannelAgentId: null, messageCount: 2 });
    }
    const assigned = await eventsNamed(org, "bot_traffic_split_assigned");
    expect(assigned.map((e) => [e.properties.variant, e.properties.bot_percent])).toEqual([["bot", 100], ["bot", 100], ["bot", 100]]);
  });

  it("at 30 % both arms get conversations, each tagged with 30, and the bot replies only on the bot arm", async () => {
    // 60 conversations: all on one arm happens with probability 0.7^60 + 0.3^60 ≈ 5e-10
    const org = await freshOrg();
    await setSplit(org, 30);
    const bodies: IngestResponse[] = [];
    for (let i = 0; i < 60; i++) bodies.push((await deliver(org, message(org))).body);
    expect(new Set(bodies.map((b) => b.variant))).toEqual(new Set(["bot", "human"]));
    for (const body of bodies) {
      const senders = (await messagesOf(body.conversation_id)).map((m) => m.sender);
      if (body.variant === "bot") {
        expect(senders.sort()).toEqual(["bot", "customer"]);
        expect(body.reply).not.toBeNull();
      } else {
        expect(senders).toEqual(["customer"]);
        expect(body).toMatchObject({ reply: null, status: "WAITING_ASSIGN_AGENT" });
      }
    }
    const rows = await db.select({ variant: conversations.variant, botPercent: conversations.botPercent }).from(conversations).where(eq(conversations.orgId, org.orgId));
    expect(rows).toHaveLength(60);
    expect(rows.every((r) => r.botPercent === 30)).toBe(true);
    // the stored tag is the one the sender was told
    expect(rows.filter((r) => r.variant === "bot")).toHaveLength(bodies.filter((b) => b.variant === "bot").length);
    expect(await eventsNamed(org, "bot_traffic_split_assigned")).toHaveLength(60);
  });

  it.each([
    ["the channel's split is off", async (org: Org) => setSplit(org, 0, false)],
    ["the org flag is off (channel split on at 0 %)", async (org: Org) => {
      await setSplit(org, 0, true);
      await db.update(organizations).set({ botTrafficSplitEnabled: false }).where(eq(organizations.id, org.orgId));
    }],
  ])("when %s, the bot handles every conversation with no variant and no split event (AC-4, S01-NEG)", async (_name, arrange) => {
    const org = await freshOrg();
    await arrange(org);
    await agentOnline(org);
    const { body } = await deliver(org, message(org));
    expect(body).toMatchObject({ variant: null, handled_by: "bot", status: "OPEN" });
    expect(body.reply).not.toBeNull();
    expect(await conversationRow(body.conversation_id)).toMatchObject({ variant: null, botPercent: null, status: "OPEN", assignChannelAgentId: null });
    expect(await eventsNamed(org, "bot_traffic_split_assigned")).toEqual([]);
    expect(await eventsNamed(org, "conversation_message_received")).toHaveLength(1);
  });
});

describe("the arm is decided once (AC-3, S02-NEG)", () => {
  it("later messages keep the variant and bot_percent after the channel's percentage changes or the split is turned off", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const human = message(org);
    const humanFirst = await deliver(org, human);
    await setSplit(org, 100);
    const bot = message(org);
    const botFirst = await deliver(org, bot);
    expect([humanFirst.body.variant, botFirst.body.variant]).toEqual(["human", "bot"]);

    await setSplit(org, 0); // would send new conversations to humans
    const botLater = await deliver(org, message(org, { conversation_id: bot.conversation_id }));
    expect(botLater.body).toMatchObject({ conversation_id: botFirst.body.conversation_id, variant: "bot", handled_by: "bot" });
    expect(botLater.body.reply).not.toBeNull();

    await setSplit(org, 100); // would send new conversations to the bot
    const humanLater = await deliver(org, message(org, { conversation_id: human.conversation_id }));
    expect(humanLater.body).toMatchObject({ conversation_id: humanFirst.body.conversation_id, variant: "human", handled_by: "human", reply: null });

    await setSplit(org, 50, false);
    await deliver(org, message(org, { conversation_id: human.conversation_id }));
    await deliver(org, message(org, { conversation_id: bot.conversation_id }));

    expect(await conversationRow(humanFirst.body.conversation_id)).toMatchObject({ variant: "human", botPercent: 0, messageCount: 3 });
    expect(await conversationRow(botFirst.body.conversation_id)).toMatchObject({ variant: "bot", botPercent: 100, messageCount: 6 });
    expect((await messagesOf(humanFirst.body.conversation_id)).every((m) => m.sender === "customer")).toBe(true);
    // one split decision per conversation, never a second one
    const assigned = await eventsNamed(org, "bot_traffic_split_assigned");
    expect(assigned.map((e) => [e.conversationId, e.properties.variant, e.properties.bot_percent])).toEqual([
      [humanFirst.body.conversation_id, "human", 0],
      [botFirst.body.conversation_id, "bot", 100],
    ]);
  });
});

describe("bot-arm handover", () => {
  it("a low-confidence bot-arm conversation is handed to an available agent and bot_arm_handover_to_human is recorded once", async () => {
    const org = await freshOrg();
    await setSplit(org, 100);
    const agent = await agentOnline(org);
    const payload = message(org, { text: OFF_TOPIC });
    const { body } = await deliver(org, payload);
    expect(body).toMatchObject({ variant: "bot", handled_by: "human", status: "ASSIGNED" });
    expect(body.reply?.text).toMatch(/passing your conversation to one of our team/);
    const row = await conversationRow(body.conversation_id);
    expect(row).toMatchObject({ variant: "bot", botPercent: 100, status: "ASSIGNED", assignChannelAgentId: agent });
    expect(row.handoverAt).toBeInstanceOf(Date);

    // the customer writes again: the bot stays quiet, no second handover
    const again = await deliver(org, message(org, { conversation_id: payload.conversation_id, text: OFF_TOPIC }));
    expect(again.body).toMatchObject({ variant: "bot", handled_by: "human", reply: null });
    const handovers = await eventsNamed(org, "bot_arm_handover_to_human");
    expect(handovers).toHaveLength(1);
    expect(handovers[0]!.properties).toMatchObject({ channel_integration_id: org.channels[0]!.id, conversation_id: body.conversation_id });
    expect((await conversationRow(body.conversation_id)).handoverAt).toEqual(row.handoverAt);
  });

  it("with no agent online the handed-over bot-arm conversation waits in the queue, still tagged bot", async () => {
    const org = await freshOrg();
    await setSplit(org, 100);
    const { body } = await deliver(org, message(org, { text: OFF_TOPIC }));
    expect(body).toMatchObject({ variant: "bot", status: "WAITING_ASSIGN_AGENT", handled_by: "human" });
    expect(await conversationRow(body.conversation_id)).toMatchObject({ variant: "bot", status: "WAITING_ASSIGN_AGENT", assignChannelAgentId: null });
    expect(await eventsNamed(org, "bot_arm_handover_to_human")).toHaveLength(1);
  });

  it("a handover outside the split (no variant) is not a bot-arm handover", async () => {
    const org = await freshOrg();
    const { body } = await deliver(org, message(org, { text: OFF_TOPIC }));
    expect(body).toMatchObject({ variant: null, status: "WAITING_ASSIGN_AGENT" });
    expect(await eventsNamed(org, "bot_arm_handover_to_human")).toEqual([]);
  });
});

describe("fail-safe and analytics", () => {
  it.each([[150], [-1], [2.5], [null], ["30"]])(
    "an unreadable bot_percent (%s) fails safe to the bot and logs bot_traffic_split_decision_fallback once (ERR-1)",
    async (botPercent) => {
      const org = await freshOrg();
      await setSplit(org, 30);
      // the stored column can't hold a bad value (CHECK constraint), so the loaded config is corrupted in memory
      const ctx = { ...(await loadChannelContext(db, org.channels[0]!.id))!, botPercent: botPercent as number };
      const input = message(org);
      const first = await receiveMessage(db, { ctx, input });
      expect(first.response).toMatchObject({ variant: null, handled_by: "bot", status: "OPEN" });
      expect(first.response.reply).not.toBeNull();
      expect(first.botPercent).toBeNull();
      await receiveMessage(db, { ctx, input: { ...input, message_id: `msg-${randomUUID()}` } });

      const fallbacks = await eventsNamed(org, "bot_traffic_split_decision_fallback");
      expect(fallbacks).toHaveLength(1);
      expect(fallbacks[0]).toMatchObject({ conversationId: first.response.conversation_id });
      expect(fallbacks[0]!.properties).toMatchObject({
        channel_integration_id: org.channels[0]!.id, conversation_id: first.response.conversation_id, reason: "invalid_bot_percent",
      });
      expect(await conversationRow(first.response.conversation_id)).toMatchObject({ variant: null, botPercent: null, messageCount: 4 });
    },
  );

  it("with the message, bot_traffic_split_assigned is recorded once per new split conversation and never for others", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const ctx = (await loadChannelContext(db, org.channels[0]!.id))!;
    const input = message(org);
    const created = await receiveMessage(db, { ctx, input });
    expect(created).toMatchObject({ createdConversation: true, duplicate: false, botPercent: 0 });
    const again = await receiveMessage(db, { ctx, input }); // a redelivery writes nothing twice
    expect(again.duplicate).toBe(true);
    const later = await receiveMessage(db, { ctx, input: { ...input, message_id: `msg-${randomUUID()}` } });
    expect(later.createdConversation).toBe(false);

    const plainCtx = (await loadChannelContext(db, org.channels[1]!.id))!; // split off
    const plain = await receiveMessage(db, { ctx: plainCtx, input: message(org, { channel_id: plainCtx.channelId }) });
    expect(plain.response.variant).toBeNull();
    // recording a message's analytics again (e.g. a merged burst message) writes nothing twice
    expect(
      await recordIngestAnalytics(db, {
        org_id: plain.orgId, conversation_id: plain.response.conversation_id, message_id: plain.response.message_id, channel_id: plain.channelId,
        created_conversation: true, handled_by: plain.response.handled_by, variant: null, bot_percent: null, reply_confidence: plain.response.reply?.confidence ?? null,
      }),
    ).toBe(0);
    expect(await eventsNamed(org, "conversation_message_received")).toHaveLength(3);

    const assigned = await eventsNamed(org, "bot_traffic_split_assigned");
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({ conversationId: created.response.conversation_id });
    expect(assigned[0]!.properties).toMatchObject({
      channel_integration_id: ctx.channelId, conversation_id: created.response.conversation_id, variant: "human", bot_percent: 0,
    });
    expect(typeof assigned[0]!.properties.timestamp).toBe("string");
    // one conversation_message_received per message (2 on the split conversation, 1 on the plain one)
    expect(await eventsNamed(org, "conversation_message_received")).toHaveLength(3);
  });
});

describe("decide-once under concurrency (PostgreSQL server, real HTTP)", () => {
  it.skipIf(!onPostgresServer())("50 parallel deliveries of a new conversation's first message: one conversation, one variant, one message, at most one bot reply", async () => {
    const org = await freshOrg();
    await setSplit(org, 50);
    const payloads = Array.from({ length: 3 }, () => message(org));
    const results = await Promise.all(payloads.flatMap((p) => Array.from({ length: 50 }, () => deliver(org, p))));
    expect(results.map((r) => r.status)).toEqual(Array(150).fill(200));

    for (const payload of payloads) {
      const convs = await db.select().from(conversations).where(and(eq(conversations.orgId, org.orgId), eq(conversations.externalId, payload.conversation_id)));
      expect(convs).toHaveLength(1);
      const conv = convs[0]!;
      expect(conv.variant === "bot" || conv.variant === "human").toBe(true);
      expect(conv.botPercent).toBe(50);
      const forConv = results.filter((r) => r.body.conversation_id === conv.id);
      expect(forConv).toHaveLength(50);
      // every sender was told the same arm; 49 of them were redeliveries
      expect(new Set(forConv.map((r) => r.body.variant))).toEqual(new Set([conv.variant]));
      expect(forConv.filter((r) => r.duplicate)).toHaveLength(49);
      const msgs = await messagesOf(conv.id);
      expect(msgs.filter((m) => m.sender === "customer")).toHaveLength(1);
      expect(msgs.filter((m) => m.sender === "bot")).toHaveLength(conv.variant === "bot" ? 1 : 0);
      expect(conv.messageCount).toBe(msgs.length);
    }
    const assigned = await eventsNamed(org, "bot_traffic_split_assigned");
    expect(assigned.map((e) => e.conversationId).sort()).toEqual(
      (await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.orgId, org.orgId))).map((r) => r.id).sort(),
    );
  });

  it.skipIf(!onPostgresServer())("50 different first messages racing to open one conversation: one conversation and one variant for all of them", async () => {
    const org = await freshOrg();
    await setSplit(org, 50);
    const conversationIds = [`conv-${randomUUID()}`, `conv-${randomUUID()}`];
    const payloads = conversationIds.flatMap((conversation_id) => Array.from({ length: 50 }, () => message(org, { conversation_id })));
    const results = await Promise.all(payloads.map((p) => deliver(org, p)));
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(results.some((r) => r.duplicate)).toBe(false);

    for (const externalId of conversationIds) {
      const convs = await db.select().from(conversations).where(and(eq(conversations.orgId, org.orgId), eq(conversations.externalId, externalId)));
      expect(convs).toHaveLength(1);
      const conv = convs[0]!;
      const forConv = results.filter((r) => r.body.conversation_id === conv.id);
      expect(forConv).toHaveLength(50);
      expect(new Set(forConv.map((r) => r.body.variant))).toEqual(new Set([conv.variant]));
      const msgs = await messagesOf(conv.id);
      const customer = msgs.filter((m) => m.sender === "customer");
      const bot = msgs.filter((m) => m.sender === "bot");
      expect(customer).toHaveLength(50);
      // the bot answers each message of a bot-arm conversation at most once, and never on the human arm
      expect(new Set(bot.map((m) => m.replyToMessageId)).size).toBe(bot.length);
      expect(bot.every((m) => customer.some((c) => c.id === m.replyToMessageId))).toBe(true);
      if (conv.variant === "human") expect(bot).toEqual([]);
      else {
        // turns are serialized per conversation: the bot answers up to its message cap, then hands over once
        const cap = defaultAgentConfig().routing.messageCap;
        expect(bot).toHaveLength(cap + 1);
        expect(bot.filter((m) => m.agentAction === "answer")).toHaveLength(cap);
        expect(bot.filter((m) => m.agentAction === "handover").map((m) => m.signals)).toEqual([[{ signal: "message_cap", value: cap, threshold: cap }]]);
      }
      expect(conv.messageCount).toBe(msgs.length);
    }
    const assigned = await eventsNamed(org, "bot_traffic_split_assigned");
    expect(assigned).toHaveLength(2);
    const [count0] = await db.select({ n: count() }).from(conversations).where(eq(conversations.orgId, org.orgId));
    expect(count0!.n).toBe(2);
  });

  it.skipIf(!onPostgresServer())("20 new human-arm conversations arriving at once never push the agent over capacity", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const agent = await agentOnline(org, 3);
    const results = await Promise.all(Array.from({ length: 20 }, () => deliver(org, message(org))));
    expect(results.every((r) => r.status === 200 && r.body.variant === "human" && r.body.reply === null)).toBe(true);
    const assigned = await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.orgId, org.orgId), eq(conversations.status, "ASSIGNED"), eq(conversations.assignChannelAgentId, agent)));
    expect(assigned.length).toBeGreaterThanOrEqual(1);
    expect(assigned.length).toBeLessThanOrEqual(3);
    // the responses agree with the rows
    expect(results.filter((r) => r.body.status === "ASSIGNED").map((r) => r.body.conversation_id).sort()).toEqual(assigned.map((a) => a.id).sort());
    const waiting = await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.orgId, org.orgId), inArray(conversations.status, ["WAITING_ASSIGN_AGENT"])));
    expect(waiting.length + assigned.length).toBe(20);
  });

  // regression: a busy try-lock used to skip the only agent and leave the conversation queued for good
  it.skipIf(!onPostgresServer())(
    "a human-arm conversation arriving while another assignment is in flight still gets the idle agent (BTS-S03 AC-1)",
    async () => {
      const org = await freshOrg();
      await setSplit(org, 0);
      const agent = await agentOnline(org, 5);
      const [queued] = await db
        .insert(conversations)
        .values({ orgId: org.orgId, channelId: org.channels[0]!.id, externalId: `c-${randomUUID()}`, contactId: "k", variant: "human", botPercent: 0, status: "WAITING_ASSIGN_AGENT", firstMessagePreview: "hi", lastMessageAt: new Date() })
        .returning({ id: conversations.id });
      let pending: ReturnType<typeof deliver> | undefined;
      await db.transaction(async (tx) => {
        expect(await assignAvailableAgent(tx, { orgId: org.orgId, conversationId: queued!.id })).toBe(agent);
        // a customer's first message arrives while that assignment is still open: it waits for it (on the org's
        // assignment lock) instead of skipping the agent; prove it is really waiting before we commit
        pending = deliver(org, message(org));
        await expect
          .poll(async () => (await executeRows<{ n: number }>(db, sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`))[0]!.n, { timeout: 10_000 })
          .toBeGreaterThan(0);
      });
      const arrived = (await pending!).body as IngestResponse;
      expect(arrived).toMatchObject({ variant: "human" });
      // the agent has 1 of 5 conversations: the newcomer should be theirs
      expect(await conversationRow(arrived!.conversation_id)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agent });
    },
  );
});
