/**
 * `POST /api/webhooks/conversation-events` over real HTTP (the app's route, as the helpdesk calls it): agent
 * availability, assignments, agent replies, resolutions and CSAT flow back into Tandem (000_… BTS-S03/S04 outcomes).
 * Signed like the incoming-message webhook; a redelivery (same webhook-id) changes nothing; a human taking over a
 * bot-arm conversation is a handover, never a re-tag.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as conversationEventsRoute } from "@/app/api/webhooks/conversation-events/route";
import { POST as incomingMessageRoute } from "@/app/api/webhooks/incoming-message/route";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, events, memberships, messages, users, webhookReceipts } from "@/db/schema";
import { listDeliveries } from "@/lib/channels/webhook-deliveries";
import { refusalTotals } from "@/lib/channels/webhook-refusals";
import { seedQuietOrg, seedTestOrg, testDb } from "@/test/db";
import { serve } from "@/test/http";
import { membershipOf, userIdOf } from "@/test/members";
import { newWebhookSecret, signWebhook } from "./sign";

let db: Db;
let server: Awaited<ReturnType<typeof serve>>;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
  server = await serve((request) =>
    new URL(request.url).pathname === "/api/webhooks/conversation-events" ? conversationEventsRoute(request) : incomingMessageRoute(request),
  );
});
afterAll(() => server.close());

const freshOrg = (): Promise<Org> => seedQuietOrg(db);

const channelOf = (org: Org) => org.channels[0]!;

async function setSplit(org: Org, botPercent: number, enabled = true) {
  await db.update(channelIntegrations).set({ trafficSplitEnabled: enabled, botPercent }).where(eq(channelIntegrations.id, channelOf(org).id));
}

async function setAgent(org: Org, userId: string, values: { availability?: "online" | "offline"; capacity?: number }) {
  await db.update(memberships).set(values).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, userId)));
}

/** Adds an active agent (offline) to `org`; returns id and email. */
async function addAgent(org: Org): Promise<{ id: string; email: string }> {
  const email = `agent-${randomUUID().slice(0, 8)}@${org.emailDomain}`;
  const [user] = await db.insert(users).values({ email, name: "Extra agent", passwordHash: "not-used" }).returning({ id: users.id });
  await db.insert(memberships).values({ orgId: org.orgId, userId: user!.id, role: "agent" });
  return { id: user!.id, email };
}

async function post(path: string, raw: string, headers: Record<string, string>) {
  const res = await fetch(`${server.url}${path}`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...headers } });
  return { status: res.status, duplicate: res.headers.get("x-tandem-duplicate"), body: (await res.json()) as Record<string, unknown> };
}

/** Opens a conversation with a customer message through the incoming-message webhook; returns both ids. */
async function openConversation(org: Org, text = "just wanted to check on the status of a refund", createdAt = new Date()) {
  const externalId = `conv-${randomUUID()}`;
  const payload = { channel_id: channelOf(org).id, conversation_id: externalId, message_id: `m-${randomUUID()}`, contact: { id: "wa:62811" }, text, sent_at: createdAt.toISOString() };
  const raw = JSON.stringify(payload);
  const res = await post("/api/webhooks/incoming-message", raw, signWebhook(channelOf(org).secret, raw));
  expect(res.status).toBe(200);
  return { externalId, id: res.body.conversation_id as string, response: res.body };
}

/** Sends a customer message in an existing conversation; returns the response body. */
async function customerWrites(org: Org, externalId: string, text = "just wanted to check on the status of a refund") {
  const payload = { channel_id: channelOf(org).id, conversation_id: externalId, message_id: `m-${randomUUID()}`, contact: { id: "wa:62811" }, text, sent_at: new Date().toISOString() };
  const raw = JSON.stringify(payload);
  return (await post("/api/webhooks/incoming-message", raw, signWebhook(channelOf(org).secret, raw))).body;
}

/** Sends a signed conversation event (a fresh webhook-id unless `id` is given). */
function sendEvent(org: Org, event: Record<string, unknown>, { id, secret = channelOf(org).secret, channelId = channelOf(org).id }: { id?: string; secret?: string; channelId?: string } = {}) {
  const raw = JSON.stringify({ channel_id: channelId, ...event });
  return post("/api/webhooks/conversation-events", raw, signWebhook(secret, raw, id ? { id } : undefined));
}

async function row(id: string) {
  const [r] = await db.select().from(conversations).where(eq(conversations.id, id));
  return r!;
}

async function handovers(org: Org) {
  return db.select().from(events).where(and(eq(events.orgId, org.orgId), eq(events.name, "bot_arm_handover_to_human"))).orderBy(asc(events.id));
}

/** What an event could change for an org: its conversations, members' availability, messages, receipts, events. */
async function orgState(org: Org) {
  return {
    conversations: await db.select().from(conversations).where(eq(conversations.orgId, org.orgId)).orderBy(asc(conversations.id)),
    members: await db.select({ userId: memberships.userId, availability: memberships.availability }).from(memberships).where(eq(memberships.orgId, org.orgId)).orderBy(asc(memberships.userId)),
    messages: (await db.select({ id: messages.id }).from(messages).where(eq(messages.orgId, org.orgId))).length,
    receipts: (await db.select().from(webhookReceipts).where(eq(webhookReceipts.channelId, channelOf(org).id))).length,
    events: (await db.select({ id: events.id }).from(events).where(eq(events.orgId, org.orgId))).length,
  };
}

const at = (minutesFromNow: number) => new Date(Math.floor(Date.now() / 1000) * 1000 + minutesFromNow * 60_000);

describe("each event type", () => {
  it("agent.availability_changed: online assigns queued conversations in arrival order up to capacity; offline keeps them", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const agent = await userIdOf(db, org, "agent");
    await setAgent(org, agent, { capacity: 2 });
    const first = await openConversation(org, "hello", at(-30));
    const third = await openConversation(org, "hello", at(-10));
    const second = await openConversation(org, "hello", at(-20));
    for (const c of [first, second, third]) expect(c.response).toMatchObject({ variant: "human", status: "WAITING_ASSIGN_AGENT" });

    const online = await sendEvent(org, { type: "agent.availability_changed", agent_email: `AGENT@${org.emailDomain.toUpperCase()}`, availability: "online" });
    expect(online).toMatchObject({ status: 200, duplicate: null, body: { ok: true, duplicate: false, conversation_id: null } });
    expect(await membershipOf(db, org.orgId, agent)).toMatchObject({ availability: "online" });
    expect(await row(first.id)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agent });
    expect(await row(second.id)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agent });
    expect(await row(third.id)).toMatchObject({ status: "WAITING_ASSIGN_AGENT", assignChannelAgentId: null, variant: "human" });

    const offline = await sendEvent(org, { type: "agent.availability_changed", agent_email: `agent@${org.emailDomain}`, availability: "offline" });
    expect(offline.status).toBe(200);
    expect(await membershipOf(db, org.orgId, agent)).toMatchObject({ availability: "offline" });
    expect(await row(first.id)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agent });
  });

  it("conversation.assigned: a queued human-arm conversation goes to the named agent at occurred_at — no handover, still human", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const conv = await openConversation(org);
    const agent = await userIdOf(db, org, "agent");
    const when = at(-1);
    const res = await sendEvent(org, { type: "conversation.assigned", conversation_id: conv.externalId, agent_email: `agent@${org.emailDomain}`, occurred_at: when.toISOString() });
    expect(res).toMatchObject({ status: 200, body: { ok: true, duplicate: false, conversation_id: conv.id } });
    expect(await row(conv.id)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agent, assignedAt: when, handoverAt: null, variant: "human", botPercent: 0 });
    expect(await handovers(org)).toEqual([]);
  });

  it("message.agent_replied: stores the agent's message once and counts it", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const conv = await openConversation(org);
    const agent = await userIdOf(db, org, "agent");
    const when = at(1);
    const reply = { type: "message.agent_replied", conversation_id: conv.externalId, message_id: "agent-msg-1", text: "Hi Rina, checking your refund now.", agent_email: `agent@${org.emailDomain}`, occurred_at: when.toISOString() };
    expect((await sendEvent(org, reply)).status).toBe(200);
    // the helpdesk retries the same message under a new webhook-id: still one message
    expect((await sendEvent(org, reply)).status).toBe(200);
    const agentMessages = await db.select().from(messages).where(and(eq(messages.conversationId, conv.id), eq(messages.sender, "agent")));
    expect(agentMessages).toHaveLength(1);
    expect(agentMessages[0]).toMatchObject({ externalId: "agent-msg-1", content: reply.text, sentAt: when });
    expect(await row(conv.id)).toMatchObject({ messageCount: 2, lastMessageAt: when, status: "ASSIGNED", assignChannelAgentId: agent, variant: "human", handoverAt: null });
  });

  it("message.agent_replied without agent_email on a queued, unassigned conversation is stored (never a 500), and nothing else changes", async () => {
    const org = await freshOrg();
    await setSplit(org, 0); // human arm, nobody online: the conversation waits for an agent
    const conv = await openConversation(org);
    expect(conv.response.status).toBe("WAITING_ASSIGN_AGENT");
    const res = await sendEvent(org, { type: "message.agent_replied", conversation_id: conv.externalId, message_id: "anon-1", text: "We're on it." });
    expect(res.status).toBe(200);
    expect(await db.select().from(messages).where(and(eq(messages.conversationId, conv.id), eq(messages.sender, "agent")))).toHaveLength(1);
    expect(await row(conv.id)).toMatchObject({ status: "WAITING_ASSIGN_AGENT", assignChannelAgentId: null, messageCount: 2 });
  });

  it("conversation.resolved closes with the closed_reason derived from what happened, whatever the helpdesk sends (issue 15)", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const email = `agent@${org.emailDomain}`;
    // human arm, nobody attached: closed while waiting, whatever was asked (SPAM stays SPAM)
    for (const closedReason of ["RESOLVE_AI", "RESOLVE", "ASSIGN_AGENT", "ASSIGN_AGENT_AI", "WAITING_ASSIGN_AGENT", "SPAM"] as const) {
      const conv = await openConversation(org);
      const when = at(2);
      const res = await sendEvent(org, { type: "conversation.resolved", conversation_id: conv.externalId, closed_reason: closedReason, occurred_at: when.toISOString() });
      expect(res).toMatchObject({ status: 200, body: { conversation_id: conv.id } });
      const expected = closedReason === "SPAM" ? "SPAM" : "WAITING_ASSIGN_AGENT";
      expect(await row(conv.id)).toMatchObject({ status: "RESOLVED", closedReason: expected, closedVia: closedReason === "SPAM" ? "spam" : "agent", closedAt: when, variant: "human" });
    }
    // human arm with an agent attached: the agent closed it (the AI never answered)
    for (const closedReason of ["RESOLVE_AI", "RESOLVE", "ASSIGN_AGENT_AI"] as const) {
      const conv = await openConversation(org);
      await sendEvent(org, { type: "conversation.assigned", conversation_id: conv.externalId, agent_email: email });
      await sendEvent(org, { type: "conversation.resolved", conversation_id: conv.externalId, closed_reason: closedReason });
      expect(await row(conv.id)).toMatchObject({ status: "RESOLVED", closedReason: "ASSIGN_AGENT", closedVia: "agent", aiResolution: null });
    }
  });

  it("conversation.csat stores scores 1..5 and refuses anything else with 400 and the field", async () => {
    const org = await freshOrg();
    const conv = await openConversation(org);
    for (const score of [1, 2, 3, 4, 5]) {
      expect((await sendEvent(org, { type: "conversation.csat", conversation_id: conv.externalId, score })).status).toBe(200);
      expect((await row(conv.id)).csatScore).toBe(score);
    }
    const before = await orgState(org);
    for (const score of [0, 6, 2.5, "5", null]) {
      const res = await sendEvent(org, { type: "conversation.csat", conversation_id: conv.externalId, score });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.fields as object)).toEqual(["score"]);
    }
    expect(await orgState(org)).toEqual(before);
  });
});

describe("outcomes that free or fill agents", () => {
  it("resolving an assigned conversation frees the agent's slot and assigns the oldest queued conversation", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const agent = await userIdOf(db, org, "agent");
    await setAgent(org, agent, { availability: "online", capacity: 1 });
    const busy = await openConversation(org, "hello", at(-30));
    const older = await openConversation(org, "hello", at(-20));
    const newer = await openConversation(org, "hello", at(-10));
    expect(busy.response.status).toBe("ASSIGNED");
    expect([older.response.status, newer.response.status]).toEqual(["WAITING_ASSIGN_AGENT", "WAITING_ASSIGN_AGENT"]);

    await sendEvent(org, { type: "conversation.resolved", conversation_id: busy.externalId, closed_reason: "RESOLVE" });
    expect(await row(busy.id)).toMatchObject({ status: "RESOLVED", closedReason: "ASSIGN_AGENT" });
    expect(await row(older.id)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agent });
    expect(await row(newer.id)).toMatchObject({ status: "WAITING_ASSIGN_AGENT" });

    // closing a queued conversation frees no one: the other queued one keeps waiting
    await sendEvent(org, { type: "conversation.resolved", conversation_id: newer.externalId, closed_reason: "WAITING_ASSIGN_AGENT" });
    expect(await row(newer.id)).toMatchObject({ status: "RESOLVED", assignChannelAgentId: null });
  });

  it("moving a conversation to another agent frees the first agent's slot for the queue", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const agent = await userIdOf(db, org, "agent");
    await setAgent(org, agent, { availability: "online", capacity: 1 });
    const other = await addAgent(org);
    const busy = await openConversation(org, "hello", at(-30));
    const queued = await openConversation(org, "hello", at(-20));
    expect(queued.response.status).toBe("WAITING_ASSIGN_AGENT");
    await sendEvent(org, { type: "conversation.assigned", conversation_id: busy.externalId, agent_email: other.email });
    expect(await row(busy.id)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: other.id, variant: "human", handoverAt: null });
    expect(await row(queued.id)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agent });
  });
});

describe("bot arm vs human arm", () => {
  it("a human taking over a bot-arm conversation sets handover_at and records bot_arm_handover_to_human once; the variant stays bot", async () => {
    const org = await freshOrg();
    await setSplit(org, 100);
    const conv = await openConversation(org);
    expect(conv.response).toMatchObject({ variant: "bot", status: "OPEN", handled_by: "bot" });
    const agent = await userIdOf(db, org, "agent");
    const other = await addAgent(org);
    const t1 = at(1);
    await sendEvent(org, { type: "conversation.assigned", conversation_id: conv.externalId, agent_email: `agent@${org.emailDomain}`, occurred_at: t1.toISOString() });
    expect(await row(conv.id)).toMatchObject({ variant: "bot", botPercent: 100, status: "ASSIGNED", assignChannelAgentId: agent, assignedAt: t1, handoverAt: t1 });
    // the agent replies, then the conversation moves to a colleague: same handover, same arm
    await sendEvent(org, { type: "message.agent_replied", conversation_id: conv.externalId, message_id: "a-1", text: "I'm on it", agent_email: `agent@${org.emailDomain}`, occurred_at: at(2).toISOString() });
    await sendEvent(org, { type: "conversation.assigned", conversation_id: conv.externalId, agent_email: other.email, occurred_at: at(3).toISOString() });
    expect(await row(conv.id)).toMatchObject({ variant: "bot", botPercent: 100, assignChannelAgentId: other.id, handoverAt: t1 });
    const recorded = await handovers(org);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ conversationId: conv.id, occurredAt: t1 });
    expect(recorded[0]!.properties).toMatchObject({ channel_integration_id: channelOf(org).id, conversation_id: conv.id });
    // the customer writes again: a human has it, the bot stays quiet
    expect(await customerWrites(org, conv.externalId)).toMatchObject({ variant: "bot", handled_by: "human", reply: null });
  });

  it("an agent replying first in a bot-arm conversation is a handover too (recorded once), assigning the conversation to them", async () => {
    const org = await freshOrg();
    await setSplit(org, 100);
    const conv = await openConversation(org);
    const agent = await userIdOf(db, org, "agent");
    const t1 = at(1);
    await sendEvent(org, { type: "message.agent_replied", conversation_id: conv.externalId, message_id: "a-1", text: "Let me help", agent_email: `agent@${org.emailDomain}`, occurred_at: t1.toISOString() });
    await sendEvent(org, { type: "message.agent_replied", conversation_id: conv.externalId, message_id: "a-2", text: "Done", agent_email: `agent@${org.emailDomain}`, occurred_at: at(2).toISOString() });
    expect(await row(conv.id)).toMatchObject({ variant: "bot", status: "ASSIGNED", assignChannelAgentId: agent, handoverAt: t1, messageCount: 4 });
    expect(await handovers(org)).toHaveLength(1);
  });

  it("a bot-arm conversation the bot already handed over is not recorded twice when an agent picks it up", async () => {
    const org = await freshOrg();
    await setSplit(org, 100);
    const conv = await openConversation(org, "@TeamYouTube my channel got suspended for a year, please restore it");
    expect(conv.response).toMatchObject({ variant: "bot", status: "WAITING_ASSIGN_AGENT" });
    const handoverAt = (await row(conv.id)).handoverAt;
    expect(handoverAt).toBeInstanceOf(Date);
    await sendEvent(org, { type: "conversation.assigned", conversation_id: conv.externalId, agent_email: `agent@${org.emailDomain}` });
    expect(await row(conv.id)).toMatchObject({ variant: "bot", status: "ASSIGNED", handoverAt });
    expect(await handovers(org)).toHaveLength(1);
  });

  it("a human-arm conversation is never re-tagged and never counted as a handover, whatever happens to it", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const conv = await openConversation(org);
    const email = `agent@${org.emailDomain}`;
    await sendEvent(org, { type: "conversation.assigned", conversation_id: conv.externalId, agent_email: email });
    await sendEvent(org, { type: "message.agent_replied", conversation_id: conv.externalId, message_id: "a-1", text: "Hello", agent_email: email });
    await sendEvent(org, { type: "conversation.resolved", conversation_id: conv.externalId, closed_reason: "RESOLVE" });
    await sendEvent(org, { type: "conversation.csat", conversation_id: conv.externalId, score: 5 });
    // the split changes meanwhile: still nothing re-rolled
    await setSplit(org, 100);
    await sendEvent(org, { type: "message.agent_replied", conversation_id: conv.externalId, message_id: "a-2", text: "Anything else?", agent_email: email });
    expect(await row(conv.id)).toMatchObject({ variant: "human", botPercent: 0, status: "RESOLVED", closedReason: "ASSIGN_AGENT", csatScore: 5, handoverAt: null });
    expect(await handovers(org)).toEqual([]);
  });

  // regression: the bot used to keep answering after an agent replied without agent_email (handover_at was ignored)
  it("after an agent's reply (no agent_email) on a bot-arm conversation, the bot stops answering", async () => {
    const org = await freshOrg();
    await setSplit(org, 100);
    const conv = await openConversation(org);
    const res = await sendEvent(org, { type: "message.agent_replied", conversation_id: conv.externalId, message_id: "a-1", text: "Hi, a human here" });
    expect(res.status).toBe(200);
    const after = await row(conv.id);
    expect(after.handoverAt).toBeInstanceOf(Date);
    expect(await handovers(org)).toHaveLength(1);
    expect(await customerWrites(org, conv.externalId)).toMatchObject({ handled_by: "human", reply: null });
  });
});

describe("refusals write nothing", () => {
  it("answers 401 without a valid signature (missing, wrong secret, another channel's secret)", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const conv = await openConversation(org);
    const before = await orgState(org);
    const event = { type: "conversation.csat", conversation_id: conv.externalId, score: 1 };
    const raw = JSON.stringify({ channel_id: channelOf(org).id, ...event });
    for (const res of [
      await post("/api/webhooks/conversation-events", raw, {}),
      await sendEvent(org, event, { secret: newWebhookSecret() }),
      await sendEvent(org, event, { secret: org.channels[1]!.secret }),
      await post("/api/webhooks/conversation-events", raw, signWebhook(channelOf(org).secret, raw, { timestamp: new Date(Date.now() - 6 * 60_000) })),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("Invalid or missing webhook signature");
    }
    expect(await orgState(org)).toEqual(before);
  });

  it("answers 404 for an unknown channel", async () => {
    const org = await freshOrg();
    const res = await sendEvent(org, { type: "agent.availability_changed", agent_email: `agent@${org.emailDomain}`, availability: "online" }, { channelId: randomUUID() });
    expect(res).toMatchObject({ status: 404, body: { error: "Unknown channel" } });
    expect(await membershipOf(db, org.orgId, await userIdOf(db, org, "agent"))).toMatchObject({ availability: "offline" });
  });

  it("answers 404 for an unknown conversation or agent and writes nothing — a retry once they exist is applied", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const conv = await openConversation(org);
    const other = await freshOrg();
    const before = await orgState(org);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ type: "conversation.csat", conversation_id: "no-such-conversation", score: 5 }, /Unknown conversation/],
      [{ type: "conversation.resolved", conversation_id: "no-such-conversation", closed_reason: "RESOLVE" }, /Unknown conversation/],
      [{ type: "conversation.assigned", conversation_id: conv.externalId, agent_email: `nobody@${org.emailDomain}` }, /No active member/],
      // another org's agent is not a member here
      [{ type: "conversation.assigned", conversation_id: conv.externalId, agent_email: `agent@${other.emailDomain}` }, /No active member/],
      [{ type: "agent.availability_changed", agent_email: `agent@${other.emailDomain}`, availability: "online" }, /No active member/],
      [{ type: "message.agent_replied", conversation_id: conv.externalId, message_id: "x", text: "hi", agent_email: `nobody@${org.emailDomain}` }, /No active member/],
    ];
    for (const [event, error] of cases) {
      const res = await sendEvent(org, event);
      expect(res.status).toBe(404);
      expect(res.body.error).toMatch(error);
    }
    expect(await orgState(org)).toEqual(before);
    expect(await membershipOf(db, other.orgId, await userIdOf(db, other, "agent"))).toMatchObject({ availability: "offline" });

    // the helpdesk retries a 404 under the same webhook-id after the conversation reached Tandem: it is applied
    const webhookId = `msg_${randomUUID()}`;
    const late = `conv-${randomUUID()}`;
    expect((await sendEvent(org, { type: "conversation.csat", conversation_id: late, score: 4 }, { id: webhookId })).status).toBe(404);
    const payload = { channel_id: channelOf(org).id, conversation_id: late, message_id: "m-late", contact: { id: "k" }, text: "hello", sent_at: new Date().toISOString() };
    const raw = JSON.stringify(payload);
    const opened = await post("/api/webhooks/incoming-message", raw, signWebhook(channelOf(org).secret, raw));
    const retry = await sendEvent(org, { type: "conversation.csat", conversation_id: late, score: 4 }, { id: webhookId });
    expect(retry).toMatchObject({ status: 200, duplicate: null, body: { duplicate: false } });
    expect((await row(opened.body.conversation_id as string)).csatScore).toBe(4);
  });

  it("a deactivated member can't be assigned (404)", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const conv = await openConversation(org);
    const agent = await userIdOf(db, org, "agent");
    await db.update(memberships).set({ status: "deactivated", deactivatedAt: new Date() }).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, agent)));
    const res = await sendEvent(org, { type: "conversation.assigned", conversation_id: conv.externalId, agent_email: `agent@${org.emailDomain}` });
    expect(res.status).toBe(404);
    expect(await row(conv.id)).toMatchObject({ status: "WAITING_ASSIGN_AGENT", assignChannelAgentId: null });
  });

  it("answers 400 with field errors for a bad body", async () => {
    const org = await freshOrg();
    const conv = await openConversation(org);
    const before = await orgState(org);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ type: "conversation.exploded", conversation_id: conv.externalId }, ["type"]],
      [{ conversation_id: conv.externalId, score: 3 }, ["type"]],
      [{ type: "conversation.resolved", conversation_id: conv.externalId }, ["closed_reason"]],
      [{ type: "conversation.resolved", conversation_id: conv.externalId, closed_reason: "FIXED" }, ["closed_reason"]],
      [{ type: "conversation.assigned", conversation_id: "", agent_email: "not-an-email" }, ["agent_email", "conversation_id"]],
      [{ type: "agent.availability_changed", agent_email: `agent@${org.emailDomain}`, availability: "away" }, ["availability"]],
      [{ type: "message.agent_replied", conversation_id: conv.externalId, message_id: "m", text: "   " }, ["text"]],
      [{ type: "conversation.csat", conversation_id: conv.externalId, score: 3, occurred_at: "yesterday" }, ["occurred_at"]],
    ];
    for (const [event, fields] of cases) {
      const res = await sendEvent(org, event);
      expect(res.status, JSON.stringify(event)).toBe(400);
      expect(res.body.error).toBe("Invalid body");
      expect(Object.keys(res.body.fields as object).sort()).toEqual(fields);
    }
    const notJson = await post("/api/webhooks/conversation-events", "{nope", signWebhook(channelOf(org).secret, "{nope"));
    expect(notJson.status).toBe(400);
    expect(await orgState(org)).toEqual(before);
  });
});

describe("idempotency and the delivery log", () => {
  it("a redelivery with the same webhook-id answers 200 with X-Tandem-Duplicate and changes nothing", async () => {
    const org = await freshOrg();
    await setSplit(org, 100);
    const conv = await openConversation(org);
    const id = `msg_${randomUUID()}`;
    const first = await sendEvent(org, { type: "conversation.csat", conversation_id: conv.externalId, score: 4 }, { id });
    expect(first).toMatchObject({ status: 200, duplicate: null, body: { duplicate: false, conversation_id: conv.id } });
    const before = await orgState(org);
    // same id and body: acknowledged, not applied again
    const again = await sendEvent(org, { type: "conversation.csat", conversation_id: conv.externalId, score: 4 }, { id });
    expect(again).toMatchObject({ status: 200, duplicate: "true", body: { ok: true, duplicate: true } });
    // same id with a different (validly signed) body: refused (issue 17 item 3), not applied
    const other = await sendEvent(org, { type: "conversation.csat", conversation_id: conv.externalId, score: 1 }, { id });
    expect(other.status).toBe(409);
    const takeover = `msg_${randomUUID()}`;
    await sendEvent(org, { type: "conversation.assigned", conversation_id: conv.externalId, agent_email: `agent@${org.emailDomain}` }, { id: takeover });
    const afterTakeover = await orgState(org);
    expect((await sendEvent(org, { type: "conversation.assigned", conversation_id: conv.externalId, agent_email: `agent@${org.emailDomain}` }, { id: takeover })).duplicate).toBe("true");
    expect(await orgState(org)).toEqual(afterTakeover);
    expect(afterTakeover.conversations).not.toEqual(before.conversations);
    expect((await row(conv.id)).csatScore).toBe(4);
    expect(await handovers(org)).toHaveLength(1);
  });

  it("every delivery appears in the channel's log with endpoint conversation-events, the event type and its status", async () => {
    const org = await freshOrg();
    await setSplit(org, 0);
    const conv = await openConversation(org);
    const ok = `msg_${randomUUID()}`;
    await sendEvent(org, { type: "conversation.assigned", conversation_id: conv.externalId, agent_email: `agent@${org.emailDomain}` }, { id: ok });
    await sendEvent(org, { type: "conversation.assigned", conversation_id: conv.externalId, agent_email: `agent@${org.emailDomain}` }, { id: ok });
    await sendEvent(org, { type: "conversation.csat", conversation_id: "missing", score: 3 }, { id: "msg_missing" });
    await sendEvent(org, { type: "conversation.resolved", conversation_id: conv.externalId }, { id: "msg_bad" });
    await sendEvent(org, { type: "agent.availability_changed", agent_email: `agent@${org.emailDomain}`, availability: "online" }, { id: "msg_unsigned", secret: newWebhookSecret() });

    const log = (await listDeliveries(db, { orgId: org.orgId, channelId: channelOf(org).id })).filter((d) => d.endpoint === "conversation-events").reverse();
    expect(log.map((d) => ({ event: d.event, deliveryId: d.deliveryId, statusCode: d.statusCode, error: d.error }))).toEqual([
      { event: "conversation.assigned", deliveryId: ok, statusCode: 200, error: null },
      { event: "conversation.assigned (duplicate)", deliveryId: ok, statusCode: 200, error: null },
      { event: "conversation.csat", deliveryId: "msg_missing", statusCode: 404, error: 'Unknown conversation "missing" on this channel.' },
      { event: "conversation.resolved", deliveryId: "msg_bad", statusCode: 400, error: "Invalid body" },
    ]);
    // the badly signed one is counted in the channel's refusal tally instead (issue 17 item 3)
    expect((await refusalTotals(db, { orgId: org.orgId, channelId: channelOf(org).id })).get(channelOf(org).id)?.lastDay).toBe(1);
    // the incoming message that opened the conversation is logged under its own endpoint
    expect((await listDeliveries(db, { orgId: org.orgId, channelId: channelOf(org).id })).filter((d) => d.endpoint === "incoming-message")).toHaveLength(1);
    // another org sees none of it
    const other = await freshOrg();
    expect(await listDeliveries(db, { orgId: other.orgId, channelId: channelOf(org).id })).toEqual([]);
  });
});
