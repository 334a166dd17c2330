import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { knowledgeArticles } from "@/db/schema";
import { articleInputSchema, type ArticleInput } from "./article-input";
import { refreshKnowledgeTerms } from "./refresh-terms";

/**
 * Inserts or updates articles by `(org_id, source_key)`: importing the same file twice updates, never duplicates.
 * Runs in one transaction: either every article is written or none.
 * @returns counts of rows written (`inserted` new, `updated` existing; `written` both)
 * @throws ZodError if any input is invalid (nothing written)
 */
export async function upsertArticles(
  db: Db,
  { orgId, articles }: { orgId: string; articles: ArticleInput[] },
): Promise<{ written: number; inserted: number; updated: number }> {
  const rows = articles.map((a) => ({ ...articleInputSchema.parse(a), orgId }));
  if (rows.length === 0) return { written: 0, inserted: 0, updated: 0 };
  let inserted = 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const result = await tx
        .insert(knowledgeArticles)
        .values(rows.slice(i, i + 500))
        .onConflictDoUpdate({
          target: [knowledgeArticles.orgId, knowledgeArticles.sourceKey],
          set: {
            collection: sql`excluded.collection`,
            title: sql`excluded.title`,
            body: sql`excluded.body`,
            language: sql`excluded.language`,
            audience: sql`excluded.audience`,
            examples: sql`excluded.examples`,
            topicKey: sql`excluded.topic_key`,
            updatedAt: sql`now()`,
          },
        })
        // xmax = 0 only on a freshly inserted row version
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      inserted += result.filter((r) => r.inserted).length;
    }
    await refreshKnowledgeTerms(tx, orgId);
  });
  return { written: rows.length, inserted, updated: rows.length - inserted };
}
