/**
 * Knowledge audiences, example questions and topic keys (issue 14) on a real database: how each import format sets
 * them (Markdown front matter and example blocks, CSV columns, help-centre and guideline JSON), bad values as row
 * errors with nothing written, editing them on an article (audited), and the list's badges, counts and filter.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { ZodError } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { knowledgeArticles } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { SEED_DATA_DIR } from "@/lib/demo/seed-data-path";
import { seedTestOrg, testDb } from "@/test/db";
import { auditCount, auditEntries, signInAs } from "@/test/members";
import { countByAudience, getArticle, knowledgeParamsSchema, listArticles } from "./list-knowledge";
import { retrieveArticles } from "@/lib/agent/retrieve";
import { importKnowledge, updateArticle } from "./manage-knowledge";
import { KnowledgeFileError } from "./parse-knowledge-file";

let db: Db;

beforeAll(async () => {
  db = await testDb();
});

async function admin(): Promise<Membership> {
  return signInAs(db, await seedTestOrg(db), "admin");
}

type Options = { collection?: string; language?: string; audience?: string };

function importFile(actor: Membership, filename: string, content: string, { collection = "FAQ", language = "en", audience }: Options = {}) {
  return importKnowledge(db, { actor, filename, content, options: { collection, language, audience } });
}

/** A collection's articles with the fields this file is about, by title then language. */
function articlesIn(orgId: string, collection = "FAQ") {
  return db
    .select({ title: knowledgeArticles.title, body: knowledgeArticles.body, language: knowledgeArticles.language, audience: knowledgeArticles.audience, examples: knowledgeArticles.examples, topicKey: knowledgeArticles.topicKey })
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.orgId, orgId), eq(knowledgeArticles.collection, collection)))
    .orderBy(asc(knowledgeArticles.title), asc(knowledgeArticles.language));
}

async function articleTitled(orgId: string, title: string) {
  const [row] = await db.select().from(knowledgeArticles).where(and(eq(knowledgeArticles.orgId, orgId), eq(knowledgeArticles.title, title)));
  if (!row) throw new Error(`test: no article "${title}"`);
  return row;
}

/** Every article of the org as stored, and the audit log's length. */
async function kbState(orgId: string) {
  const articles = await db.select().from(knowledgeArticles).where(eq(knowledgeArticles.orgId, orgId)).orderBy(knowledgeArticles.id);
  return { articles: articles.map(({ search: _search, ...a }) => a), audit: await auditCount(db, orgId) };
}

/** Runs `action`, expects it to throw a `type` and leave the org's articles and audit log unchanged. */
async function expectRefused<E extends Error>(orgId: string, type: new (...args: never[]) => E, action: () => Promise<unknown>): Promise<E> {
  const before = await kbState(orgId);
  const error = await action().then(() => null, (e: unknown) => e);
  expect(await kbState(orgId), "nothing written").toEqual(before);
  expect(error, `expected a ${type.name}`).toBeInstanceOf(type);
  return error as E;
}

async function expectRows(actor: Membership, filename: string, content: string, options?: Options) {
  const error = await expectRefused(actor.orgId, KnowledgeFileError, () => importFile(actor, filename, content, options));
  expect(error.message).toMatch(/nothing was imported/);
  return error.rows;
}

describe("Markdown: front matter, Key lines and example questions", () => {
  it("front matter sets audience and language for the whole file, over the form's choices", async () => {
    const actor = await admin();
    const md = "---\n# staff notes\naudience: internal\nlanguage: \"id\"\n---\n# Refund tanpa struk\nCek pesanan di dasbor dulu.\n\n# Tukar ukuran\nBisa di semua toko.\n";
    expect(await importFile(actor, "panduan.md", md, { language: "en", audience: "customer" })).toEqual({ inserted: 2, updated: 0 });
    expect(await articlesIn(actor.orgId)).toEqual([
      { title: "Refund tanpa struk", body: "Cek pesanan di dasbor dulu.", language: "id", audience: "internal", examples: [], topicKey: null },
      { title: "Tukar ukuran", body: "Bisa di semua toko.", language: "id", audience: "internal", examples: [], topicKey: null },
    ]);
  });

  it("without front matter the form's audience and language apply", async () => {
    const actor = await admin();
    await importFile(actor, "notes.md", "# Escalating a refund\nAsk a supervisor in #refunds.\n", { language: "id", audience: "internal" });
    expect(await articlesIn(actor.orgId)).toEqual([expect.objectContaining({ title: "Escalating a refund", language: "id", audience: "internal" })]);
  });

  it("a trailing 'Example questions:' block becomes the article's examples and leaves its text; 'Key:' sets the topic key", async () => {
    const actor = await admin();
    const md = [
      "# Returns",
      "Key: returns/start",
      "Unworn items can be returned within 30 days.",
      "",
      "Example questions:",
      "- How do I return a shirt?",
      "* Can I send back shoes I didn't wear?",
      "",
      "- how do I return a shirt?",
      "# Pengembalian",
      "Barang bisa dikembalikan dalam 30 hari.",
      "Contoh pertanyaan:",
      "- Bagaimana cara retur?",
      "# Exchanges",
      "Any store.",
    ].join("\n");
    await importFile(actor, "returns.md", md);
    expect(await articlesIn(actor.orgId)).toEqual([
      // duplicates (any case) are dropped
      { title: "Exchanges", body: "Any store.", language: "en", audience: "customer", examples: [], topicKey: null },
      { title: "Pengembalian", body: "Barang bisa dikembalikan dalam 30 hari.", language: "en", audience: "customer", examples: ["Bagaimana cara retur?"], topicKey: null },
      { title: "Returns", body: "Unworn items can be returned within 30 days.", language: "en", audience: "customer", examples: ["How do I return a shirt?", "Can I send back shoes I didn't wear?"], topicKey: "returns/start" },
    ]);
  });

  it("a heading error after front matter names the line in the file", async () => {
    const actor = await admin();
    expect(await expectRows(actor, "faq.md", "---\naudience: customer\n---\n# Delivery\nNext day.\n# Returns\n")).toEqual([
      { row: "line 6", message: '"Returns" has no text under its heading.' },
    ]);
  });

  it("an unknown front-matter key, a bad audience or language, a repeated key and a non key: value line are errors on their lines", async () => {
    const actor = await admin();
    const md = "---\naudience: public\nlanguage: fr\ncollection: Staff\nlanguage: en\ntitle = Returns\nconstructor: x\n---\n# Returns\nWithin 30 days.\n";
    expect(await expectRows(actor, "faq.md", md)).toEqual([
      { row: "line 2", message: 'audience must be customer or internal, not "public".' },
      { row: "line 3", message: 'language must be en or id, not "fr".' },
      { row: "line 4", message: 'Unknown front-matter key "collection" (use audience or language; the collection is chosen in the import form).' },
      { row: "line 5", message: "language is set twice." },
      { row: "line 6", message: 'Front matter lines look like "audience: internal".' },
      { row: "line 7", message: 'Unknown front-matter key "constructor" (use audience or language).' },
    ]);
  });

  it("front matter without its closing --- is refused", async () => {
    const actor = await admin();
    expect(await expectRows(actor, "faq.md", "---\naudience: internal\n# Returns\nWithin 30 days.\n")).toEqual([
      { row: "line 1", message: 'The front matter that starts here has no closing "---" line.' },
    ]);
  });

  it("a bad key, a second Key line, text after the example block and an empty block are errors naming their lines", async () => {
    const actor = await admin();
    const md = [
      "# Returns", // 1
      "Key: returns start!", // 2
      "Within 30 days.",
      "# Exchanges", // 4
      "Key: exchanges",
      "Key: exchanges/size", // 6
      "Any store.",
      "Example questions:", // 8
      "- Can I swap a size?",
      "Bring the receipt.", // 10
      "# Delivery", // 11
      "Next day.",
      "Contoh pertanyaan:", // 13
    ].join("\n");
    expect(await expectRows(actor, "faq.md", md)).toEqual([
      { row: "line 6", message: '"Exchanges" has a second Key line (also line 5).' },
      { row: "line 10", message: 'Only "- question" lines may follow "Example questions:" (it ends the article\'s text).' },
      { row: "line 13", message: '"Contoh pertanyaan:" has no "- question" lines under it.' },
      { row: "line 1", message: "key: Use up to 120 letters, digits, _ - / or . for the key." },
    ]);
  });
});

describe("CSV: audience, examples, key and language columns", () => {
  it("sets each row's audience, examples (split on ' | ' or line breaks), key and language; blank cells take the form's choices", async () => {
    const actor = await admin();
    const csv = [
      "Question,Answer,Audience,Examples,Key,Language",
      'Where is my parcel?,Track it at jne.co.id.,customer,"where is my order | has my parcel shipped\nparcel late",delivery/track,en',
      "Di mana paket saya?,Lacak di jne.co.id.,,,delivery/track,id",
      "How do I escalate a late parcel?,Open a JNE claim after 7 days.,Internal,,,",
    ].join("\n");
    expect(await importFile(actor, "delivery.csv", csv, { audience: "internal" })).toEqual({ inserted: 3, updated: 0 });
    expect(await articlesIn(actor.orgId)).toEqual([
      { title: "Di mana paket saya?", body: "Lacak di jne.co.id.", language: "id", audience: "internal", examples: [], topicKey: "delivery/track" },
      { title: "How do I escalate a late parcel?", body: "Open a JNE claim after 7 days.", language: "en", audience: "internal", examples: [], topicKey: null },
      { title: "Where is my parcel?", body: "Track it at jne.co.id.", language: "en", audience: "customer", examples: ["where is my order", "has my parcel shipped", "parcel late"], topicKey: "delivery/track" },
    ]);
  });

  it("a bad audience, language or key is an error naming the row and the field, and no row is imported", async () => {
    const actor = await admin();
    const csv = [
      "question,answer,audience,key,language",
      "When are you open?,Nine to five.,customer,hours,en",
      "Do you ship abroad?,No.,public,,",
      "Apakah buka hari Minggu?,Tidak.,,,fr",
      "Can I pay later?,Yes with Kredivo.,,pay later!,",
    ].join("\n");
    expect(await expectRows(actor, "faq.csv", csv)).toEqual([
      { row: "row 3", message: 'audience must be customer or internal, not "public".' },
      { row: "row 4", message: 'language must be en or id, not "fr".' },
      { row: "row 5", message: "key: Use up to 120 letters, digits, _ - / or . for the key." },
    ]);
  });

  it("an example question over 300 characters and a key used twice in one language are row errors", async () => {
    const actor = await admin();
    const csv = [
      "question,answer,examples,key",
      `When are you open?,Nine to five.,${"x".repeat(301)},hours`,
      "What are your hours?,Nine to five.,,hours",
    ].join("\n");
    expect(await expectRows(actor, "faq.csv", csv)).toEqual([
      { row: "row 2", message: "example questions: Keep each example question under 300 characters." },
      { row: "row 3", message: 'key "hours" is used twice in en (also row 2); each language of a key is one article.' },
    ]);
  });
});

const helpCentre = (entries: unknown[]) => JSON.stringify(entries);

describe("help-centre JSON", () => {
  it("imports one article per entry and language, sharing the entry's key, customer-facing unless the entry says otherwise", async () => {
    const actor = await admin();
    const json = helpCentre([
      {
        key: "test_refund/status", flow: "refund", policy: ["not imported"],
        en: { title: "Refund status", body: "Refunds reach your card in 5 working days.", examples: ["where is my refund", "refund status"] },
        id: { title: "Status refund", body: "Refund masuk ke kartu dalam 5 hari kerja.", examples: ["refund saya di mana"] },
      },
      { key: "test_refund/manual", audience: "internal", en: { title: "Manual refund steps", body: "Open the order, press Refund, pick the reason.", examples: [] } },
    ]);
    // the form's language doesn't apply: every text says which language it is
    expect(await importFile(actor, "refunds.json", json, { collection: "Refund help", language: "id" })).toEqual({ inserted: 3, updated: 0 });
    expect(await articlesIn(actor.orgId, "Refund help")).toEqual([
      { title: "Manual refund steps", body: "Open the order, press Refund, pick the reason.", language: "en", audience: "internal", examples: [], topicKey: "test_refund/manual" },
      { title: "Refund status", body: "Refunds reach your card in 5 working days.", language: "en", audience: "customer", examples: ["where is my refund", "refund status"], topicKey: "test_refund/status" },
      { title: "Status refund", body: "Refund masuk ke kartu dalam 5 hari kerja.", language: "id", audience: "customer", examples: ["refund saya di mana"], topicKey: "test_refund/status" },
    ]);
    // importing it again updates the same three articles
    expect(await importFile(actor, "refunds.json", json, { collection: "Refund help" })).toEqual({ inserted: 0, updated: 3 });
  });

  it("an entry without an audience takes the form's", async () => {
    const actor = await admin();
    await importFile(actor, "notes.json", helpCentre([{ key: "test/notes", en: { title: "Refund notes", body: "Check the order first." } }]), { audience: "internal" });
    expect(await articlesIn(actor.orgId)).toEqual([expect.objectContaining({ title: "Refund notes", audience: "internal", topicKey: "test/notes", examples: [] })]);
  });

  it("a bad audience, a missing key or an entry with no language is a row error with its path, and nothing is imported", async () => {
    const actor = await admin();
    const json = helpCentre([
      { key: "test/ok", en: { title: "Fine", body: "Fine." } },
      { key: "test/public", audience: "public", en: { title: "Public", body: "Public." } },
      { en: { title: "No key", body: "No key." } },
      { key: "test/empty" },
      { key: "test/blank", id: { title: "Kosong", body: "  " } },
    ]);
    const error = await expectRefused(actor.orgId, KnowledgeFileError, () => importFile(actor, "faq.json", json));
    expect(error.message).toMatch(/help-centre format/);
    expect(error.rows).toEqual([
      { row: "entry 2 › audience", message: 'Audience must be "customer" or "internal".' },
      { row: "entry 3 › key", message: expect.any(String) },
      { row: "entry 4", message: "Give the answer in at least one language (en or id)." },
      { row: "entry 5 › id › body", message: "body is empty" },
    ]);
  });

  it("a key and language another article already has is a row error; the same key in the other language is its translation", async () => {
    const actor = await admin();
    await importFile(actor, "refunds.json", helpCentre([{ key: "test_refund/status", en: { title: "Refund status", body: "Five working days." } }]));
    const clash = helpCentre([{ key: "test_refund/status", en: { title: "Where is my refund", body: "Five days." }, id: { title: "Status refund", body: "Lima hari kerja." } }]);
    expect(await expectRows(actor, "refunds-2.json", clash)).toEqual([
      { row: "test_refund/status (en)", message: 'key "test_refund/status" is already the English article "Refund status"; give this one another key or language.' },
    ]);
    await importFile(actor, "refunds-id.json", helpCentre([{ key: "test_refund/status", id: { title: "Status refund", body: "Lima hari kerja." } }]));
    expect((await articlesIn(actor.orgId)).map((a) => [a.topicKey, a.language])).toEqual([["test_refund/status", "en"], ["test_refund/status", "id"]]);
  });
});

describe("policy-guideline JSON", () => {
  it("is imported as internal guidance even when the form says customer-facing", async () => {
    const actor = await admin();
    const guidelines = readFileSync(path.join(SEED_DATA_DIR, "kb-abcd", "guidelines.json"), "utf8");
    await importFile(actor, "guidelines.json", guidelines, { collection: "ABCD policies", audience: "customer" });
    const articles = await articlesIn(actor.orgId, "ABCD policies");
    expect(articles.length).toBeGreaterThan(0);
    expect(new Set(articles.map((a) => a.audience))).toEqual(new Set(["internal"]));
  });
});

describe("the import form's audience", () => {
  it("an audience other than customer or internal is a field error and nothing is written", async () => {
    const actor = await admin();
    const error = await expectRefused(actor.orgId, ZodError, () => importFile(actor, "faq.md", "# Returns\nWithin 30 days.\n", { audience: "public" }));
    expect(error.issues.map((i) => i.path.join("."))).toEqual(["audience"]);
  });
});

describe("editing audience, example questions and topic key", () => {
  async function withArticle() {
    const actor = await admin();
    await importFile(actor, "returns.md", "# Returns\nWithin 30 days.\nExample questions:\n- How do I return?\n- Can I return shoes?\n# Retur\nDalam 30 hari.\nKey: test_returns/start\n", {});
    const article = await articleTitled(actor.orgId, "Returns");
    const edit = { collection: article.collection, title: article.title, body: article.body, language: "en" };
    return { actor, article, edit };
  }

  it("saves them from form values (examples one per line, blank lines dropped) and audits examples as counts", async () => {
    const { actor, article, edit } = await withArticle();
    const audit = await auditCount(db, actor.orgId);
    const input = { ...edit, audience: "internal", topicKey: " test_returns/policy ", examples: "How do I return?\r\n\nWhat is the return window?\nCan I return sale items?\n" };
    await updateArticle(db, { actor, articleId: article.id, input });

    expect(await getArticle(db, { orgId: actor.orgId, articleId: article.id })).toMatchObject({
      audience: "internal", topicKey: "test_returns/policy", examples: ["How do I return?", "What is the return window?", "Can I return sale items?"],
    });
    expect(await auditCount(db, actor.orgId)).toBe(audit + 1);
    const [entry] = (await auditEntries(db, actor.orgId)).slice(-1);
    expect(entry).toMatchObject({
      action: "knowledge.article_updated", targetId: article.id,
      changes: {
        audience: { from: "customer", to: "internal" },
        topicKey: { from: null, to: "test_returns/policy" },
        examples: { from: "2 example questions", to: "3 example questions (2 added, 1 removed)" },
      },
    });
    expect(JSON.stringify(entry)).not.toContain("return window");
  });

  it("accepts examples as a list, a blank topic key clears it, and a field left out stays as it was", async () => {
    const { actor, article, edit } = await withArticle();
    await updateArticle(db, { actor, articleId: article.id, input: { ...edit, examples: ["Return policy?"], topicKey: "test_returns/start_en" } });
    await updateArticle(db, { actor, articleId: article.id, input: { ...edit, topicKey: "  " } });
    expect(await getArticle(db, { orgId: actor.orgId, articleId: article.id })).toMatchObject({ audience: "customer", examples: ["Return policy?"], topicKey: null });
  });

  it("a bad audience, a bad key or a too-long example question is a field error and nothing is saved", async () => {
    const { actor, article, edit } = await withArticle();
    const fields = async (input: Record<string, unknown>) => {
      const error = await expectRefused(actor.orgId, ZodError, () => updateArticle(db, { actor, articleId: article.id, input: { ...edit, ...input } }));
      return error.issues.map((i) => String(i.path[0]));
    };
    expect(await fields({ audience: "public" })).toEqual(["audience"]);
    expect(await fields({ topicKey: "returns start!" })).toEqual(["topicKey"]);
    expect(await fields({ examples: `Fine?\n${"x".repeat(301)}` })).toEqual(["examples"]);
  });

  it("a key another article of the same language has is a field error on the key", async () => {
    const { actor, article, edit } = await withArticle();
    const retur = await articleTitled(actor.orgId, "Retur");
    // both articles were imported in English; the key is free for one English article only
    const error = await expectRefused(actor.orgId, ZodError, () => updateArticle(db, { actor, articleId: article.id, input: { ...edit, topicKey: "test_returns/start" } }));
    expect(error.issues).toEqual([expect.objectContaining({ path: ["topicKey"], message: '"Retur" is already the English article for this key.' })]);
    // as its Indonesian translation it may share the key
    await updateArticle(db, { actor, articleId: retur.id, input: { collection: retur.collection, title: retur.title, body: retur.body, language: "id" } });
    await updateArticle(db, { actor, articleId: article.id, input: { ...edit, topicKey: "test_returns/start" } });
    expect(await getArticle(db, { orgId: actor.orgId, articleId: article.id })).toMatchObject({ topicKey: "test_returns/start", language: "en" });
  });
});

describe("the terms retrieval compares a message with (issue 20: stemmed once, at write time)", () => {
  it("are the title's and each example question's stems in the article's language, and follow an edit at once", async () => {
    const actor = await admin();
    await importFile(actor, "returns.md", "# Returns\nWithin 30 days.\nExample questions:\n- How do I return shoes?\n");
    await importFile(actor, "retur.md", "# Retur\nDalam 30 hari.\nExample questions:\n- Bagaimana cara retur sepatunya?\n", { language: "id" });
    const english = await articleTitled(actor.orgId, "Returns");
    expect(english.questionTerms).toEqual([["return"], ["return", "shoe"]]);
    // the Indonesian stemmer: "sepatunya" (its shoes) → "sepatu"
    expect((await articleTitled(actor.orgId, "Retur")).questionTerms).toEqual([["retur"], ["bagaimana", "cara", "retur", "sepatu"]]);

    const question = "can I swap my sneakers for another colour";
    const before = (await retrieveArticles(db, { orgId: actor.orgId, text: question })).find((a) => a.articleId === english.id);
    const edit = { collection: english.collection, title: english.title, body: english.body, language: "en", examples: ["How do I return shoes?", "Can I swap my sneakers for another colour?"] };
    await updateArticle(db, { actor, articleId: english.id, input: edit });
    expect((await articleTitled(actor.orgId, "Returns")).questionTerms).toEqual([["return"], ["return", "shoe"], ["anoth", "colour", "sneaker", "swap"]]);
    const after = (await retrieveArticles(db, { orgId: actor.orgId, text: question })).find((a) => a.articleId === english.id);
    // before the edit nothing of the message is in its questions; after it, one of its two closest questions is the
    // message itself (the similarity is the mean of the two closest, so 1 and 0 make 0.5)
    expect(before?.questionSimilarity ?? 0).toBeLessThan(0.1);
    expect(after?.questionSimilarity).toBeGreaterThanOrEqual(0.49);
  });
});

describe("the knowledge page's list", () => {
  it("shows each article's audience and example-question count, filters by audience and counts both audiences", async () => {
    const actor = await admin();
    const csv = "question,answer,audience,examples\nWhen are you open?,Nine to five.,customer,opening hours | are you open today\nHow do I close a ticket?,Press Resolve.,internal,\n";
    await importFile(actor, "mixed.csv", csv, { collection: "Mixed" });
    const list = (params: Record<string, string>) => listArticles(db, { orgId: actor.orgId, params: knowledgeParamsSchema.parse({ collection: "Mixed", ...params }) });

    expect((await list({})).rows.map(({ title, audience, exampleCount }) => ({ title, audience, exampleCount }))).toEqual([
      { title: "How do I close a ticket?", audience: "internal", exampleCount: 0 },
      { title: "When are you open?", audience: "customer", exampleCount: 2 },
    ]);
    expect(await list({ audience: "internal" })).toMatchObject({ total: 1, rows: [{ title: "How do I close a ticket?" }] });
    expect(await list({ audience: "customer" })).toMatchObject({ total: 1, rows: [{ title: "When are you open?" }] });
    // a bad value in the URL shows everything rather than failing the page
    expect(await list({ audience: "public" })).toMatchObject({ total: 2 });
    // q also matches example questions
    expect(await list({ q: "open today" })).toMatchObject({ total: 1, rows: [{ title: "When are you open?" }] });
    expect(await countByAudience(db, { orgId: actor.orgId, collection: "Mixed" })).toEqual({ customer: 1, internal: 1 });
  });
});
