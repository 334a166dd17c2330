/**
 * Retrieval quality on the ABCD policy guidelines (one article per subflow, titled "Flow — Subflow"): does
 * `retrieveArticles` put the right guideline first (hit@1) or in its top 3 (hit@3) for
 * (a) the customer's request in each ABCD sample dialogue (db/seed-data/kb-abcd/abcd_sample.jsonl), and
 * (b) hand-written customer questions, at least one per subflow (fixtures/retrieval-questions.json).
 * The rates are printed as a table on every run, with each question the retrieval missed.
 *
 * Several guidelines have near-identical bodies (the three "Return Due to …", the two "Bad Price …" and "Promo
 * Code …" subflows), so some questions get exactly tied scores, which `retrieveArticles` breaks by article id, a
 * random UUID per seeded org. The fixture rates therefore move by a question or two between runs (measured over
 * 8 seeded orgs: hit@1 43–45 of 61, hit@3 52–53 of 61; with every tie broken against the expected article: 42 and
 * 52, i.e. 0.69 and 0.85), which the thresholds below allow for.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { knowledgeArticles } from "@/db/schema";
import { SEED_DATA_DIR } from "@/lib/demo/seed-data-path";
import { seedTestOrg, testDb } from "@/test/db";
import { retrieveArticles } from "./retrieve";

/** The collection the seeded org's ABCD guidelines are imported into. */
const GUIDELINES = "Policy guidelines";
const TOP_K = 3;
const MIN_QUESTIONS = 30;
/** Least share of fixture questions whose guideline comes first / in the top 3. */
const MIN_QUESTION_HIT_AT_1 = 0.65;
const MIN_QUESTION_HIT_AT_3 = 0.85;

type Question = { question: string; expected: string };
type Dialogue = { id: string; turns: { speaker: string; text: string }[]; metadata: { flow: string; subflow: string } };

const questions = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "retrieval-questions.json"), "utf8")) as Question[];
const dialogues = readFileSync(path.join(SEED_DATA_DIR, "kb-abcd", "abcd_sample.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as Dialogue);

/**
 * The sample dialogues' ABCD subflow ids (`metadata.subflow`) → their guideline's title, and words of the customer
 * turn that first states the problem (hand-labelled). ABCD's ontology lists the subflow ids but not the guideline
 * titles, hence this explicit map. FAQ subflow ids carry the FAQ question's number: `timing_4` is question 4 of the
 * Timing FAQ ("When do the promo codes expire?").
 */
const SAMPLE_SUBFLOWS: Record<string, { title: string; problemTurn: string }> = {
  return_size: { title: "Product Defect — Return Due to Size", problemTurn: "I got the wrong size" },
  refund_status: { title: "Product Defect — Refund Status", problemTurn: "status of a refund" },
  timing_4: { title: "Storewide Query — Timing FAQ", problemTurn: "when they expire" },
};

function sampleSubflow(dialogue: Dialogue): { title: string; problemTurn: string } {
  const subflow = SAMPLE_SUBFLOWS[dialogue.metadata.subflow];
  if (!subflow) throw new Error(`test: no guideline mapped for ABCD subflow "${dialogue.metadata.subflow}" (dialogue ${dialogue.id})`);
  return subflow;
}

/**
 * The customer's request in a sample dialogue: the customer's turns from the start up to and including the first
 * one that states the problem, joined (greetings and the name given before the problem included, as they would
 * arrive in one opening message).
 */
function customerRequest(dialogue: Dialogue): string {
  const { problemTurn } = sampleSubflow(dialogue);
  const customerTurns = dialogue.turns.filter((t) => t.speaker === "customer").map((t) => t.text);
  const problemAt = customerTurns.findIndex((text) => text.includes(problemTurn));
  if (problemAt < 0) throw new Error(`test: no customer turn in dialogue ${dialogue.id} contains "${problemTurn}"`);
  return customerTurns.slice(0, problemAt + 1).join("\n");
}

type Outcome = { text: string; expected: string; titles: string[] };

const hit = (o: Outcome, k: number) => o.titles.slice(0, k).includes(o.expected);
const hits = (outcomes: Outcome[], k: number) => outcomes.filter((o) => hit(o, k)).length;
const rate = (outcomes: Outcome[], k: number) => hits(outcomes, k) / outcomes.length;

/** Readable lines for the outcomes that missed the top 1 (a miss in the top 3 is marked). */
function misses(outcomes: Outcome[]): string[] {
  return outcomes
    .filter((o) => !hit(o, 1))
    .map((o) => `${hit(o, TOP_K) ? `  @${TOP_K} ` : "  MISS"} ${JSON.stringify(o.text)}\n         expected ${o.expected}; got ${o.titles.join(" | ") || "(nothing)"}`);
}

function rateTable(sets: Record<string, Outcome[]>): string {
  const cell = (outcomes: Outcome[], k: number) => `${hits(outcomes, k)}/${outcomes.length} ${rate(outcomes, k).toFixed(2)}`.padEnd(13);
  return [
    `retrieval hit rate ("${GUIDELINES}", top ${TOP_K}):`,
    `  ${"set".padEnd(10)}${"@1".padEnd(13)}@${TOP_K}`,
    ...Object.entries(sets).map(([name, outcomes]) => `  ${name.padEnd(10)}${cell(outcomes, 1)}${cell(outcomes, TOP_K)}`),
  ].join("\n");
}

let db: Db;
let orgId: string;
/** Titles of the seeded org's guideline articles. */
let guidelineTitles: Set<string>;
let dialogueOutcomes: Map<string, Outcome>;
let questionOutcomes: Outcome[];

/** Retrieves the top guidelines for each case, one at a time (PGlite has a single connection). */
async function evaluate(cases: { text: string; expected: string }[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const { text, expected } of cases) {
    const found = await retrieveArticles(db, { orgId, text, limit: TOP_K, collections: [GUIDELINES] });
    outcomes.push({ text, expected, titles: found.map((a) => a.title) });
  }
  return outcomes;
}

beforeAll(async () => {
  db = await testDb();
  ({ orgId } = await seedTestOrg(db));
  const rows = await db
    .select({ title: knowledgeArticles.title })
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.orgId, orgId), eq(knowledgeArticles.collection, GUIDELINES)));
  guidelineTitles = new Set(rows.map((r) => r.title));

  const dialogueCases = dialogues.map((d) => ({ text: customerRequest(d), expected: sampleSubflow(d).title }));
  const outcomes = await evaluate(dialogueCases);
  dialogueOutcomes = new Map(dialogues.map((d, i) => [d.id, outcomes[i]!]));
  questionOutcomes = await evaluate(questions.map((q) => ({ text: q.question, expected: q.expected })));

  console.log(
    [
      rateTable({ dialogues: [...dialogueOutcomes.values()], questions: questionOutcomes }),
      `not first (dialogues):`,
      ...misses([...dialogueOutcomes.values()]),
      `not first (questions):`,
      ...misses(questionOutcomes),
    ].join("\n"),
  );
});

describe("retrieval quality on the ABCD policy guidelines", () => {
  it("the seeded org has the guidelines, and every fixture question expects one of them", () => {
    expect(guidelineTitles.size).toBeGreaterThan(0);
    expect(questions.length).toBeGreaterThanOrEqual(MIN_QUESTIONS);
    expect(questions.filter((q) => !q.question.trim() || !guidelineTitles.has(q.expected)), "questions with a blank text or an unknown title").toEqual([]);
    expect(new Set(questions.map((q) => q.question)).size, "duplicate questions").toBe(questions.length);
  });

  it("every sample dialogue's subflow maps to an imported guideline", () => {
    expect(dialogues).toHaveLength(3);
    for (const d of dialogues) expect(guidelineTitles, `${d.id} (${d.metadata.subflow})`).toContain(sampleSubflow(d).title);
  });

  it.each(dialogues.map((d) => [d.id, d.metadata.subflow] as const))(
    "dialogue %s (%s): the customer's request finds its guideline in the top 3",
    (id) => {
      const outcome = dialogueOutcomes.get(id)!;
      expect(outcome.titles, `request ${JSON.stringify(outcome.text)} got ${outcome.titles.join(" | ")}`).toContain(outcome.expected);
    },
  );

  it(`fixture questions: hit@1 ≥ ${MIN_QUESTION_HIT_AT_1} and hit@3 ≥ ${MIN_QUESTION_HIT_AT_3}`, () => {
    const missed = misses(questionOutcomes).join("\n");
    expect(rate(questionOutcomes, 1), `hit@1; questions not first:\n${missed}`).toBeGreaterThanOrEqual(MIN_QUESTION_HIT_AT_1);
    expect(rate(questionOutcomes, TOP_K), `hit@3; questions not first:\n${missed}`).toBeGreaterThanOrEqual(MIN_QUESTION_HIT_AT_3);
  });
});
