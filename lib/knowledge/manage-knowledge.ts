/**
 * Writing the org's knowledge base from the console (issue 4, Knowledge): import a file, edit or delete an article.
 * Owners and admins only (supervisors see it read-only); each write and its audit entry are one transaction.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { knowledgeArticles } from "@/db/schema";
import { diffFields, recordAudit } from "@/lib/audit/record-audit";
import { requireCapability } from "@/lib/auth/roles";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { localized, say } from "@/lib/i18n/language-scope";
import { articleInputSchema, audienceSchema, examplesSchema, topicKeySchema } from "./article-input";
import { KnowledgeFileError, parseKnowledgeFile, type FileArticle, type RowError } from "./parse-knowledge-file";
import { refreshKnowledgeTerms } from "./refresh-terms";
import { upsertArticles } from "./upsert-articles";

function assertKnowledgeAdmin(actor: Membership): void {
  requireCapability(actor, "manageKnowledge", "roles.manageKnowledge");
}

export const importOptionsSchema = z.object({
  collection: z.string().trim().min(1, localized("knowledge.collectionRequired")).max(120, localized("knowledge.collectionTooLong", { max: 120 })),
  language: z.enum(["en", "id"], localized("knowledge.chooseLanguage")),
  /** for the articles whose file doesn't set one (front matter, CSV column, help-centre entry) */
  audience: z.enum(audienceSchema.options, localized("knowledge.chooseAudience")).default("customer"),
});

/**
 * Imported articles whose topic key and language are already those of another article of the org that the file
 * doesn't also write (the key + language pair is unique).
 */
async function topicKeyConflicts(db: Db, { orgId, articles }: { orgId: string; articles: FileArticle[] }): Promise<RowError[]> {
  const keys = [...new Set(articles.flatMap((a) => (a.topicKey ? [a.topicKey.trim()] : [])))];
  if (keys.length === 0) return [];
  const existing = await db
    .select({ sourceKey: knowledgeArticles.sourceKey, title: knowledgeArticles.title, topicKey: knowledgeArticles.topicKey, language: knowledgeArticles.language })
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.orgId, orgId), inArray(knowledgeArticles.topicKey, keys)));
  const written = new Set(articles.map((a) => a.sourceKey));
  return articles.flatMap((a) => {
    const other = existing.find((e) => e.topicKey === a.topicKey?.trim() && e.language === a.language && e.sourceKey !== a.sourceKey && !written.has(e.sourceKey));
    return other ? [{ row: a.row, message: say("knowledge.file.keyTaken", { key: other.topicKey ?? "", language: a.language, title: other.title }) }] : [];
  });
}

/**
 * Imports an uploaded file into a collection: new articles are added, ones from an earlier import of the same file
 * are updated (never duplicated).
 * @returns how many were added and updated
 * @throws UserError 403; ZodError (collection/language/audience); KnowledgeFileError with the bad rows, including a
 *   topic key + language another article already has (nothing written)
 */
export async function importKnowledge(
  db: Db,
  { actor, filename, content, options }: { actor: Membership; filename: string; content: string; options: unknown },
): Promise<{ inserted: number; updated: number }> {
  assertKnowledgeAdmin(actor);
  const { collection, language, audience } = importOptionsSchema.parse(options);
  const articles = parseKnowledgeFile({ filename, content, collection, language, audience });
  return db.transaction(async (tx) => {
    const conflicts = await topicKeyConflicts(tx, { orgId: actor.orgId, articles });
    if (conflicts.length) throw new KnowledgeFileError(say("knowledge.file.problems", { count: conflicts.length }), conflicts);
    const { inserted, updated } = await upsertArticles(tx, { orgId: actor.orgId, articles });
    await recordAudit(tx, {
      actor, area: "knowledge", action: "knowledge.imported", targetLabel: `${filename} → ${collection}`,
      changes: { articles_added: { from: null, to: inserted }, articles_updated: { from: null, to: updated } },
    });
    return { inserted, updated };
  });
}

/** A textarea's value, one item per line, or already a list. */
const linesOf = (v: unknown) => (typeof v === "string" ? v.split(/\r?\n/) : v);
const blankAsNull = (v: unknown) => (typeof v === "string" && !v.trim() ? null : v);

/**
 * An article edit. `audience`, `examples` (a list, or one question per line) and `topicKey` (blank clears it) may be
 * left out, which keeps them as they are.
 */
export const articleEditSchema = articleInputSchema.pick({ collection: true, title: true, body: true, language: true }).extend({
  collection: z.string().trim().min(1, localized("knowledge.collectionRequired")).max(120),
  title: z.string().trim().min(1, localized("knowledge.titleRequired")).max(300),
  body: z.string().trim().min(1, localized("knowledge.bodyRequired")).max(100_000),
  audience: audienceSchema.optional(),
  examples: z.preprocess(linesOf, examplesSchema).optional(),
  topicKey: z.preprocess(blankAsNull, topicKeySchema.nullable()).optional(),
});

const questions = (n: number) => `${n} example question${n === 1 ? "" : "s"}`;

/** Example questions in the audit log: counts, plus how many were added and removed. */
function examplesChange(from: string[], to: string[]): { from: string; to: string } {
  const added = to.filter((q) => !from.includes(q)).length;
  const removed = from.filter((q) => !to.includes(q)).length;
  const detail = [added ? `${added} added` : "", removed ? `${removed} removed` : ""].filter(Boolean).join(", ");
  return { from: questions(from.length), to: detail ? `${questions(to.length)} (${detail})` : questions(to.length) };
}

/**
 * Edits an article of the org. Long text and example questions are summarised in the audit entry, not copied.
 * @throws UserError 403, 404 (not in the org); ZodError for bad fields, including a topic key another article of
 *   the same language has (path `topicKey`)
 */
export async function updateArticle(db: Db, { actor, articleId, input }: { actor: Membership; articleId: string; input: unknown }): Promise<void> {
  assertKnowledgeAdmin(actor);
  const parsed = articleEditSchema.parse(input);
  // a field left out stays as it is
  const next = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) as typeof parsed;
  if (!z.uuid().safeParse(articleId).success) throw new UserError(say("knowledge.articleNotFound"), 404);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        collection: knowledgeArticles.collection, title: knowledgeArticles.title, body: knowledgeArticles.body, language: knowledgeArticles.language,
        audience: knowledgeArticles.audience, examples: knowledgeArticles.examples, topicKey: knowledgeArticles.topicKey,
      })
      .from(knowledgeArticles)
      .where(and(eq(knowledgeArticles.id, articleId), eq(knowledgeArticles.orgId, actor.orgId)))
      .for("update");
    if (!before) throw new UserError(say("knowledge.articleNotFound"), 404);
    const changes = diffFields(before, next);
    if (Object.keys(changes).length === 0) return;
    const topicKey = next.topicKey === undefined ? before.topicKey : next.topicKey;
    if (topicKey && (changes.topicKey || changes.language)) {
      const [taken] = await tx
        .select({ title: knowledgeArticles.title })
        .from(knowledgeArticles)
        .where(and(eq(knowledgeArticles.orgId, actor.orgId), eq(knowledgeArticles.topicKey, topicKey), eq(knowledgeArticles.language, next.language), ne(knowledgeArticles.id, articleId)))
        .limit(1);
      if (taken) {
        const message = say("knowledge.topicKeyTaken", { title: taken.title, language: next.language });
        throw new z.ZodError([{ code: "custom", path: ["topicKey"], message, input: topicKey }]);
      }
    }
    await tx.update(knowledgeArticles).set({ ...next, updatedAt: new Date() }).where(eq(knowledgeArticles.id, articleId));
    await refreshKnowledgeTerms(tx, actor.orgId);
    if (changes.body) changes.body = { from: `${before.body.length} characters`, to: `${next.body.length} characters` };
    if (changes.examples) changes.examples = examplesChange(before.examples, next.examples ?? []);
    await recordAudit(tx, { actor, area: "knowledge", action: "knowledge.article_updated", targetId: articleId, targetLabel: next.title, changes });
  });
}

/**
 * Deletes an article of the org.
 * @throws UserError 403, 404
 */
export async function deleteArticle(db: Db, { actor, articleId }: { actor: Membership; articleId: string }): Promise<void> {
  assertKnowledgeAdmin(actor);
  if (!z.uuid().safeParse(articleId).success) throw new UserError(say("knowledge.articleNotFound"), 404);
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(knowledgeArticles)
      .where(and(eq(knowledgeArticles.id, articleId), eq(knowledgeArticles.orgId, actor.orgId)))
      .returning({ title: knowledgeArticles.title, collection: knowledgeArticles.collection });
    if (!gone) throw new UserError(say("knowledge.articleNotFound"), 404);
    await refreshKnowledgeTerms(tx, actor.orgId);
    await recordAudit(tx, { actor, area: "knowledge", action: "knowledge.article_deleted", targetId: articleId, targetLabel: gone.title, changes: { collection: { from: gone.collection, to: null } } });
  });
}
