/**
 * The model path end to end over real HTTP: a local server speaking the OpenAI chat-completions protocol, the
 * `openai`-SDK client from `createModelClient` (timeouts, retries, budget, response checks), the engine composing
 * replies with it (and falling back when it fails), and drafting a config with it (and falling back to the template).
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { knowledgeArticles } from "@/db/schema";
import { seedTestOrg, testDb } from "@/test/db";
import { defaultAgentConfig, type AgentConfig } from "./config-schema";
import { draftAgentConfig, draftFromTemplate, type CollectionSummary } from "./draft-config";
import { runAgent, type EngineTurn } from "./engine";
import { createModelClient, ModelError, type ChatMessage, type ModelClient } from "./model-client";
import { inVoice } from "./reply-voice";

const MODEL = "test-model";
const TIMEOUT_MS = 300;
const BUDGET_MS = 1000;
/** Allowed lateness over the budget (timers, socket teardown). */
const SLACK_MS = 400;

type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: Record<string, unknown> };
type Responder = (res: ServerResponse) => void;

/** What the server does with each request, in order; when none is queued, `fallback`. */
let queue: Responder[] = [];
let fallback: Responder;
let received: Received[] = [];
let server: Server;
let baseURL: string;

function completion(content: unknown) {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: MODEL,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
  };
}

// every response closes its connection: a kept-alive socket the client reuses after a test would fail its next
// request and spend that request's retry
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Responder => (res) => {
  res.writeHead(status, { "content-type": "application/json", connection: "close", ...headers });
  res.end(JSON.stringify(body));
};
const raw = (status: number, body: string, contentType: string): Responder => (res) => {
  res.writeHead(status, { "content-type": contentType, connection: "close" });
  res.end(body);
};
const answer = (content: unknown): Responder => json(200, completion(content));
const fail = (status: number, headers: Record<string, string> = {}): Responder =>
  json(status, { error: { message: `failed with ${status}`, type: "server_error" } }, headers);
/** Never answers (the connection stays open until the client gives up). */
const hang: Responder = () => {};

function respond(...responders: Responder[]) {
  queue = responders;
}

function client(overrides: Partial<Parameters<typeof createModelClient>[0]> = {}): ModelClient {
  return createModelClient({ baseURL, model: MODEL, timeoutMs: TIMEOUT_MS, budgetMs: BUDGET_MS, maxRetries: 1, ...overrides });
}

/** The ModelError a call rejects with (fails the test when it resolves or throws anything else). */
async function modelError(call: Promise<unknown>): Promise<ModelError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      (queue.shift() ?? fallback)(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterEach(() => {
  queue = [];
  fallback = answer("default answer");
  received = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

fallback = answer("default answer");

const MESSAGES: ChatMessage[] = [
  { role: "system", content: "You are a test." },
  { role: "user", content: "Where is my refund?" },
];

describe("createModelClient against an OpenAI-compatible server", () => {
  it("returns the assistant's text and sends the model, the messages, json mode and the API key", async () => {
    respond(answer('{"ok":true}'));
    await expect(client({ apiKey: "sk-test-123" }).complete(MESSAGES, { json: true })).resolves.toBe('{"ok":true}');
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req).toMatchObject({ method: "POST", url: "/v1/chat/completions" });
    expect(req!.headers.authorization).toBe("Bearer sk-test-123");
    expect(req!.headers["content-type"]).toMatch(/application\/json/);
    expect(req!.body).toMatchObject({ model: MODEL, messages: MESSAGES, response_format: { type: "json_object" }, temperature: 0.2 });
  });

  it("asks for no response format without json, and sends a placeholder key when none is configured", async () => {
    respond(answer("Plain text."));
    const model = client();
    expect(model.model).toBe(MODEL);
    await expect(model.complete(MESSAGES)).resolves.toBe("Plain text.");
    expect(received[0]!.body).not.toHaveProperty("response_format");
    expect(received[0]!.headers.authorization).toBe("Bearer not-needed");
  });

  it("gives up with a timeout ModelError within the budget when the server never answers", async () => {
    fallback = hang;
    const started = Date.now();
    const error = await modelError(client().complete(MESSAGES));
    const elapsed = Date.now() - started;
    expect(error.kind).toBe("timeout");
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(elapsed).toBeLessThan(BUDGET_MS + SLACK_MS);
  });

  it("times out after one attempt's timeout when no retry is allowed", async () => {
    fallback = hang;
    const started = Date.now();
    const error = await modelError(client({ maxRetries: 0 }).complete(MESSAGES));
    expect(error.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(received).toHaveLength(1);
  });

  it("the budget also bounds a retry the server asks to delay (Retry-After)", async () => {
    // a rate-limited endpoint asking for a 3 s pause must not hold the caller (an ingest transaction) past the budget
    respond(fail(429, { "retry-after": "3" }), answer("too late"));
    const started = Date.now();
    const error = await modelError(client({ budgetMs: 500 }).complete(MESSAGES));
    expect(error.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(500 + SLACK_MS);
  });

  it.each<[string, Responder]>([
    ["a body that is not JSON (served as JSON)", raw(200, "<html>oops</html>", "application/json")],
    ["a body that is not JSON (served as text)", raw(200, "Hello, I am a model", "text/plain")],
    ["JSON without choices", json(200, { id: "x", object: "chat.completion", created: 0, model: MODEL })],
    ["an empty choices list", json(200, { ...completion("x"), choices: [] })],
    ["empty content", answer("")],
    ["whitespace-only content", answer("  \n ")],
    ["null content", answer(null)],
    ["non-string content", answer({ text: "hi" })],
  ])("rejects %s with a malformed ModelError (not retried)", async (_name, responder) => {
    respond(responder);
    const error = await modelError(client().complete(MESSAGES));
    expect(error.kind).toBe("malformed");
    expect(received).toHaveLength(1);
  });

  it("retries once after a 500 and succeeds", async () => {
    respond(fail(500), answer("Second time lucky."));
    await expect(client().complete(MESSAGES)).resolves.toBe("Second time lucky.");
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toEqual(received[0]!.body);
  });

  it("fails with an http ModelError after a 500 twice with maxRetries 1", async () => {
    respond(fail(500), fail(500), answer("never asked"));
    const error = await modelError(client({ maxRetries: 1 }).complete(MESSAGES));
    expect(error.kind).toBe("http");
    expect(error.message).toBe("The model endpoint answered HTTP 500.");
    expect(received).toHaveLength(2);
  });

  it("does not retry a 400 (the request itself is wrong)", async () => {
    respond(fail(400), answer("never asked"));
    const error = await modelError(client().complete(MESSAGES));
    expect(error).toMatchObject({ kind: "http", message: "The model endpoint answered HTTP 400." });
    expect(received).toHaveLength(1);
  });

  it("fails with a network ModelError when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await modelError(createModelClient({ baseURL: `http://127.0.0.1:${port}/v1`, model: MODEL, timeoutMs: TIMEOUT_MS, budgetMs: BUDGET_MS, maxRetries: 0 }).complete(MESSAGES));
    expect(error.kind).toBe("network");
  });
});

describe("runAgent with the model", () => {
  const REFUND = "just wanted to check on the status of a refund";
  const REFUND_TOPIC = "product_defect/refund_status";
  const EN = defaultAgentConfig("en");
  const ID = defaultAgentConfig("id");
  let db: Db;
  let orgId: string;

  beforeAll(async () => {
    db = await testDb();
    ({ orgId } = await seedTestOrg(db));
  });

  const ask = (model: ModelClient | null, config: AgentConfig = EN, history: EngineTurn[] = [{ sender: "customer", content: REFUND }]) =>
    runAgent(db, { orgId, config, history, model });

  /** The customer-facing refund-status article in `language`. */
  async function refundArticle(language: "en" | "id") {
    const [row] = await db
      .select({ title: knowledgeArticles.title, body: knowledgeArticles.body })
      .from(knowledgeArticles)
      .where(and(eq(knowledgeArticles.orgId, orgId), eq(knowledgeArticles.topicKey, REFUND_TOPIC), eq(knowledgeArticles.language, language), eq(knowledgeArticles.audience, "customer")));
    if (!row) throw new Error(`test: no refund article in ${language}`);
    return row;
  }

  it("composes the answer with the model from the customer-facing article only and wraps it in the agent's voice", async () => {
    respond(answer("  Your refund is being processed and should arrive in 5 business days.  "));
    const extractive = await ask(null);
    const out = await ask(client());
    expect(out).toEqual({
      ...extractive,
      reply: inVoice({ profile: EN.profile, language: "en", answer: "Your refund is being processed and should arrive in 5 business days.", firstReply: true }),
    });
    expect(out.signals).toEqual([]);
    expect(received).toHaveLength(1);
    const messages = received[0]!.body.messages as ChatMessage[];
    expect(messages[0]!.role).toBe("system");
    const article = await refundArticle("en");
    expect(messages[0]!.content).toContain(`Article 1: ${article.title}`);
    expect(messages[0]!.content).toContain("Answer ONLY from the articles below");
    // internal guidance matched too (it travels with the output for staff), but the model never sees it
    expect(out.guidance.length).toBeGreaterThan(0);
    for (const g of out.guidance) expect(messages[0]!.content).not.toContain(g.title);
    expect(messages.at(-1)).toEqual({ role: "user", content: REFUND });
    expect(received[0]!.body).not.toHaveProperty("response_format");
  });

  it("passes the conversation as user/assistant turns and writes in the agent's language from the article in that language", async () => {
    respond(answer("Dana Anda sedang diproses."));
    const history: EngineTurn[] = [
      { sender: "customer", content: "hi" },
      { sender: "bot", content: "Halo!", agentAction: "answer" },
      { sender: "customer", content: REFUND },
    ];
    const out = await ask(client(), ID, history);
    // an English message to an Indonesian-only agent: the note, then the answer in Indonesian (not its first reply)
    expect(out.reply).toBe(inVoice({ profile: ID.profile, language: "id", answer: "Dana Anda sedang diproses.", firstReply: false, languageNote: true }));
    expect(out.language).toBe("id");
    const messages = received[0]!.body.messages as ChatMessage[];
    expect(messages.slice(1)).toEqual([
      { role: "user", content: "hi" },
      { role: "assistant", content: "Halo!" },
      { role: "user", content: REFUND },
    ]);
    expect(messages[0]!.content).toContain("Write only in Bahasa Indonesia");
    expect(messages[0]!.content).toContain(`Article 1: ${(await refundArticle("id")).title}`);
  });

  it.each<[string, Responder[], string]>([
    ["HTTP 500 twice", [fail(500), fail(500)], "The model endpoint answered HTTP 500."],
    ["an empty answer", [answer("")], "The model's response had no message content."],
    ["no answer in time", [hang, hang], "The model did not answer in time."],
  ])("on a model failure (%s) sends the article's own text and raises agent_error", async (_name, responders, detail) => {
    respond(...responders);
    const extractive = await ask(null);
    const out = await ask(client());
    expect(out).toEqual({ ...extractive, signals: [{ signal: "agent_error", value: "model_failure", detail }] });
    expect(out).toMatchObject({ action: "answer", reply: inVoice({ profile: EN.profile, language: "en", answer: (await refundArticle("en")).body, firstReply: true }) });
  });

  it("does not call the model for a handover or a greeting", async () => {
    await ask(client(), EN, [{ sender: "customer", content: "my video got taken down for copyright, please help" }]);
    await ask(client(), EN, [{ sender: "customer", content: "hello!" }]);
    expect(received).toEqual([]);
  });
});

describe("draftAgentConfig with the model", () => {
  const collections: CollectionSummary[] = [
    { name: "Policy guidelines", articles: 55, sampleTitles: ["Product Defect — Refund Status", "How do I reset my password?"] },
    { name: "Procedures", articles: 55, sampleTitles: ["Procedure: recover password"] },
  ];
  const params = {
    prompt: "We are Batik Sari, an online batik shop in Yogyakarta selling shirts, scarves and sarongs.",
    collections,
    orgName: "Test org",
    orgLanguage: "en" as const,
  };
  const template = draftFromTemplate(params);

  /** A valid config the model might write: the template's, renamed, with a channel it must not choose. */
  const modelConfig: AgentConfig = {
    ...template,
    profile: { ...template.profile, name: "Sari", tone: "casual" },
    capabilities: [{ ...template.capabilities[0]!, capabilityId: "policies" }, { ...template.capabilities[1]!, enabled: false }],
    routing: { ...template.routing, confidenceThreshold: 0.5, channelIds: [randomUUID()] },
  };

  it("uses the model's valid JSON config (channels cleared) and says the model drafted it", async () => {
    respond(answer(JSON.stringify(modelConfig)));
    const result = await draftAgentConfig(params, client());
    expect(result).toEqual({
      source: "model",
      config: { ...modelConfig, routing: { ...modelConfig.routing, channelIds: [] } },
      note: `Drafted by the model (${MODEL}) from your description. Review every step before publishing.`,
    });
    expect(received).toHaveLength(1);
    const body = received[0]!.body;
    expect(body.response_format).toEqual({ type: "json_object" });
    const messages = body.messages as ChatMessage[];
    expect(messages[0]!.content).toContain(JSON.stringify(["Policy guidelines", "Procedures"]));
    expect(messages[1]).toEqual({ role: "user", content: params.prompt });
  });

  it.each<[string, string, string]>([
    ["an answer that is not JSON", `Sure! Here is your config:\n${JSON.stringify(template)}`, "its answer was not JSON"],
    [
      "a config failing the schema",
      JSON.stringify({ ...template, routing: { ...template.routing, confidenceThreshold: 5 } }),
      "its draft did not pass validation (routing.confidenceThreshold: Use 0 to 1.)",
    ],
    [
      "a config without any enabled capability",
      JSON.stringify({ ...template, capabilities: template.capabilities.map((c) => ({ ...c, enabled: false })) }),
      "its draft did not pass validation (capabilities: Enable at least one capability.)",
    ],
    [
      "an unknown collection",
      JSON.stringify({ ...template, capabilities: [{ ...template.capabilities[0]!, collections: ["Shipping FAQ"] }] }),
      'its draft used a knowledge collection that does not exist ("Shipping FAQ")',
    ],
  ])("falls back to the template on %s, with a note saying why", async (_name, content, reason) => {
    respond(answer(content));
    const result = await draftAgentConfig(params, client());
    expect(result).toEqual({
      source: "template",
      config: template,
      note: `The model's draft could not be used (${reason}), so this draft was built from your description and your knowledge collections instead.`,
    });
  });

  it("falls back to the template when the model endpoint fails", async () => {
    respond(fail(500), fail(500));
    const result = await draftAgentConfig(params, client());
    expect(result.source).toBe("template");
    expect(result.config).toEqual(template);
    expect(result.note).toContain("(The model endpoint answered HTTP 500.)");
  });

  it("accepts '*' (every collection) from the model", async () => {
    const everything = { ...template, capabilities: [{ ...template.capabilities[0]!, collections: ["*"] }] };
    respond(answer(JSON.stringify(everything)));
    expect(await draftAgentConfig(params, client())).toMatchObject({ source: "model", config: everything });
  });

  it("without a model builds the template and says no model is configured", async () => {
    expect(await draftAgentConfig(params, null)).toEqual({
      source: "template",
      config: template,
      note: "Built from your description and your knowledge collections (no model endpoint is configured).",
    });
    expect(received).toEqual([]);
  });

  it("refuses a too-short description before calling the model", async () => {
    await expect(draftAgentConfig({ ...params, prompt: "  batik  " }, client())).rejects.toBeInstanceOf(ZodError);
    expect(received).toEqual([]);
  });
});
