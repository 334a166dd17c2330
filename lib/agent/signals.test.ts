/**
 * The answering engine's actions and failure signals (002_… answering engine, 003_… signals; issue 14) on a real
 * database with the demo knowledge base (customer-facing help centre + internal ABCD guidance): one test per signal
 * and routing rule, asserting the exact output; then the same through `receiveMessage`, checking what is stored on
 * the bot message, the `ai_agent_signal_raised` events and the RESOLVE_AI close.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversations, events, knowledgeArticles, messages } from "@/db/schema";
import { HELP_CENTRE_COLLECTION } from "@/lib/demo/seed-demo-org";
import { loadChannelContext, type ChannelContext } from "@/lib/ingest/load-channel";
import { receiveMessage } from "@/lib/ingest/receive-message";
import { seedQuietOrg, seedTestOrg, testDb } from "@/test/db";
import { signInAs } from "@/test/members";
import { calibratedConfidence, matchConfidence } from "./calibration";
import { excerpt } from "./compose-reply";
import { defaultAgentConfig, PHRASES, type AgentConfig, type Capability, type ReplyLanguage } from "./config-schema";
import { confidenceFeatures, engineFailure, runAgent, type AgentOutput, type EngineTurn } from "./engine";
import { createAgent } from "./manage-agents";
import { ModelError, type ModelClient } from "./model-client";
import { publishAgent } from "./publish-agent";
import { inVoice } from "./reply-voice";
import { retrieveArticles, type RetrievedArticle } from "./retrieve";

const EN = defaultAgentConfig("en");
const ID = defaultAgentConfig("id");
/** The default confidence threshold (0.7). */
const THRESHOLD = EN.routing.confidenceThreshold;
/** Answered by the default config from the help centre's "Refund Status" article (confidence ≈ 1). */
const REFUND = "just wanted to check on the status of a refund";
const REFUND_TOPIC = "product_defect/refund_status";
const REFUND_TITLE = "Refund Status — Checking on your refund";
/** The internal ABCD guideline on the same topic: staff guidance, never sent. */
const REFUND_GUIDELINE = "Product Defect — Refund Status";
/** Answered from the "Manage Upgrade" article with a confidence between the default threshold and 0.99 (≈ 0.92). */
/** answered with a confidence above the default threshold but below 0.99 */
const RETURN_WINDOW = "how many days do I have to return something?";
/** Retrieves only weak matches (confidence well under 0.4). */
const OFF_TOPIC = "my video got taken down for copyright, please help";
/** Articles the engine retrieves per turn (its top-k). */
const ENGINE_TOP_K = 8;
/** Internal guidance at least this confident travels with a hand-over (the engine's GUIDANCE_MIN_CONFIDENCE). */
const GUIDANCE_MIN_CONFIDENCE = 0.4;

function withRouting(patch: Partial<AgentConfig["routing"]>, config: AgentConfig = EN): AgentConfig {
  return { ...config, routing: { ...config.routing, ...patch } };
}

function withCapabilities(capabilities: Capability[], config: AgentConfig = EN): AgentConfig {
  return { ...config, capabilities };
}

function capability(capabilityId: string, collections: string[], enabled = true): Capability {
  return { capabilityId, name: capabilityId, description: "", collections, exampleQuestions: [], enabled };
}

/** A bot turn; an answer is grounded (has a capability) unless `capabilityId` is null. */
const bot = (content: string, agentAction: EngineTurn["agentAction"] = "answer", capabilityId: string | null = agentAction === "answer" ? "general" : null): EngineTurn => ({ sender: "bot", content, agentAction, capabilityId });
const customer = (content: string): EngineTurn => ({ sender: "customer", content });

let db: Db;
let orgId: string;

beforeAll(async () => {
  db = await testDb();
  ({ orgId } = await seedTestOrg(db));
});

function run(
  history: EngineTurn[] | string,
  { config = EN, afterHours, model }: { config?: AgentConfig; afterHours?: boolean; model?: ModelClient | null } = {},
): Promise<AgentOutput> {
  return runAgent(db, { orgId, config, history: typeof history === "string" ? [customer(history)] : history, afterHours, model });
}

/** What the engine retrieves for `text`, split by audience. */
async function retrieved(text: string, inOrg = orgId): Promise<{ all: RetrievedArticle[]; customer: RetrievedArticle[]; internal: RetrievedArticle[] }> {
  const all = await retrieveArticles(db, { orgId: inOrg, text, limit: ENGINE_TOP_K });
  return { all, customer: all.filter((a) => a.audience === "customer"), internal: all.filter((a) => a.audience === "internal") };
}

/** The confidence the engine must report for `text`: calibrated from its best customer-facing article's features. */
async function expectedConfidence(text: string, inOrg = orgId): Promise<number> {
  return calibratedConfidence(confidenceFeatures((await retrieved(text, inOrg)).customer));
}

/**
 * The sources the engine lists for `text`: the best customer-facing article and runners-up within half its score,
 * one per topic (an answer's other language is the same answer), at most 3.
 */
async function consideredSources(text: string, inOrg = orgId): Promise<AgentOutput["sources"]> {
  const { customer } = await retrieved(text, inOrg);
  const topics = new Set<string>();
  return customer
    .filter((a) => a.score >= customer[0]!.score * 0.5 && !topics.has(a.topicKey ?? a.articleId) && topics.add(a.topicKey ?? a.articleId))
    .slice(0, 3)
    .map((a) => ({ articleId: a.articleId, title: a.title, score: Math.round(a.score * 1000) / 1000 }));
}

/** The internal guidance that travels with `text`'s hand-over: the best internal article when it matches confidently enough. */
async function expectedGuidance(text: string, inOrg = orgId): Promise<AgentOutput["guidance"]> {
  const { internal } = await retrieved(text, inOrg);
  const confidence = matchConfidence(confidenceFeatures(internal));
  if (confidence < GUIDANCE_MIN_CONFIDENCE) return [];
  return internal.slice(0, 1).map((a) => ({ articleId: a.articleId, title: a.title, text: excerpt(a.body, a.title), confidence }));
}

/** A help-centre article of the org by topic key and language. */
async function helpArticle(topicKey: string, language: ReplyLanguage, inOrg = orgId) {
  const [row] = await db
    .select({ id: knowledgeArticles.id, title: knowledgeArticles.title, body: knowledgeArticles.body })
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.orgId, inOrg), eq(knowledgeArticles.topicKey, topicKey), eq(knowledgeArticles.language, language), eq(knowledgeArticles.audience, "customer")));
  if (!row) throw new Error(`test: no help-centre article ${topicKey} (${language})`);
  return row;
}

/** A hand-over with the built-in message in `language`, nothing retrieved unless given. */
const handoverOutput = (
  signals: AgentOutput["signals"],
  { confidence = 0, language = "en", ...rest }: Partial<Omit<AgentOutput, "action" | "signals">> = {},
): AgentOutput => ({
  action: "handover",
  reply: language === "en" ? EN.profile.handoverMessage : PHRASES.id.handover,
  confidence,
  sources: [],
  capabilityId: null,
  signals,
  language,
  guidance: [],
  ...rest,
});

describe("low_confidence", () => {
  it("hands an off-topic message over with the confidence and the threshold it missed", async () => {
    const out = await run(OFF_TOPIC);
    const confidence = await expectedConfidence(OFF_TOPIC);
    expect(confidence).toBeGreaterThan(0);
    expect(confidence).toBeLessThan(0.4);
    const sources = await consideredSources(OFF_TOPIC);
    expect(sources.length).toBeGreaterThan(0);
    expect(out).toEqual(
      handoverOutput([{ signal: "low_confidence", value: confidence, threshold: THRESHOLD }], { confidence, sources, guidance: await expectedGuidance(OFF_TOPIC) }),
    );
  });

  it("reports confidence 0 when nothing in the knowledge base matches", async () => {
    const out = await run("qwertyuiop zxcvbnm asdfghjkl");
    expect(out).toEqual(handoverOutput([{ signal: "low_confidence", value: 0, threshold: THRESHOLD }]));
  });

  it("compares with the configured threshold: an answerable question is handed over at 0.99", async () => {
    const confidence = await expectedConfidence(RETURN_WINDOW);
    expect(confidence).toBeGreaterThanOrEqual(THRESHOLD);
    expect(confidence).toBeLessThan(0.99);
    expect(await run(RETURN_WINDOW)).toMatchObject({ action: "answer", confidence });
    const out = await run(RETURN_WINDOW, { config: withRouting({ confidenceThreshold: 0.99 }) });
    expect(out).toMatchObject({ action: "handover", reply: EN.profile.handoverMessage, confidence, sources: await consideredSources(RETURN_WINDOW), capabilityId: null });
    expect(out.signals).toEqual([expect.objectContaining({ signal: "low_confidence", value: confidence, threshold: 0.99 })]);
  });

  it("hands over in the agent's language", async () => {
    const out = await run(OFF_TOPIC, { config: ID });
    expect(out.action).toBe("handover");
    expect(out.reply).toBe(PHRASES.id.handover);
    expect(out.language).toBe("id");
    expect(out.signals.map((s) => s.signal)).toEqual(["low_confidence"]);
  });

  it("never answers from internal guidance: a capability over the guidelines alone hands over with internal_guidance_only", async () => {
    const { internal } = await retrieved(REFUND);
    expect(internal[0]?.title).toBe(REFUND_GUIDELINE);
    const guidance = await expectedGuidance(REFUND);
    expect(guidance).toEqual([expect.objectContaining({ title: REFUND_GUIDELINE })]);
    expect(guidance[0]!.confidence).toBeGreaterThanOrEqual(THRESHOLD);
    const out = await run(REFUND, { config: withCapabilities([capability("guidelines", [internal[0]!.collection])]) });
    expect(out).toEqual(handoverOutput([{ signal: "low_confidence", value: 0, threshold: THRESHOLD, detail: "internal_guidance_only" }], { guidance }));
    expect(out.reply).not.toContain(guidance[0]!.text.split("\n")[0]);
  });
});

describe("answer", () => {
  it("answers the refund question from the customer-facing refund article, in the agent's voice, with the general capability and no signal", async () => {
    const out = await run(REFUND);
    const refund = await helpArticle(REFUND_TOPIC, "en");
    expect(refund.title).toBe(REFUND_TITLE);
    expect(out).toMatchObject({
      action: "answer",
      reply: inVoice({ profile: EN.profile, language: "en", answer: refund.body, firstReply: true }),
      confidence: await expectedConfidence(REFUND),
      sources: await consideredSources(REFUND),
      capabilityId: "general",
      signals: [],
      language: "en",
    });
    expect(out.confidence).toBeGreaterThanOrEqual(THRESHOLD);
    expect(out.sources[0]).toMatchObject({ articleId: refund.id, title: REFUND_TITLE });
    expect(out.reply).toContain(refund.body);
    // the staff guideline on the same topic travels with the answer for the humans, and is not in the reply
    expect(out.guidance).toEqual(await expectedGuidance(REFUND));
    expect(out.guidance.map((g) => g.title)).toEqual([REFUND_GUIDELINE]);
    expect(out.reply).not.toContain(out.guidance[0]!.text.split("\n")[0]);
  });
});

describe("message_cap", () => {
  const capped = withRouting({ messageCap: 2 });
  const twoBotTurns = [customer("hi"), bot(EN.profile.greeting), customer("where is my order"), bot("Hi, Assistant here! Happy to help. …")];

  it("hands over the next customer message once the bot has sent messageCap messages", async () => {
    const out = await run([...twoBotTurns, customer(REFUND)], { config: capped });
    expect(out).toEqual(handoverOutput([{ signal: "message_cap", value: 2, threshold: 2 }]));
  });

  it("still answers one bot message under the cap", async () => {
    const out = await run([customer("hi"), bot(EN.profile.greeting), customer(REFUND)], { config: capped });
    expect(out).toMatchObject({ action: "answer", signals: [] });
  });

  it("counts only the bot's messages, not a human agent's", async () => {
    const history: EngineTurn[] = [customer("hi"), bot(EN.profile.greeting), { sender: "agent", content: "Hello, Rina here" }, customer(REFUND)];
    expect(await run(history, { config: capped })).toMatchObject({ action: "answer", signals: [] });
  });

  it("a customer asking for a human at the cap is handed over without a signal", async () => {
    const out = await run([...twoBotTurns, customer("can I talk to a person?")], { config: capped });
    expect(out).toEqual(handoverOutput([]));
  });
});

describe("unexpected_handoff", () => {
  it("hands over a message containing a configured keyword, naming the keyword", async () => {
    const config = withRouting({ handoverKeywords: ["chargeback", "Lawyer"] });
    const out = await run("My LAWYER says I am owed a refund", { config });
    expect(out).toEqual(handoverOutput([{ signal: "unexpected_handoff", value: "handover_keyword", detail: "Lawyer" }]));
  });

  it("does not match a keyword inside another word", async () => {
    const config = withRouting({ handoverKeywords: ["fund"] });
    expect(await run(REFUND, { config })).toMatchObject({ action: "answer", signals: [] });
  });

  /** Capabilities whose collections hold none of the org's articles (the help centre's is disabled). */
  const outsideScope = withCapabilities([capability("sizing", ["Size charts"]), capability("help", [HELP_CENTRE_COLLECTION], false)]);

  it("hands over a question whose articles are all outside every enabled capability (handoverOutsideCapabilities on)", async () => {
    const { all } = await retrieved(REFUND);
    expect(all.length).toBeGreaterThan(0);
    expect(all[0]!.collection).toBe(HELP_CENTRE_COLLECTION);
    expect(all.some((a) => a.collection === "Size charts")).toBe(false);
    const out = await run(REFUND, { config: withRouting({ handoverOutsideCapabilities: true }, outsideScope) });
    expect(out).toEqual(
      handoverOutput([{ signal: "unexpected_handoff", value: "outside_capabilities", detail: HELP_CENTRE_COLLECTION }], { confidence: calibratedConfidence(confidenceFeatures(all)) }),
    );
  });

  it("keeps the conversation with the fallback message when handoverOutsideCapabilities is off", async () => {
    const { all } = await retrieved(REFUND);
    const out = await run(REFUND, { config: withRouting({ handoverOutsideCapabilities: false }, outsideScope) });
    expect(out).toEqual({
      action: "answer",
      reply: EN.profile.fallbackMessage,
      confidence: calibratedConfidence(confidenceFeatures(all)),
      sources: [],
      capabilityId: null,
      signals: [],
      language: "en",
      guidance: [],
    });
  });

  it("answers with the capability whose collection holds the article (a named collection before '*')", async () => {
    const config = withCapabilities([capability("everything", ["*"]), capability("help", [HELP_CENTRE_COLLECTION]), capability("procedures", ["Procedures"])]);
    expect(await run(REFUND, { config })).toMatchObject({ action: "answer", capabilityId: "help", signals: [] });
  });

  it("hands an angry customer over with negative_sentiment, even when the question is answerable", async () => {
    const out = await run("this is ridiculous!!! just wanted to check on the status of a refund");
    expect(out).toEqual(handoverOutput([{ signal: "unexpected_handoff", value: "negative_sentiment" }]));
  });
});

describe("agent_error", () => {
  const failing = (error: unknown): ModelClient => ({
    model: "broken-model",
    complete: async () => {
      throw error;
    },
  });

  it("a model that fails still gives the extractive answer and raises agent_error with the reason", async () => {
    const extractive = await run(REFUND);
    const out = await run(REFUND, { model: failing(new ModelError("The model did not answer in time.", "timeout")) });
    expect(out).toEqual({ ...extractive, signals: [{ signal: "agent_error", value: "model_failure", detail: "The model did not answer in time." }] });
  });

  it("keeps a non-Error failure's text as the detail", async () => {
    const out = await run(REFUND, { model: failing("socket hang up") });
    expect(out.signals).toEqual([{ signal: "agent_error", value: "model_failure", detail: "socket hang up" }]);
    expect(out.action).toBe("answer");
  });

  it("never calls the model when it hands over", async () => {
    let calls = 0;
    const counting: ModelClient = { model: "m", complete: async () => (calls++, "text") };
    await run(OFF_TOPIC, { model: counting });
    await run("hello!", { model: counting });
    expect(calls).toBe(0);
  });

  it("engineFailure hands over with the error message and agent_error engine_failure", () => {
    expect(engineFailure(EN, new Error("connection terminated unexpectedly"))).toEqual({
      action: "handover",
      reply: EN.routing.errorMessage,
      confidence: 0,
      sources: [],
      capabilityId: null,
      signals: [{ signal: "agent_error", value: "engine_failure", detail: "connection terminated unexpectedly" }],
      language: "en",
      guidance: [],
    });
  });

  it("engineFailure adds the after-hours note, stringifies non-errors and keeps at most 300 characters of detail", () => {
    expect(engineFailure(EN, "boom", true)).toMatchObject({
      reply: `${EN.routing.errorMessage} ${EN.routing.afterHoursMessage}`,
      signals: [{ signal: "agent_error", value: "engine_failure", detail: "boom" }],
    });
    const long = engineFailure(ID, new Error("x".repeat(1000)));
    expect(long.reply).toBe(PHRASES.id.error);
    expect(long.signals[0]!.detail).toBe("x".repeat(300));
  });

  it("refuses a history whose last turn is not the customer's", async () => {
    await expect(run([customer(REFUND), bot("…")])).rejects.toThrow(/last turn must be the customer's/);
    await expect(run([])).rejects.toThrow(/last turn must be the customer's/);
  });
});

describe("customer asks for a human", () => {
  it.each(["can I talk to a person?", "mau bicara dengan CS"])("hands over without a signal: %s", async (text) => {
    expect(await run(text)).toEqual(handoverOutput([]));
    expect(await run(text, { config: ID })).toEqual(handoverOutput([], { language: "id" }));
  });

  it("is not a handover rule when handoverOnHumanRequest is off", async () => {
    const text = "can I talk to a person?";
    const out = await run(text, { config: withRouting({ handoverOnHumanRequest: false }) });
    // the request goes through retrieval like any other message; nothing answers it, so it is a low_confidence handover
    const confidence = await expectedConfidence(text);
    expect(confidence).toBeLessThan(THRESHOLD);
    expect(out).toEqual(
      handoverOutput([{ signal: "low_confidence", value: confidence, threshold: THRESHOLD }], {
        confidence,
        sources: confidence > 0 ? await consideredSources(text) : [],
        guidance: await expectedGuidance(text),
      }),
    );
  });
});

describe("greeting", () => {
  it("answers a greeting with the configured greeting, confidence 1, nothing retrieved", async () => {
    expect(await run("Hi there!")).toEqual({ action: "answer", reply: EN.profile.greeting, confidence: 1, sources: [], capabilityId: null, signals: [], language: "en", guidance: [] });
    expect(await run("halo kak", { config: ID })).toMatchObject({ action: "answer", reply: PHRASES.id.greeting, signals: [] });
  });
});

describe("confirmation → resolve", () => {
  const answered = [customer(REFUND), bot("Hi, Assistant here! Happy to help.\n\nSend us your username, the email on your account and your order ID, and we'll check your refund for you. …")];

  it("resolves on thanks after an answer", async () => {
    expect(await run([...answered, customer("thanks!")])).toEqual({
      action: "resolve",
      reply: PHRASES.en.resolved,
      confidence: 1,
      sources: [],
      capabilityId: null,
      signals: [],
      language: "en",
      guidance: [],
    });
    expect(await run([...answered, customer("ok makasih")], { config: ID })).toMatchObject({ action: "resolve", reply: PHRASES.id.resolved, language: "id" });
  });

  it("does not resolve on thanks that says it is not solved", async () => {
    const out = await run([...answered, customer("thanks but it still doesn't work")]);
    expect(out.action).not.toBe("resolve");
  });

  it("does not resolve on thanks after a handover, or with no answer before it", async () => {
    expect((await run([customer(OFF_TOPIC), bot(EN.profile.handoverMessage, "handover"), customer("thanks")])).action).not.toBe("resolve");
    expect((await run("thanks")).action).not.toBe("resolve");
  });
});

describe("after hours", () => {
  const handoverAfterHours = withRouting({ afterHoursMode: "handover" });

  it("afterHoursMode handover: hands everything over with the after-hours message, no signal", async () => {
    const out = await run(REFUND, { config: handoverAfterHours, afterHours: true });
    expect(out).toMatchObject({ action: "handover", confidence: 0, sources: [], capabilityId: null, signals: [] });
    expect(out.reply).toContain(EN.routing.afterHoursMessage);
    // said once, not twice
    expect(out.reply.split(EN.routing.afterHoursMessage).length - 1).toBe(1);
  });

  it("afterHoursMode handover with no after-hours message: the handover message", async () => {
    const out = await run(REFUND, { config: withRouting({ afterHoursMode: "handover", afterHoursMessage: "" }), afterHours: true });
    expect(out).toEqual(handoverOutput([]));
  });

  it("afterHoursMode handover during business hours answers as usual", async () => {
    expect(await run(REFUND, { config: handoverAfterHours, afterHours: false })).toMatchObject({ action: "answer", signals: [] });
  });

  it("afterHoursMode answer keeps answering after hours; its handovers add the after-hours note", async () => {
    expect(await run(REFUND, { afterHours: true })).toMatchObject({ action: "answer", signals: [] });
    const out = await run(OFF_TOPIC, { afterHours: true });
    expect(out.action).toBe("handover");
    expect(out.reply).toBe(`${EN.profile.handoverMessage} ${EN.routing.afterHoursMessage}`);
    expect(out.signals.map((s) => s.signal)).toEqual(["low_confidence"]);
  });
});

describe("through receiveMessage", () => {
  let org: Awaited<ReturnType<typeof seedQuietOrg>>;
  /** Wednesday 10:00 in Asia/Jakarta: inside the seeded business hours. */
  const WEDNESDAY_10_WIB = Date.parse("2025-06-04T03:00:00.000Z");

  beforeAll(async () => {
    org = await seedQuietOrg(db);
  });

  async function context(channelId: string): Promise<ChannelContext> {
    const ctx = await loadChannelContext(db, channelId);
    if (!ctx) throw new Error("channel missing");
    return ctx;
  }

  function input(ctx: ChannelContext, conversationId: string, text: string, minute = 0) {
    return {
      channel_id: ctx.channelId,
      conversation_id: conversationId,
      message_id: randomUUID(),
      contact: { id: `wa:${conversationId}`, name: "Rina" },
      text,
      sent_at: new Date(WEDNESDAY_10_WIB + minute * 60_000).toISOString(),
    };
  }

  async function botReply(messageId: string) {
    const [row] = await db.select().from(messages).where(eq(messages.id, messageId));
    return row!;
  }

  function signalEvents(conversationId: string) {
    return db
      .select()
      .from(events)
      .where(and(eq(events.conversationId, conversationId), eq(events.name, "ai_agent_signal_raised")))
      .orderBy(asc(events.id));
  }

  it("stores the answer's action, sources and capability on the bot message; thanks closes it as RESOLVE_AI customer_confirmed", async () => {
    const ctx = await context(org.channels[1]!.id);
    expect(ctx.agentVersionId).toBeNull();
    const conv = `conv-${randomUUID()}`;
    const first = await receiveMessage(db, { ctx, input: input(ctx, conv, REFUND), model: null });
    expect(first.response).toMatchObject({ status: "OPEN", handled_by: "bot", reply: { action: "answer", capability_id: "general", signals: [] } });
    const answer = await botReply(first.response.reply!.message_id);
    expect(answer).toMatchObject({ sender: "bot", agentAction: "answer", capabilityId: "general", signals: [], agentVersionId: null });
    expect(answer.sources?.[0]?.title).toBe(REFUND_TITLE);
    expect(answer.confidence).toBeGreaterThanOrEqual(THRESHOLD);

    const second = await receiveMessage(db, { ctx, input: input(ctx, conv, "thanks!", 1), model: null });
    expect(second.response).toMatchObject({ status: "RESOLVED", reply: { action: "resolve", text: PHRASES.en.resolved, signals: [] } });
    const [row] = await db.select().from(conversations).where(eq(conversations.id, first.response.conversation_id));
    expect(row).toMatchObject({ status: "RESOLVED", closedReason: "RESOLVE_AI", aiResolution: "customer_confirmed", messageCount: 4, handoverAt: null });
    expect(row!.closedAt).not.toBeNull();
    expect(await botReply(second.response.reply!.message_id)).toMatchObject({ agentAction: "resolve", signals: [] });
    expect(await signalEvents(row!.id)).toEqual([]);
  });

  // regression test for a review finding (fixed): a message after an AI resolution used to be dropped silently
  it("a customer writing again after RESOLVE_AI reopens the conversation and the bot answers; a redelivered thanks does not", async () => {
    const ctx = await context(org.channels[1]!.id);
    const conv = `conv-${randomUUID()}`;
    await receiveMessage(db, { ctx, input: input(ctx, conv, REFUND), model: null });
    const thanks = input(ctx, conv, "thanks!", 1);
    const closed = await receiveMessage(db, { ctx, input: thanks, model: null });
    expect(closed.response.status).toBe("RESOLVED");
    const again = await receiveMessage(db, { ctx, input: thanks, model: null });
    expect(again).toMatchObject({ duplicate: true, response: { status: "RESOLVED" } });

    const next = await receiveMessage(db, { ctx, input: input(ctx, conv, REFUND, 30), model: null });
    expect(next.response).toMatchObject({ status: "OPEN", handled_by: "bot" });
    expect(next.response.reply).not.toBeNull();
    const [row] = await db.select().from(conversations).where(eq(conversations.id, next.response.conversation_id));
    expect(row).toMatchObject({ status: "OPEN", closedReason: null, aiResolution: null, closedAt: null, messageCount: 6 });
  });

  it("does not close the conversation on 'thanks but it still doesn't work'", async () => {
    const ctx = await context(org.channels[1]!.id);
    const conv = `conv-${randomUUID()}`;
    await receiveMessage(db, { ctx, input: input(ctx, conv, REFUND), model: null });
    const second = await receiveMessage(db, { ctx, input: input(ctx, conv, "thanks but it still doesn't work", 1), model: null });
    expect(second.response.reply!.action).not.toBe("resolve");
    const [row] = await db.select().from(conversations).where(eq(conversations.id, second.response.conversation_id));
    expect(row!.closedReason).toBeNull();
  });

  it("stores a low_confidence signal on the bot message and raises it as an event", async () => {
    const ctx = await context(org.channels[1]!.id);
    const result = await receiveMessage(db, { ctx, input: input(ctx, `conv-${randomUUID()}`, OFF_TOPIC), model: null });
    const confidence = await expectedConfidence(OFF_TOPIC, org.orgId);
    expect(result.response).toMatchObject({ status: "WAITING_ASSIGN_AGENT", handled_by: "human", reply: { action: "handover", confidence } });
    const reply = await botReply(result.response.reply!.message_id);
    expect(reply).toMatchObject({
      agentAction: "handover",
      capabilityId: null,
      sources: await consideredSources(OFF_TOPIC, org.orgId),
      signals: [{ signal: "low_confidence", value: confidence, threshold: THRESHOLD }],
    });
    const raised = await signalEvents(result.response.conversation_id);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      orgId: org.orgId,
      properties: {
        signal: "low_confidence",
        value: confidence,
        threshold: THRESHOLD,
        detail: null,
        channel_integration_id: ctx.channelId,
        agent_version_id: null,
        message_id: reply.id,
      },
    });
    expect(raised[0]!.occurredAt.getTime()).toBe(reply.sentAt.getTime());
  });

  it("a published agent's handover keyword: unexpected_handoff stored with the agent version, event raised, conversation handed over", async () => {
    const channelId = org.channels[0]!.id;
    const admin = await signInAs(db, org, "admin");
    const agent = await createAgent(db, { actor: admin, config: withRouting({ handoverKeywords: ["lawyer"], channelIds: [channelId] }) });
    const version = await publishAgent(db, { actor: admin, agentId: agent.id });
    const ctx = await context(channelId);
    expect(ctx.agentVersionId).toBe(version.id);

    const result = await receiveMessage(db, { ctx, input: input(ctx, `conv-${randomUUID()}`, "my lawyer will contact you about the refund"), model: null });
    expect(result.response).toMatchObject({
      status: "WAITING_ASSIGN_AGENT",
      reply: { action: "handover", text: EN.profile.handoverMessage, capability_id: null, signals: [{ signal: "unexpected_handoff", value: "handover_keyword", detail: "lawyer" }] },
    });
    const reply = await botReply(result.response.reply!.message_id);
    expect(reply).toMatchObject({
      agentAction: "handover",
      capabilityId: null,
      agentVersionId: version.id,
      signals: [{ signal: "unexpected_handoff", value: "handover_keyword", detail: "lawyer" }],
    });
    const [conv] = await db.select().from(conversations).where(eq(conversations.id, result.response.conversation_id));
    expect(conv).toMatchObject({ status: "WAITING_ASSIGN_AGENT", agentVersionId: version.id });
    expect(conv!.handoverAt).not.toBeNull();
    const raised = await signalEvents(conv!.id);
    expect(raised.map((e) => e.properties)).toEqual([
      {
        signal: "unexpected_handoff",
        value: "handover_keyword",
        threshold: null,
        detail: "lawyer",
        channel_integration_id: channelId,
        agent_version_id: version.id,
        message_id: reply.id,
      },
    ]);

    // the same published agent answers an in-scope question, stamped with its version
    const answered = await receiveMessage(db, { ctx, input: input(ctx, `conv-${randomUUID()}`, REFUND), model: null });
    expect(await botReply(answered.response.reply!.message_id)).toMatchObject({ agentAction: "answer", capabilityId: "general", agentVersionId: version.id, signals: [] });
  });

  it("an engine failure hands over with agent_error, and the customer's message is still stored", async () => {
    const ctx = await context(org.channels[1]!.id);
    const broken = { config: { ...EN, capabilities: undefined } as unknown as AgentConfig, versionId: null, agentId: null, agentName: "Test agent", paused: false };
    const result = await receiveMessage(db, { ctx, input: input(ctx, `conv-${randomUUID()}`, REFUND), agent: broken, model: null });
    expect(result.response).toMatchObject({ status: "WAITING_ASSIGN_AGENT", reply: { action: "handover", text: EN.routing.errorMessage } });
    const reply = await botReply(result.response.reply!.message_id);
    expect(reply.signals).toHaveLength(1);
    expect(reply.signals![0]).toMatchObject({ signal: "agent_error", value: "engine_failure" });
    const stored = await db.select().from(messages).where(eq(messages.conversationId, result.response.conversation_id));
    expect(stored.map((m) => m.sender).sort()).toEqual(["bot", "customer"]);
    expect((await signalEvents(result.response.conversation_id)).map((e) => e.properties.signal)).toEqual(["agent_error"]);
  });

  it("after the org's business hours a handover adds the after-hours note", async () => {
    const ctx = await context(org.channels[1]!.id);
    const sunday = { ...input(ctx, `conv-${randomUUID()}`, OFF_TOPIC), sent_at: "2025-06-08T03:00:00.000Z" };
    const result = await receiveMessage(db, { ctx, input: sunday, model: null });
    expect(result.response.reply).toMatchObject({ action: "handover", text: `${EN.profile.handoverMessage} ${EN.routing.afterHoursMessage}` });
  });
});
