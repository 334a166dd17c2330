import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { SEED_DATA_DIR } from "@/lib/demo/seed-data-path";
import { seedTestOrg, testDb } from "@/test/db";
import { defaultAgentConfig, type AgentConfig } from "./config-schema";
import { upsertArticles } from "@/lib/knowledge/upsert-articles";
import { runAgent } from "./engine";
import { retrieveArticles } from "./retrieve";

const DEFAULTS = defaultAgentConfig("en");
const DEFAULT_CONFIDENCE_THRESHOLD = DEFAULTS.routing.confidenceThreshold;

/** The engine on one customer message, with the built-in defaults (or `config`). */
function answerFromKnowledge(db: Db, { orgId, text, confidenceThreshold }: { orgId: string; text: string; confidenceThreshold?: number }, config: AgentConfig = DEFAULTS) {
  const routing = { ...config.routing, confidenceThreshold: confidenceThreshold ?? config.routing.confidenceThreshold };
  return runAgent(db, { orgId, config: { ...config, routing }, history: [{ sender: "customer", content: text }] });
}

let db: Db;
let orgId: string;

beforeAll(async () => {
  db = await testDb();
  ({ orgId } = await seedTestOrg(db));
});

/** The customer's opening question in the ABCD sample dialogue about a refund. */
function abcdRefundQuestion(): string {
  const dialogues = readFileSync(path.join(SEED_DATA_DIR, "kb-abcd/abcd_sample.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { metadata: { subflow: string }; turns: { speaker: string; text: string }[] });
  const refund = dialogues.find((d) => d.metadata.subflow === "refund_status");
  const text = refund?.turns.find((t) => t.speaker === "customer")?.text;
  if (!text) throw new Error("sample refund dialogue missing");
  return text;
}

describe("runAgent on a single message", () => {
  it("answers the ABCD refund question from the help centre's refund-status article, above the handover threshold", async () => {
    const question = abcdRefundQuestion();
    expect(question).toMatch(/refund/);
    const result = await answerFromKnowledge(db, { orgId, text: question });
    expect(result.action).toBe("answer");
    expect(result.sources[0]?.title).toBe("Refund Status — Checking on your refund");
    expect(result.confidence).toBeGreaterThanOrEqual(DEFAULT_CONFIDENCE_THRESHOLD);
    const [article] = await retrieveArticles(db, { orgId, text: "refund status", limit: 1 });
    expect(article?.title).toBe("Refund Status — Checking on your refund");
    expect(result.reply).toContain(article!.body);
    // the internal guideline on the same subflow is never what the customer reads
    expect(result.reply).not.toMatch(/Product Defect|\[Pull up Account\]/);
  });

  it.each([
    "my youtube channel got suspended, please help",
    "@AppleSupport my iphone battery dies after the update",
  ])("hands over an off-topic message: %s", async (text) => {
    const result = await answerFromKnowledge(db, { orgId, text });
    expect(result.action).toBe("handover");
    expect(result.confidence).toBeLessThan(DEFAULT_CONFIDENCE_THRESHOLD);
  });

  it("never searches another organization's knowledge base", async () => {
    const other = await seedTestOrg(db);
    const empty = await answerFromKnowledge(db, { orgId: "00000000-0000-4000-8000-000000000000", text: abcdRefundQuestion() });
    expect(empty).toMatchObject({ action: "handover", confidence: 0, sources: [] });
    const own = await answerFromKnowledge(db, { orgId: other.orgId, text: abcdRefundQuestion() });
    expect(own.sources.length).toBeGreaterThan(0);
  });

  it("uses a stricter threshold when asked to", async () => {
    // answered with a confidence above the default threshold but below 0.99
    const text = "how many days do I have to return something?";
    const answered = await answerFromKnowledge(db, { orgId, text });
    expect(answered.action).toBe("answer");
    expect(answered.confidence).toBeLessThan(0.99);
    const result = await answerFromKnowledge(db, { orgId, text, confidenceThreshold: 0.99 });
    expect(result).toMatchObject({ action: "handover", confidence: answered.confidence });
  });
});

describe("language-aware retrieval", () => {
  it("finds an Indonesian article from an Indonesian question (stemmed: pengembalian / mengembalikan → kembali)", async () => {
    const org = await seedTestOrg(db);
    await upsertArticles(db, {
      orgId: org.orgId,
      articles: [
        { collection: "FAQ Toko", sourceKey: "faq:retur", title: "Pengembalian barang", body: "Barang dapat dikembalikan dalam 7 hari setelah diterima, dengan nota pembelian.", language: "id" },
        { collection: "FAQ Toko", sourceKey: "faq:ongkir", title: "Ongkos kirim ke Surabaya", body: "Pengiriman ke Surabaya memakan waktu 2-3 hari kerja.", language: "id" },
      ],
    });
    const [best] = await retrieveArticles(db, { orgId: org.orgId, text: "Saya mau mengembalikan barang yang saya beli", limit: 3 });
    expect(best).toMatchObject({ title: "Pengembalian barang", language: "id" });
    const out = await runAgent(db, { orgId: org.orgId, config: defaultAgentConfig("id"), history: [{ sender: "customer", content: "bagaimana cara pengembalian barang?" }] });
    expect(out).toMatchObject({ action: "answer", language: "id" });
    expect(out.sources[0]).toMatchObject({ title: "Pengembalian barang" });
    expect(out.reply).toContain("Barang dapat dikembalikan dalam 7 hari setelah diterima, dengan nota pembelian.");
  });

  it("matches a short message with a typo by title similarity (pg_trgm)", async () => {
    const typo = await retrieveArticles(db, { orgId, text: "refnd status", limit: 8 });
    const hit = typo.find((a) => a.audience === "customer");
    expect(hit?.topicKey).toBe("product_defect/refund_status");
    expect(hit!.titleSimilarity).toBeGreaterThanOrEqual(0.6);
    // the full-text match alone would not know "refnd"
    const exact = await retrieveArticles(db, { orgId, text: "refund status", limit: 8 });
    expect(exact.find((a) => a.articleId === hit!.articleId)!.titleSimilarity).toBeGreaterThan(hit!.titleSimilarity);
    const out = await answerFromKnowledge(db, { orgId, text: "refnd status" });
    expect(out.action).toBe("answer");
    // the same answer, cited in the language it was sent in
    expect(out.sources[0]?.title).toMatch(/^Refund Status — /);
  });
});
