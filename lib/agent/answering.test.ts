/**
 * What a customer notices about the AI agent's answers (issue 14), through `runAgent` on the demo knowledge base (a
 * customer-facing help centre in English and Bahasa Indonesia plus the ABCD guidelines and procedures as internal
 * staff guidance): the reply's language, its voice, that it quotes customer-facing text only, that internal guidance
 * goes to the human and never to the customer, when thanks closes the conversation, when it hands over, and how sure
 * it is. The last part posts a signed message to the incoming-message webhook and reads what was stored.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { knowledgeArticles, messages } from "@/db/schema";
import { SEED_DATA_DIR } from "@/lib/demo/seed-data-path";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { upsertArticles } from "@/lib/knowledge/upsert-articles";
import { seedTestOrg, testDb } from "@/test/db";
import { serve } from "@/test/http";
import { postIncomingMessage } from "@/test/incoming-message";
import { defaultAgentConfig, PHRASES, type AgentConfig, type AgentProfile, type ReplyLanguage } from "./config-schema";
import { runAgent, type AgentOutput, type EngineTurn } from "./engine";
import { ONLY_LANGUAGE } from "./reply-voice";
import { TIE_CONFIDENCE } from "./calibration";

let db: Db;
let org: Awaited<ReturnType<typeof seedTestOrg>>;

/** An agent that replies in whichever of the two languages the customer writes. */
function agent(profile: Partial<AgentProfile> = {}): AgentConfig {
  const config = defaultAgentConfig("both", "Nadia");
  return { ...config, profile: { ...config.profile, ...profile } };
}

const customer = (content: string): EngineTurn => ({ sender: "customer", content });
/** The engine's output as the bot turn it becomes in the conversation history. */
const botTurn = (out: AgentOutput): EngineTurn => ({ sender: "bot", content: out.reply, agentAction: out.action, capabilityId: out.capabilityId });

function ask(history: EngineTurn[] | string, config: AgentConfig = agent(), orgId = org.orgId): Promise<AgentOutput> {
  return runAgent(db, { orgId, config, history: typeof history === "string" ? [customer(history)] : history });
}

/** A stored article by id. */
async function article(articleId: string) {
  const [row] = await db.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, articleId));
  if (!row) throw new Error(`test: no article ${articleId}`);
  return row;
}

/** The customer-facing text of the answer `articleId` belongs to, in `language` (what the reply should quote). */
async function answerText(articleId: string, language: ReplyLanguage, orgId = org.orgId): Promise<string> {
  const source = await article(articleId);
  expect(source.audience, `source "${source.title}" is customer-facing`).toBe("customer");
  const [translation] = await db
    .select({ body: knowledgeArticles.body })
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.orgId, orgId), eq(knowledgeArticles.topicKey, source.topicKey!), eq(knowledgeArticles.language, language), eq(knowledgeArticles.audience, "customer")));
  if (!translation) throw new Error(`test: no ${language} text for ${source.topicKey}`);
  return translation.body;
}

/** A customer-facing reply: no staff wording (UI buttons in brackets, "the customer"). */
function expectCustomerFacing(reply: string) {
  expect(reply).not.toContain("[");
  expect(reply).not.toMatch(/\bthe customer\b/i);
}

/** The first and last paragraphs of a grounded reply: the agent's opening and closing around the answer. */
const opening = (reply: string) => reply.split("\n\n")[0]!;
const closing = (reply: string) => reply.split("\n\n").at(-1)!;

/** Staff guidance only: how the shop handles resellers (the help centre says nothing about it). */
const RESELLER_NOTES = {
  collection: "Staff notes",
  sourceKey: "staff:reseller-programme",
  title: "Reseller programme — staff notes",
  body: [
    "Resellers get 20% off orders of 12 items or more once the partnerships team has approved their application.",
    "Check the reseller tier in the admin panel before quoting a discount; never promise it before approval.",
    "Send every new reseller application to partnerships@busana.example with the shop name and expected monthly volume.",
  ].join("\n"),
  language: "en" as const,
  audience: "internal" as const,
  examples: ["how do I become a reseller?", "can I join your reseller programme?", "do you offer a reseller discount for wholesale orders?"],
};
const RESELLER_QUESTION = "how do I become a reseller for your shop?";

/** The first customer turn of a real IBM Twitter customer-care dialogue (another brand; off-topic for the shop). */
function ibmTweet(id: string): string {
  const line = readFileSync(path.join(SEED_DATA_DIR, "ibm-twitter-care/dialogues.jsonl"), "utf8")
    .split("\n")
    .find((l) => l.includes(`"id": "${id}"`));
  if (!line) throw new Error(`test: IBM dialogue ${id} missing`);
  const dialogue = JSON.parse(line) as { turns: { speaker: string; text: string }[] };
  return dialogue.turns.find((t) => t.speaker === "customer")!.text;
}

beforeAll(async () => {
  db = await testDb();
  org = await seedTestOrg(db);
  await upsertArticles(db, { orgId: org.orgId, articles: [RESELLER_NOTES] });
});

describe("answers in the customer's language, from customer-facing text", () => {
  it("answers an English refund question in English, quoting a help-centre article, with its sources", async () => {
    const out = await ask("how do I get a refund for my jeans?");
    expect(out).toMatchObject({ action: "answer", language: "en", signals: [] });
    expect(out.sources.length).toBeGreaterThan(0);
    expect(out.reply).toContain(await answerText(out.sources[0]!.articleId, "en"));
    expectCustomerFacing(out.reply);
  });

  it("never answers the jeans refund question from the jeans care FAQ: the refund article, or a hand-over when unsure", async () => {
    const out = await ask("how do I get a refund for my jeans?");
    const source = await article(out.sources[0]!.articleId);
    expect(source.topicKey).not.toBe("single_item_query/jeans");
    if (out.action === "answer") expect(["product_defect/refund_initiate", "storewide_query/policy"], `answered from "${source.title}"`).toContain(source.topicKey);
    else expect(out).toMatchObject({ action: "handover", signals: [{ signal: "low_confidence" }] });
  });

  it("answers informal Indonesian in Indonesian, from the help centre's Indonesian text", async () => {
    const out = await ask("kak bajunya kekecilan, bisa tukar ukuran?");
    expect(out).toMatchObject({ action: "answer", language: "id", signals: [] });
    expect(out.sources.length).toBeGreaterThan(0);
    const source = await article(out.sources[0]!.articleId);
    expect(source.topicKey).toBe("product_defect/return_size");
    expect(out.reply).toContain(await answerText(source.id, "id"));
    expect(out.reply).not.toContain(await answerText(source.id, "en"));
    expectCustomerFacing(out.reply);
  });

  it("an English-only agent answers an Indonesian question in English, first saying in one sentence that it replies only in English", async () => {
    const out = await ask("kak bajunya kekecilan, bisa tukar ukuran?", agent({ language: "en" }));
    expect(out).toMatchObject({ action: "answer", language: "en" });
    const [note, ...rest] = out.reply.split("\n\n");
    expect(note).toBe(ONLY_LANGUAGE.en);
    expect(note!.match(/[.!?](\s|$)/g)).toHaveLength(1);
    expect(note).toMatch(/English/);
    expect(rest.join("\n\n")).toContain(await answerText(out.sources[0]!.articleId, "en"));
    // an English question needs no note
    expect((await ask("how much does overnight shipping cost?", agent({ language: "en" }))).reply).not.toContain(ONLY_LANGUAGE.en);
  });

  it("an Indonesian-only agent answers an English question in Indonesian, with the note in Indonesian", async () => {
    const out = await ask("how much does overnight shipping cost?", agent({ language: "id" }));
    expect(out).toMatchObject({ action: "answer", language: "id" });
    expect(opening(out.reply)).toBe(ONLY_LANGUAGE.id);
    expect(out.reply).toContain(await answerText(out.sources[0]!.articleId, "id"));
  });
});

describe("internal guidance goes to the human, never to the customer", () => {
  it("hands over when only internal guidance matches; the reply is the hand-over message and the guidance travels apart", async () => {
    const out = await ask(RESELLER_QUESTION, agent({ language: "en" }));
    const [notes] = await db.select().from(knowledgeArticles).where(and(eq(knowledgeArticles.orgId, org.orgId), eq(knowledgeArticles.sourceKey, RESELLER_NOTES.sourceKey)));
    expect(out).toMatchObject({ action: "handover", reply: PHRASES.en.handover, capabilityId: null });
    expect(out.signals).toEqual([expect.objectContaining({ signal: "low_confidence", detail: "internal_guidance_only" })]);
    expect(out.confidence).toBeLessThan(0.4);
    expect(out.guidance).toEqual([{ articleId: notes!.id, title: RESELLER_NOTES.title, text: RESELLER_NOTES.body, confidence: expect.any(Number) }]);
    expect(out.guidance[0]!.confidence).toBeGreaterThanOrEqual(0.7);
    // no sentence of the staff notes reaches the customer
    for (const line of RESELLER_NOTES.body.split("\n")) expect(out.reply).not.toContain(line.slice(0, 40));
    expect(out.reply).not.toMatch(/20%|partnerships|reseller/i);
  });

  it("never quotes an ABCD guideline, even when the guideline matches best", async () => {
    const out = await ask("just wanted to check on the status of a refund");
    expect(out.action).toBe("answer");
    expect(out.guidance.length).toBeGreaterThan(0);
    for (const g of out.guidance) {
      expect((await article(g.articleId)).audience).toBe("internal");
      for (const line of g.text.split("\n").filter((l) => l.length > 20)) expect(out.reply).not.toContain(line);
    }
    for (const s of out.sources) expect((await article(s.articleId)).audience).toBe("customer");
    expectCustomerFacing(out.reply);
  });
});

describe("the agent's voice", () => {
  const QUESTION = "how much does overnight shipping cost?";

  it("a friendly and a formal agent wrap the same answer in different openings and closings, introducing themselves by name", async () => {
    const friendly = await ask(QUESTION, agent({ name: "Nadia", tone: "friendly", language: "en" }));
    const formal = await ask(QUESTION, agent({ name: "Hendra", tone: "formal", language: "en" }));
    expect(friendly.action).toBe("answer");
    expect(formal.action).toBe("answer");
    const body = await answerText(friendly.sources[0]!.articleId, "en");
    expect(friendly.reply).toContain(body);
    expect(formal.reply).toContain(body);
    expect(opening(friendly.reply)).toContain("Nadia");
    expect(opening(formal.reply)).toContain("Hendra");
    expect(opening(friendly.reply).replace("Nadia", "")).not.toBe(opening(formal.reply).replace("Hendra", ""));
    expect(closing(friendly.reply)).not.toBe(closing(formal.reply));
    expect(closing(friendly.reply)).not.toContain(body);
  });

  it("introduces itself by name in its first reply only", async () => {
    const config = agent({ name: "Nadia", language: "en" });
    const first = await ask(QUESTION, config);
    expect(opening(first.reply)).toContain("Nadia");
    const second = await ask([customer(QUESTION), botTurn(first), customer("and how do I get my money back for a dress I bought?")], config);
    expect(second.action).toBe("answer");
    expect(second.reply).not.toContain("Nadia");
  });
});

describe("thanks closes only a grounded answer", () => {
  it("resolves on thanks after a grounded answer", async () => {
    const answered = await ask("how much does overnight shipping cost?");
    expect(answered.action).toBe("answer");
    expect(answered.capabilityId).not.toBeNull();
    const out = await ask([customer("how much does overnight shipping cost?"), botTurn(answered), customer("thanks!")]);
    expect(out).toMatchObject({ action: "resolve", reply: PHRASES.en.resolved, signals: [] });
  });

  it("does not resolve on thanks after a hand-over", async () => {
    const question = "my video got taken down for copyright, please help";
    const handedOver = await ask(question);
    expect(handedOver.action).toBe("handover");
    expect((await ask([customer(question), botTurn(handedOver), customer("thanks")])).action).not.toBe("resolve");
  });

  it("does not resolve on thanks after the fallback message", async () => {
    // a capability over a collection without the question's answer, keeping the conversation: the fallback message
    const config: AgentConfig = {
      ...agent({ language: "en" }),
      capabilities: [{ capabilityId: "sizing", name: "Sizing", description: "", collections: ["Size charts"], exampleQuestions: [], enabled: true }],
      routing: { ...agent().routing, handoverOutsideCapabilities: false },
    };
    const question = "how much does overnight shipping cost?";
    const fallback = await ask(question, config);
    // (the agent's own fallback text is Indonesian, so an English customer gets the built-in English one)
    expect(fallback).toMatchObject({ action: "answer", reply: PHRASES.en.fallback, capabilityId: null });
    expect((await ask([customer(question), botTurn(fallback), customer("thanks")], config)).action).not.toBe("resolve");
  });
});

describe("hand-overs", () => {
  it.each(["sambungin ke CS dong", "mau ngomong sama orang"])("hands over a request for a person without a signal, in Indonesian: %s", async (text) => {
    const out = await ask(text);
    expect(out).toMatchObject({ action: "handover", reply: PHRASES.id.handover, language: "id", signals: [] });
  });

  it.each([
    "This is ridiculous!!! I've asked three times where my refund is",
    "pelayanan kalian parah banget, paket udah seminggu gak nyampe!!",
  ])("hands an angry customer over with unexpected_handoff negative_sentiment: %s", async (text) => {
    const out = await ask(text);
    expect(out).toMatchObject({ action: "handover", signals: [{ signal: "unexpected_handoff", value: "negative_sentiment" }] });
    expect([PHRASES.en.handover, PHRASES.id.handover]).toContain(out.reply);
  });
});

describe("confidence", () => {
  it("hands over a real customer tweet to an airline with confidence under 0.4", async () => {
    const tweet = ibmTweet("cdp-GV6GGXL3YzVx4sqqe3Q7");
    expect(tweet).toMatch(/flight/);
    const out = await ask(tweet);
    expect(out.action).toBe("handover");
    expect(out.confidence).toBeLessThan(0.4);
    expect(out.signals).toEqual([expect.objectContaining({ signal: "low_confidence" })]);
  });

  it("hands over when two answers fit the message equally (a tie): which one ranks first says nothing about which is right", async () => {
    // the pricing FAQ (shipping prices) and "the price went up overnight" both fit, within TIE_MARGIN of each other
    const out = await ask("what is the price of overnight delivery?");
    expect(out).toMatchObject({ action: "handover", signals: [expect.objectContaining({ signal: "low_confidence" })] });
    expect(out.confidence).toBeLessThanOrEqual(TIE_CONFIDENCE);
  });

  it.each(["where is my order", "lupa password akun, gimana cara ganti?"])("answers a clear on-topic question with confidence ≥ 0.7: %s", async (text) => {
    const out = await ask(text);
    expect(out.action).toBe("answer");
    expect(out.confidence).toBeGreaterThanOrEqual(0.7);
  });
});

describe("chat spellings and typos", () => {
  /** The topic of the customer-facing answer the agent gave. */
  const answeredTopic = async (out: AgentOutput) => (out.sources[0] ? (await article(out.sources[0].articleId)).topicKey : null);

  it.each([
    ["can I get a refnd for these jeans?", "can I get a refund for these jeans?"],
    ["How do I update the adress saved on my account?", "How do I update the address saved on my account?"],
  ])("answers a misspelt question from the same article as the well-spelt one: %s", async (misspelt, spelt) => {
    const [typo, right] = [await ask(misspelt), await ask(spelt)];
    expect(right.action).toBe("answer");
    expect(typo.action).toBe("answer");
    expect(await answeredTopic(typo)).toBe(await answeredTopic(right));
  });

  it("answers a question full of Indonesian chat shorthand (gw, udah, berkali2, tetep, ga) with confidence ≥ 0.7", async () => {
    const out = await ask("min gw lupa password, udah coba berkali2 tetep gagal login. bisa dibantu reset ga");
    expect(out).toMatchObject({ action: "answer", language: "id" });
    expect(out.confidence).toBeGreaterThanOrEqual(0.7);
    expect(await answeredTopic(out)).toBe("account_access/recover_password");
  });

  it("hands over an off-topic request in chat Indonesian ending with a question tag (\"… gak?\") with confidence under 0.4", async () => {
    const out = await ask("kak bisa cek tagihan listrik PLN aku gak?");
    expect(out.action).toBe("handover");
    expect(out.confidence).toBeLessThan(0.4);
  });

  it("reads negation: a parcel that never arrived is the missing-parcel answer, not the shipping status", async () => {
    const out = await ask("paket saya gak pernah nyampe min padahal katanya sudah terkirim");
    expect(out.action).toBe("answer");
    expect(await answeredTopic(out)).toBe("shipping_issue/missing");
  });

  it.each(["my order has not arrived", "Where Is My Order? It Has Not Arrived", "my parcel was not delivered"])(
    "reads English negation (a stop word of the search): \"%s\" is the missing-parcel answer, not the overnight upgrade",
    async (text) => {
      const out = await ask(text);
      expect(out.action).toBe("answer");
      expect(await answeredTopic(out)).toBe("shipping_issue/missing");
      // the question without the negation is still the upgrade's
      expect(await answeredTopic(await ask("can my order arrive tomorrow?"))).toBe("order_issue/manage_upgrade");
    },
  );

  it.each([
    ["Please update the delivery address on my account to Jl. Kemang Raya No. 12, Jakarta Selatan", "manage_account/manage_change_address"],
    ["Do the Ralph Lauren shirts you sell shrink after washing?", "single_item_query/shirt"],
    ["My sister Sarah Wijaya wants to know how to change the name on her account", "manage_account/manage_change_name"],
  ])("a name the knowledge base lacks (a street, a brand, a person) does not count against the answer: %s", async (text, topic) => {
    const out = await ask(text);
    expect(out.action).toBe("answer");
    expect(out.confidence).toBeGreaterThanOrEqual(0.7);
    expect(await answeredTopic(out)).toBe(topic);
  });

  it.each(["kak refund aku udah diproses belum ya? udah seminggu nih", "refund sy sudah diproses blm min"])(
    "reads \"has it been processed yet?\" as asking for a refund's status, not to start one: %s",
    async (text) => {
      const out = await ask(text);
      expect(out.action).toBe("answer");
      expect(await answeredTopic(out)).toBe("product_defect/refund_status");
    },
  );
});

describe("through the signed incoming-message webhook", () => {
  let server: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    server = await serve((req) => handleIncomingMessage(db, req));
  });
  afterAll(() => server.close());

  it("a hand-over on an internal-only match stores the guidance on the bot message; the reply text does not contain it", async () => {
    const res = await postIncomingMessage(server.url, org.channels[0]!, {
      conversationId: `conv-reseller-${Date.now()}`,
      messageId: "msg-reseller-1",
      contactId: "wa:6281200099",
      text: RESELLER_QUESTION,
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { handled_by: string; reply: { message_id: string; action: string; text: string } };
    expect(json).toMatchObject({ handled_by: "human", reply: { action: "handover" } });
    for (const line of RESELLER_NOTES.body.split("\n")) expect(json.reply.text).not.toContain(line.slice(0, 40));
    expect(json.reply.text).not.toMatch(/20%|partnerships/i);

    const [bot] = await db.select().from(messages).where(eq(messages.id, json.reply.message_id));
    expect(bot).toMatchObject({ sender: "bot", agentAction: "handover", content: json.reply.text });
    expect(bot!.guidance).toEqual([expect.objectContaining({ title: RESELLER_NOTES.title, text: RESELLER_NOTES.body })]);
    expect(bot!.signals).toEqual([expect.objectContaining({ signal: "low_confidence", detail: "internal_guidance_only" })]);
  });
});
