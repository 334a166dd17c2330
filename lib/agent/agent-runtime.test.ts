/**
 * Published agents at work (002_… answering engine, resolution, preview): a customer message on a channel is
 * answered by the published version of the channel's agent (and attributed to it), a paused agent hands over, a
 * draft never answers; idle bot-handled conversations close as RESOLVE_AI (idle_assumed); and the editor's preview
 * runs through the same ingest path on an internal channel that no list, queue or report sees.
 */
import { randomUUID } from "node:crypto";
import { and, asc, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { aiAgents, channelIntegrations, conversations, events, knowledgeArticles, memberships, messages, organizations, type Conversation } from "@/db/schema";
import { createChannel } from "@/lib/channels/create-channel";
import { listChannels } from "@/lib/channels/list-channels";
import { listConversations } from "@/lib/conversations/list-conversations";
import { listParamsSchema } from "@/lib/conversations/list-params";
import { loadChannelContext } from "@/lib/ingest/load-channel";
import { receiveMessage, type IngestResult } from "@/lib/ingest/receive-message";
import { drainQueue } from "@/lib/routing/assign-agent";
import { setAvailability } from "@/lib/routing/set-availability";
import { onPostgresServer, seedQuietOrg, testDb } from "@/test/db";
import { signInAs, userIdOf } from "@/test/members";
import { defaultAgentConfig, PHRASES, type AgentConfig } from "./config-schema";
import { archiveAgent, createAgent, saveAgentConfig, setAgentPaused } from "./manage-agents";
import { ensurePreviewChannel, PREVIEW_CHANNEL_NAME, previewTurn } from "./preview";
import { publishAgent } from "./publish-agent";
import { resolveIdleConversations } from "./resolve-idle";

let db: Db;
type Org = Awaited<ReturnType<typeof seedQuietOrg>>;

beforeAll(async () => {
  db = await testDb();
});

/**
 * Answered by the help centre's "Return Due to Size" article (confidence ≈ 0.9: above the default 0.7, below 0.99);
 * Indonesian, like the agents below.
 */
const ANSWERABLE = "kak bajunya kekecilan, bisa tukar?";
const ANSWERABLE_TOPIC = "product_defect/return_size";
/** A request for a human: handed over without a signal. */
const ASK_HUMAN = "can I talk to a human please";
const ID_HANDOVER = "Baik, percakapan ini kami teruskan ke tim CS kami ya.";
const MINUTE = 60_000;

/** A fresh org with AI agents available (professional plan, add-on), no business hours, split off, all offline. */
async function agentOrg(): Promise<Org> {
  const org = await seedQuietOrg(db);
  await db.update(organizations).set({ plan: "professional", aiAgentAddon: true, businessHours: [] }).where(eq(organizations.id, org.orgId));
  return org;
}

/** An Indonesian agent with its own handover message and a 15-minute idle window. */
function idAgentConfig(channelIds: string[], tweak: (c: AgentConfig) => void = () => {}): AgentConfig {
  const config = defaultAgentConfig("id", "Sari");
  config.profile.handoverMessage = ID_HANDOVER;
  config.routing.idleResolveMinutes = 15;
  config.routing.channelIds = channelIds;
  tweak(config);
  return config;
}

/** Creates and publishes an agent on channel 0 of the org. */
async function publishedAgent(org: Org, tweak?: (c: AgentConfig) => void) {
  const admin = await signInAs(db, org, "admin");
  const agent = await createAgent(db, { actor: admin, config: idAgentConfig([org.channels[0]!.id], tweak) });
  const version = await publishAgent(db, { actor: admin, agentId: agent.id });
  return { admin, agent, version };
}

/** One customer message through ingest, with the channel's context as the webhook route loads it. */
async function send(channelId: string, text: string, { conversationId = `conv-${randomUUID()}`, sentAt = new Date() } = {}): Promise<IngestResult> {
  const ctx = await loadChannelContext(db, channelId);
  if (!ctx) throw new Error("test: no channel");
  return receiveMessage(db, {
    ctx,
    input: { channel_id: channelId, conversation_id: conversationId, message_id: `msg-${randomUUID()}`, contact: { id: `wa:62${Math.floor(Math.random() * 1e10)}` }, text, sent_at: sentAt.toISOString() },
    model: null,
  });
}

async function conversationRow(id: string): Promise<Conversation> {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  return row!;
}

async function messagesOf(conversationId: string) {
  return db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.sentAt), asc(messages.createdAt));
}

async function botMessage(conversationId: string) {
  return (await messagesOf(conversationId)).findLast((m) => m.sender === "bot")!;
}

/** The text of a help-centre answer in `language` (what a grounded reply quotes). */
async function helpCentreBody(org: Org, topicKey: string, language: "en" | "id"): Promise<string> {
  const [row] = await db
    .select({ body: knowledgeArticles.body })
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.orgId, org.orgId), eq(knowledgeArticles.topicKey, topicKey), eq(knowledgeArticles.language, language), eq(knowledgeArticles.audience, "customer")));
  if (!row) throw new Error(`test: no help-centre article ${topicKey} (${language})`);
  return row.body;
}

async function signalEvents(org: Org) {
  return db.select().from(events).where(and(eq(events.orgId, org.orgId), eq(events.name, "ai_agent_signal_raised")));
}

describe("a channel with a published agent", () => {
  it("answers with the published version: the bot message and the conversation carry its id, in the agent's language", async () => {
    const org = await agentOrg();
    const { version } = await publishedAgent(org);
    const { response } = await send(org.channels[0]!.id, ANSWERABLE);
    expect(response).toMatchObject({ status: "OPEN", handled_by: "bot", reply: { action: "answer", capability_id: "general" } });
    // the Indonesian answer, introduced by the agent's own name
    expect(response.reply!.text).toContain(await helpCentreBody(org, ANSWERABLE_TOPIC, "id"));
    expect(response.reply!.text.split("\n")[0]).toContain("Sari");
    const reply = await botMessage(response.conversation_id);
    expect(reply).toMatchObject({ agentVersionId: version.id, agentAction: "answer", id: response.reply!.message_id });
    expect((await conversationRow(response.conversation_id)).agentVersionId).toBe(version.id);
  });

  it("hands over with the agent's own handover message (no signal when the customer asks for a human)", async () => {
    const org = await agentOrg();
    const { version } = await publishedAgent(org);
    const { response } = await send(org.channels[0]!.id, ASK_HUMAN);
    expect(response).toMatchObject({ status: "WAITING_ASSIGN_AGENT", handled_by: "human", reply: { action: "handover", text: ID_HANDOVER, signals: [] } });
    expect(await botMessage(response.conversation_id)).toMatchObject({ agentVersionId: version.id, content: ID_HANDOVER });
    const conv = await conversationRow(response.conversation_id);
    expect(conv.agentVersionId).toBe(version.id);
    expect(conv.handoverAt).toBeInstanceOf(Date);
  });

  it("a new version answers from the moment it is published; each reply names the version that wrote it", async () => {
    const org = await agentOrg();
    const { admin, agent, version: v1 } = await publishedAgent(org);
    const conversationId = `conv-${randomUUID()}`;
    const first = await send(org.channels[0]!.id, ANSWERABLE, { conversationId });
    expect(first.response.reply!.action).toBe("answer");

    await saveAgentConfig(db, { actor: admin, agentId: agent.id, config: idAgentConfig([org.channels[0]!.id], (c) => (c.routing.confidenceThreshold = 0.99)) });
    // saved but not published: still v1
    const saved = await send(org.channels[0]!.id, ANSWERABLE);
    expect(saved.response.reply!.action).toBe("answer");
    expect((await botMessage(saved.response.conversation_id)).agentVersionId).toBe(v1.id);

    const v2 = await publishAgent(db, { actor: admin, agentId: agent.id });
    const second = await send(org.channels[0]!.id, ANSWERABLE, { conversationId });
    expect(second.response.reply).toMatchObject({ action: "handover", text: ID_HANDOVER, signals: [expect.objectContaining({ signal: "low_confidence", threshold: 0.99 })] });
    const internalId = first.response.conversation_id;
    expect(second.response.conversation_id).toBe(internalId);
    const bots = (await messagesOf(internalId)).filter((m) => m.sender === "bot");
    expect(bots.map((m) => m.agentVersionId)).toEqual([v1.id, v2.id]);
    expect((await conversationRow(internalId)).agentVersionId).toBe(v2.id);
    const [signal] = await signalEvents(org);
    expect(signal!.properties).toMatchObject({ signal: "low_confidence", agent_version_id: v2.id, channel_integration_id: org.channels[0]!.id });
  });

  it("other channels keep the built-in defaults", async () => {
    const org = await agentOrg();
    await publishedAgent(org);
    const { response } = await send(org.channels[1]!.id, ASK_HUMAN);
    expect(response.reply).toMatchObject({ action: "handover", text: PHRASES.en.handover });
    expect((await botMessage(response.conversation_id)).agentVersionId).toBeNull();
    expect((await conversationRow(response.conversation_id)).agentVersionId).toBeNull();
  });

  it("a paused agent hands every message over with its handover message and raises no signal", async () => {
    const org = await agentOrg();
    const { admin, agent, version } = await publishedAgent(org, (c) => (c.routing.handoverKeywords = ["kekecilan"]));
    await setAgentPaused(db, { actor: admin, agentId: agent.id, paused: true });
    // even an answerable message (which would also trip the keyword signal when live)
    const { response } = await send(org.channels[0]!.id, ANSWERABLE);
    expect(response).toMatchObject({ status: "WAITING_ASSIGN_AGENT", handled_by: "human", reply: { action: "handover", text: ID_HANDOVER, confidence: 0, sources: [], signals: [] } });
    expect(await botMessage(response.conversation_id)).toMatchObject({ agentVersionId: version.id, signals: [], agentAction: "handover" });
    expect(await signalEvents(org)).toEqual([]);
    const conv = await conversationRow(response.conversation_id);
    expect(conv).toMatchObject({ status: "WAITING_ASSIGN_AGENT", agentVersionId: version.id });

    // resumed: answers again (and the keyword rule of the version applies)
    await setAgentPaused(db, { actor: admin, agentId: agent.id, paused: false });
    const live = await send(org.channels[0]!.id, ANSWERABLE);
    expect(live.response.reply).toMatchObject({ action: "handover", signals: [expect.objectContaining({ signal: "unexpected_handoff", value: "handover_keyword" })] });
    expect(await signalEvents(org)).toHaveLength(1);
  });

  it("a paused agent's handover goes to an online human agent", async () => {
    const org = await agentOrg();
    const { admin, agent } = await publishedAgent(org);
    await setAgentPaused(db, { actor: admin, agentId: agent.id, paused: true });
    const human = await userIdOf(db, org, "agent");
    await db.update(memberships).set({ availability: "online" }).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, human)));
    const { response } = await send(org.channels[0]!.id, ANSWERABLE);
    expect(response).toMatchObject({ status: "ASSIGNED", handled_by: "human" });
    expect((await conversationRow(response.conversation_id)).assignChannelAgentId).toBe(human);
  });

  it("a draft (never published) agent on a channel is not used: the built-in defaults answer", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const draft = await createAgent(db, { actor: admin, config: idAgentConfig([org.channels[0]!.id]) });
    // only publishing links channels; link it directly to prove a draft never answers even when linked
    await db.update(channelIntegrations).set({ aiAgentId: draft.id }).where(eq(channelIntegrations.id, org.channels[0]!.id));
    const ctx = await loadChannelContext(db, org.channels[0]!.id);
    expect(ctx).toMatchObject({ agentStatus: "draft", agentVersionId: null, agentConfig: null });
    const { response } = await send(org.channels[0]!.id, ASK_HUMAN);
    expect(response.reply).toMatchObject({ action: "handover", text: PHRASES.en.handover });
    expect((await botMessage(response.conversation_id)).agentVersionId).toBeNull();
    expect((await conversationRow(response.conversation_id)).agentVersionId).toBeNull();
  });

  it("an archived agent's channel goes back to the built-in defaults", async () => {
    const org = await agentOrg();
    const { admin, agent } = await publishedAgent(org);
    await archiveAgent(db, { actor: admin, agentId: agent.id });
    expect(await loadChannelContext(db, org.channels[0]!.id)).toMatchObject({ agentStatus: null, agentVersionId: null });
    const { response } = await send(org.channels[0]!.id, ASK_HUMAN);
    expect(response.reply!.text).toBe(PHRASES.en.handover);
    // even if a link survived, an archived agent is not loaded
    await db.update(channelIntegrations).set({ aiAgentId: agent.id }).where(eq(channelIntegrations.id, org.channels[0]!.id));
    expect(await loadChannelContext(db, org.channels[0]!.id)).toMatchObject({ agentStatus: null, agentVersionId: null, agentConfig: null });
  });
});

describe("resolveIdleConversations", () => {
  /** A conversation the published agent answered at `sentAt` (+ a few ms); returns its id and the bot answer's time. */
  async function answered(org: Org, sentAt: Date, channel = 0): Promise<{ id: string; answeredAt: Date }> {
    const { response } = await send(org.channels[channel]!.id, ANSWERABLE, { sentAt });
    expect(response.reply?.action).toBe("answer");
    const bot = await botMessage(response.conversation_id);
    return { id: response.conversation_id, answeredAt: bot.sentAt };
  }

  it("closes a bot-answered conversation idle past the version's window: RESOLVED / bare RESOLVE closed after silence (never an AI win) at answer + window", async () => {
    const org = await agentOrg();
    const { version } = await publishedAgent(org); // idleResolveMinutes 15
    const t0 = new Date(Date.now() - 3 * 60 * MINUTE);
    const { id, answeredAt } = await answered(org, t0);
    expect((await conversationRow(id)).agentVersionId).toBe(version.id);

    // 14 min 59 s after the answer: not yet
    expect(await resolveIdleConversations(db, { orgId: org.orgId, now: new Date(answeredAt.getTime() + 15 * MINUTE - 1000) })).toEqual([]);
    expect(await conversationRow(id)).toMatchObject({ status: "OPEN", closedReason: null, aiResolution: null, closedAt: null });

    const now = new Date(answeredAt.getTime() + 15 * MINUTE + 1000);
    expect(await resolveIdleConversations(db, { orgId: org.orgId, now })).toEqual([id]);
    const row = await conversationRow(id);
    expect(row).toMatchObject({ status: "RESOLVED", closedReason: "RESOLVE", closedVia: "silence", aiResolution: null });
    expect(row.closedAt!.getTime()).toBe(answeredAt.getTime() + 15 * MINUTE);

    // running again closes nothing and keeps the first close time
    expect(await resolveIdleConversations(db, { orgId: org.orgId, now: new Date(now.getTime() + 60 * MINUTE) })).toEqual([]);
    expect((await conversationRow(id)).closedAt!.getTime()).toBe(answeredAt.getTime() + 15 * MINUTE);
  });

  it("the built-in defaults wait 30 minutes", async () => {
    const org = await agentOrg();
    const { id, answeredAt } = await answered(org, new Date(Date.now() - 2 * 60 * MINUTE), 1);
    expect((await conversationRow(id)).agentVersionId).toBeNull();
    expect(await resolveIdleConversations(db, { orgId: org.orgId, now: new Date(answeredAt.getTime() + 29 * MINUTE) })).toEqual([]);
    expect(await resolveIdleConversations(db, { orgId: org.orgId, now: new Date(answeredAt.getTime() + 31 * MINUTE) })).toEqual([id]);
    expect((await conversationRow(id)).closedAt!.getTime()).toBe(answeredAt.getTime() + 30 * MINUTE);
  });

  it("leaves handed-over, human-assigned and customer-last conversations alone, and only the org asked for", async () => {
    const org = await agentOrg();
    await publishedAgent(org);
    const t0 = new Date(Date.now() - 5 * 60 * MINUTE);
    const later = new Date(t0.getTime() + 4 * 60 * MINUTE);

    // handed over by the bot
    const handed = (await send(org.channels[0]!.id, ASK_HUMAN, { sentAt: t0 })).response.conversation_id;
    expect((await conversationRow(handed)).handoverAt).not.toBeNull();

    // answered, then a human agent took it (ASSIGNED)
    const human = await userIdOf(db, org, "agent");
    const assigned = await answered(org, t0);
    await db.update(conversations).set({ status: "ASSIGNED", assignChannelAgentId: human, assignedAt: t0 }).where(eq(conversations.id, assigned.id));

    // answered, a human attached while still OPEN (edge: the assignment alone keeps the bot's close away)
    const attached = await answered(org, t0);
    await db.update(conversations).set({ assignChannelAgentId: human }).where(eq(conversations.id, attached.id));

    // answered, then the customer wrote last (stored without a bot reply)
    const customerLast = await answered(org, t0);
    await db.insert(messages).values({ orgId: org.orgId, conversationId: customerLast.id, externalId: `msg-${randomUUID()}`, sender: "customer", content: "hmm, wait", sentAt: new Date(customerLast.answeredAt.getTime() + MINUTE) });

    // answered, then only a private note: the customer's silence still counts
    const noted = await answered(org, t0);
    await db.insert(messages).values({ orgId: org.orgId, conversationId: noted.id, sender: "agent", content: "note to self", isPrivate: true, sentAt: new Date(noted.answeredAt.getTime() + MINUTE) });

    // another org's idle conversation
    const other = await agentOrg();
    const otherIdle = await answered(other, t0, 1);

    const closed = await resolveIdleConversations(db, { orgId: org.orgId, now: later });
    expect(closed).toEqual([noted.id]);
    expect((await conversationRow(handed)).status).toBe("WAITING_ASSIGN_AGENT");
    expect(await conversationRow(assigned.id)).toMatchObject({ status: "ASSIGNED", closedReason: null, aiResolution: null });
    expect(await conversationRow(attached.id)).toMatchObject({ status: "OPEN", closedReason: null });
    expect(await conversationRow(customerLast.id)).toMatchObject({ status: "OPEN", closedReason: null });
    expect((await conversationRow(otherIdle.id)).status).toBe("OPEN");
  });

  it("leaves human-arm conversations and customer-confirmed ones as they are", async () => {
    const org = await agentOrg();
    await publishedAgent(org);
    const t0 = new Date(Date.now() - 5 * 60 * MINUTE);
    const confirmed = await answered(org, t0);
    const conv = await conversationRow(confirmed.id);
    const thanks = await send(org.channels[0]!.id, "thanks, that helps", { conversationId: conv.externalId, sentAt: new Date(confirmed.answeredAt.getTime() + MINUTE) });
    expect(thanks.response.status).toBe("RESOLVED");
    const before = await conversationRow(confirmed.id);
    expect(before).toMatchObject({ closedReason: "RESOLVE_AI", aiResolution: "customer_confirmed" });

    const humanArm = await answered(org, t0);
    await db.update(conversations).set({ variant: "human", botPercent: 0 }).where(eq(conversations.id, humanArm.id));

    expect(await resolveIdleConversations(db, { orgId: org.orgId, now: new Date() })).toEqual([]);
    expect(await conversationRow(confirmed.id)).toEqual(before);
    expect((await conversationRow(humanArm.id)).status).toBe("OPEN");
  });

  it.runIf(onPostgresServer())("concurrent runs close each conversation once (PostgreSQL)", async () => {
    const org = await agentOrg();
    await publishedAgent(org);
    const t0 = new Date(Date.now() - 3 * 60 * MINUTE);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await answered(org, t0)).id);
    const runs = await Promise.all(Array.from({ length: 4 }, () => resolveIdleConversations(db, { orgId: org.orgId })));
    expect(runs.flat().sort()).toEqual([...ids].sort());
  });
});

describe("previewTurn", () => {
  async function previewConversations(org: Org) {
    return db
      .select()
      .from(conversations)
      .innerJoin(channelIntegrations, eq(channelIntegrations.id, conversations.channelId))
      .where(and(eq(conversations.orgId, org.orgId), eq(channelIntegrations.type, "bot_preview")));
  }

  async function previewChannelCount(org: Org): Promise<number> {
    const [row] = await db.select({ n: count() }).from(channelIntegrations).where(and(eq(channelIntegrations.orgId, org.orgId), eq(channelIntegrations.type, "bot_preview")));
    return row!.n;
  }

  it("creates one preview channel per org, continues the chat by chatId, and answers with the unsaved config", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    expect(await previewChannelCount(org)).toBe(0);
    const config = idAgentConfig([]);

    const first = await previewTurn(db, { actor: admin, config, input: { text: ANSWERABLE }, model: null });
    expect(first.chatId).toMatch(/^preview-[0-9a-f-]{36}$/);
    expect(first.response).toMatchObject({ status: "OPEN", handled_by: "bot", reply: { action: "answer", capability_id: "general" } });
    expect(first.response.reply!.confidence).toBeGreaterThanOrEqual(config.routing.confidenceThreshold);
    expect(first.response.reply!.sources.length).toBeGreaterThan(0);
    expect(first.response.reply!.sources[0]).toMatchObject({ title: expect.any(String), score: expect.any(Number) });
    // the unsaved config's language and name
    expect(first.response.reply!.text).toContain(await helpCentreBody(org, ANSWERABLE_TOPIC, "id"));
    expect(first.response.reply!.text.split("\n")[0]).toContain("Sari");
    expect(await previewChannelCount(org)).toBe(1);
    const [channel] = await db.select().from(channelIntegrations).where(and(eq(channelIntegrations.orgId, org.orgId), eq(channelIntegrations.type, "bot_preview")));
    expect(channel).toMatchObject({ name: expect.stringContaining(PREVIEW_CHANNEL_NAME), botPercent: 100, aiAgentId: null });

    const second = await previewTurn(db, { actor: admin, config, input: { chatId: first.chatId, text: "halo" }, model: null });
    expect(second.chatId).toBe(first.chatId);
    expect(second.response.conversation_id).toBe(first.response.conversation_id);
    expect(second.response.reply).toMatchObject({ action: "answer", text: config.profile.greeting, confidence: 1 });
    expect(await previewChannelCount(org)).toBe(1);
    const conv = await conversationRow(first.response.conversation_id);
    expect(conv).toMatchObject({ channelId: channel!.id, externalId: first.chatId, contactId: `preview:${admin.userId}`, messageCount: 4, agentVersionId: null });
    const stored = await messagesOf(conv.id);
    expect(stored.map((m) => m.sender)).toEqual(["customer", "bot", "customer", "bot"]);
    expect(stored.filter((m) => m.sender === "bot").every((m) => m.agentVersionId === null && m.confidence !== null)).toBe(true);

    // a new chat (no chatId) is a new conversation on the same channel
    const third = await previewTurn(db, { actor: admin, config, input: { text: ANSWERABLE }, model: null });
    expect(third.chatId).not.toBe(first.chatId);
    expect(third.response.conversation_id).not.toBe(first.response.conversation_id);
    expect(await previewChannelCount(org)).toBe(1);
    expect(await ensurePreviewChannel(db, org.orgId)).toBe(channel!.id);
  });

  it("uses the draft config, not the published agent of any channel", async () => {
    const org = await agentOrg();
    const { admin } = await publishedAgent(org);
    const strict = idAgentConfig([], (c) => (c.routing.confidenceThreshold = 0.99));
    const { response } = await previewTurn(db, { actor: admin, config: strict, input: { text: ANSWERABLE }, model: null });
    expect(response.reply).toMatchObject({ action: "handover", text: ID_HANDOVER, signals: [expect.objectContaining({ signal: "low_confidence", threshold: 0.99 })] });
    expect(response.reply!.confidence).toBeGreaterThan(0);
    // the live channel still answers with the published version
    expect((await send(org.channels[0]!.id, ANSWERABLE)).response.reply!.action).toBe("answer");
  });

  it("a handed-over preview chat gets no further bot reply", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const config = defaultAgentConfig("en");
    const first = await previewTurn(db, { actor: admin, config, input: { text: ASK_HUMAN }, model: null });
    expect(first.response.reply).toMatchObject({ action: "handover", text: PHRASES.en.handover });
    const next = await previewTurn(db, { actor: admin, config, input: { chatId: first.chatId, text: ANSWERABLE }, model: null });
    expect(next.response).toMatchObject({ handled_by: "human", reply: null, status: "WAITING_ASSIGN_AGENT" });
  });

  it("refuses a bad chat id or empty text (ZodError) without writing", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    await expect(previewTurn(db, { actor: admin, config: defaultAgentConfig(), input: { text: "   " }, model: null })).rejects.toThrow(/Type a message/);
    await expect(previewTurn(db, { actor: admin, config: defaultAgentConfig(), input: { chatId: "conv-123", text: "hi" }, model: null })).rejects.toThrow();
    await expect(previewTurn(db, { actor: admin, config: { ...defaultAgentConfig(), capabilities: [] }, input: { text: "hi" }, model: null })).rejects.toThrow();
    expect(await previewChannelCount(org)).toBe(0);
  });

  it("preview conversations and the preview channel never appear in the console lists, nor resolve as idle", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const live = (await send(org.channels[0]!.id, ANSWERABLE, { sentAt: new Date(Date.now() - 3 * 60 * MINUTE) })).response.conversation_id;
    const preview = await previewTurn(db, { actor: admin, config: defaultAgentConfig("en"), input: { text: ANSWERABLE }, model: null });
    expect(preview.response.reply!.action).toBe("answer");

    const listed = await listConversations(db, { orgId: org.orgId, params: listParamsSchema.parse({}) });
    expect(listed.rows.map((r) => r.id)).toEqual([live]);
    expect(listed.total).toBe(1);
    const previewChannel = await ensurePreviewChannel(db, org.orgId);
    const byChannel = await listConversations(db, { orgId: org.orgId, params: listParamsSchema.parse({ channel: previewChannel }) });
    expect(byChannel).toEqual({ rows: [], total: 0 });

    const channels = await listChannels(db, { orgId: org.orgId, includeArchived: true });
    expect(channels.map((c) => c.id)).not.toContain(previewChannel);
    expect(channels.map((c) => c.type)).not.toContain("bot_preview");
    expect(channels).toHaveLength(org.channels.length);

    // hours later, only the live conversation is closed as idle
    expect(await resolveIdleConversations(db, { orgId: org.orgId, now: new Date(Date.now() + 24 * 60 * MINUTE) })).toEqual([live]);
    expect((await conversationRow(preview.response.conversation_id)).status).toBe("OPEN");
  });

  it("an online human agent never gets a preview conversation assigned when the preview hands over", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const human = await userIdOf(db, org, "agent");
    await db.update(memberships).set({ availability: "online" }).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, human)));
    const { response } = await previewTurn(db, { actor: admin, config: defaultAgentConfig("en"), input: { text: ASK_HUMAN }, model: null });
    expect(response).toMatchObject({ status: "WAITING_ASSIGN_AGENT", reply: { action: "handover" } });
    const conv = await conversationRow(response.conversation_id);
    expect(conv).toMatchObject({ status: "WAITING_ASSIGN_AGENT", assignChannelAgentId: null, assignedAt: null });
    // the same message on a live channel is assigned to that agent (the agent really was available)
    const real = await send(org.channels[0]!.id, ASK_HUMAN);
    expect(real.response.status).toBe("ASSIGNED");
  });

  it("a handed-over preview conversation is not pulled from the queue when an agent comes online", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    const human = await userIdOf(db, org, "agent");
    const { response } = await previewTurn(db, { actor: admin, config: defaultAgentConfig("en"), input: { text: ASK_HUMAN }, model: null });
    expect(response.status).toBe("WAITING_ASSIGN_AGENT");
    await setAvailability(db, { orgId: org.orgId, userId: human, availability: "online" });
    await drainQueue(db, { orgId: org.orgId });
    expect(await conversationRow(response.conversation_id)).toMatchObject({ status: "WAITING_ASSIGN_AGENT", assignChannelAgentId: null });
    expect((await previewConversations(org)).every((r) => r.conversations.assignChannelAgentId === null)).toBe(true);
  });

  it.runIf(onPostgresServer())("concurrent first previews create one preview channel (PostgreSQL)", async () => {
    const org = await agentOrg();
    const ids = await Promise.all(Array.from({ length: 6 }, () => ensurePreviewChannel(db, org.orgId)));
    expect(new Set(ids).size).toBe(1);
    expect(await previewChannelCount(org)).toBe(1);
  });

  it("an org channel that happens to be named like the preview channel does not break the preview", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    await createChannel(db, { actor: admin, input: { name: PREVIEW_CHANNEL_NAME, type: "live_chat" } });
    const { response } = await previewTurn(db, { actor: admin, config: defaultAgentConfig("en"), input: { text: ANSWERABLE }, model: null });
    expect(response.reply!.action).toBe("answer");
    expect(await previewChannelCount(org)).toBe(1);
  });

  it("an admin cannot create a channel of the internal bot_preview type", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    await expect(createChannel(db, { actor: admin, input: { name: "Sneaky", type: "bot_preview" } })).rejects.toThrow();
    expect(await previewChannelCount(org)).toBe(0);
  });

  it("the preview channel never gets an agent linked and no agent can be published onto it", async () => {
    const org = await agentOrg();
    const admin = await signInAs(db, org, "admin");
    await previewTurn(db, { actor: admin, config: defaultAgentConfig("en"), input: { text: "hi" }, model: null });
    const [row] = await db.select({ id: channelIntegrations.id, aiAgentId: channelIntegrations.aiAgentId }).from(channelIntegrations).where(and(eq(channelIntegrations.orgId, org.orgId), eq(channelIntegrations.type, "bot_preview")));
    await expect(createAgent(db, { actor: admin, config: idAgentConfig([row!.id]) })).rejects.toThrow(/active channels/);
    expect(row!.aiAgentId).toBeNull();
    expect(await db.select().from(aiAgents).where(eq(aiAgents.orgId, org.orgId))).toEqual([]);
  });
});
