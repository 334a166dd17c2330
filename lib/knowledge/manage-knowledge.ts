/**
 * Writing the org's knowledge base from the console (issue 4, Knowledge): import a file, edit or delete an article.
 * Owners and admins only (supervisors see it read-only); each write and its audit entry are one transaction.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { knowledgeArticles } from "@/db/schema";
import { diffFields, recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { articleInputSchema } from "./article-input";
import { parseKnowledgeFile } from "./parse-knowledge-file";
import { refreshKnowledgeTerms } from "./refresh-terms";
import { upsertArticles } from "./upsert-articles";

function assertKnowledgeAdmin(actor: Membership): void {
  if (actor.role !== "owner" && actor.role !== "admin") throw new UserError("Only owners and admins change the knowledge base.", 403);
}

export const importOptionsSchema = z.object({
  collection: z.string().trim().min(1, "Name the collection.").max(120, "At most 120 characters."),
  language: z.enum(["en", "id"], "Choose English or Bahasa Indonesia."),
});

/**
 * Imports an uploaded file into a collection: new articles are added, ones from an earlier import of the same file
 * are updated (never duplicated).
 * @returns how many were added and updated
 * @throws UserError 403; ZodError (collection/language); KnowledgeFileError with the bad rows (nothing written)
 */
export async function importKnowledge(
  db: Db,
  { actor, filename, content, options }: { actor: Membership; filename: string; content: string; options: unknown },
): Promise<{ inserted: number; updated: number }> {
  assertKnowledgeAdmin(actor);
  const { collection, language } = importOptionsSchema.parse(options);
  const articles = parseKnowledgeFile({ filename, content, collection, language });
  return db.transaction(async (tx) => {
    const { inserted, updated } = await upsertArticles(tx, { orgId: actor.orgId, articles });
    await recordAudit(tx, {
      actor, area: "knowledge", action: "knowledge.imported", targetLabel: `${filename} → ${collection}`,
      changes: { articles_added: { from: null, to: inserted }, articles_updated: { from: null, to: updated } },
    });
    return { inserted, updated };
  });
}

export const articleEditSchema = articleInputSchema.pick({ collection: true, title: true, body: true, language: true }).extend({
  collection: z.string().trim().min(1, "Name the collection.").max(120),
  title: z.string().trim().min(1, "Enter a title.").max(300),
  body: z.string().trim().min(1, "Enter the article text.").max(100_000),
});

/**
 * Edits an article of the org.
 * @throws UserError 403, 404 (not in the org); ZodError for bad fields
 */
export async function updateArticle(db: Db, { actor, articleId, input }: { actor: Membership; articleId: string; input: unknown }): Promise<void> {
  assertKnowledgeAdmin(actor);
  const next = articleEditSchema.parse(input);
  if (!z.uuid().safeParse(articleId).success) throw new UserError("That article isn't in your knowledge base.", 404);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ collection: knowledgeArticles.collection, title: knowledgeArticles.title, body: knowledgeArticles.body, language: knowledgeArticles.language })
      .from(knowledgeArticles)
      .where(and(eq(knowledgeArticles.id, articleId), eq(knowledgeArticles.orgId, actor.orgId)))
      .for("update");
    if (!before) throw new UserError("That article isn't in your knowledge base.", 404);
    const changes = diffFields(before, next);
    if (Object.keys(changes).length === 0) return;
    await tx.update(knowledgeArticles).set({ ...next, updatedAt: new Date() }).where(eq(knowledgeArticles.id, articleId));
    await refreshKnowledgeTerms(tx, actor.orgId);
    // long bodies are summarised in the audit log by their length, not copied
    if (changes.body) changes.body = { from: `${before.body.length} characters`, to: `${next.body.length} characters` };
    await recordAudit(tx, { actor, area: "knowledge", action: "knowledge.article_updated", targetId: articleId, targetLabel: next.title, changes });
  });
}

/**
 * Deletes an article of the org.
 * @throws UserError 403, 404
 */
export async function deleteArticle(db: Db, { actor, articleId }: { actor: Membership; articleId: string }): Promise<void> {
  assertKnowledgeAdmin(actor);
  if (!z.uuid().safeParse(articleId).success) throw new UserError("That article isn't in your knowledge base.", 404);
  await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(knowledgeArticles)
      .where(and(eq(knowledgeArticles.id, articleId), eq(knowledgeArticles.orgId, actor.orgId)))
      .returning({ title: knowledgeArticles.title, collection: knowledgeArticles.collection });
    if (!gone) throw new UserError("That article isn't in your knowledge base.", 404);
    await refreshKnowledgeTerms(tx, actor.orgId);
    await recordAudit(tx, { actor, area: "knowledge", action: "knowledge.article_deleted", targetId: articleId, targetLabel: gone.title, changes: { collection: { from: gone.collection, to: null } } });
  });
}
