import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { SEED_DATA_DIR } from "@/lib/demo/seed-data-path";
import { seedTestOrg, testDb } from "@/test/db";
import { defaultAgentConfig, type AgentConfig } from "./config-schema";
import { runAgent } from "./engine";

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
  it("answers the ABCD refund question from the refund guideline, above the handover threshold", async () => {
    const question = abcdRefundQuestion();
    expect(question).toMatch(/refund/);
    const result = await answerFromKnowledge(db, { orgId, text: question });
    expect(result.action).toBe("answer");
    expect(result.sources[0]?.title).toBe("Product Defect — Refund Status");
    expect(result.confidence).toBeGreaterThan(DEFAULT_CONFIDENCE_THRESHOLD);
    expect(result.reply).toMatch(/Refund Status/);
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
    const result = await answerFromKnowledge(db, { orgId, text: abcdRefundQuestion(), confidenceThreshold: 0.99 });
    expect(result.action).toBe("handover");
  });
});
