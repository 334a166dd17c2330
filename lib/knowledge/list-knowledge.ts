import { and, asc, count, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { knowledgeArticles, type KnowledgeAudience } from "@/db/schema";
import { audienceSchema } from "./article-input";

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
export const KNOWLEDGE_PAGE_SIZE = 25;

/** Knowledge page URL params: collection and audience filters, title/text/example-question filter `q`, page, and a search-preview query. */
export const knowledgeParamsSchema = z.object({
  collection: z.preprocess(first, z.string().trim().min(1).max(120).optional().catch(undefined)),
  audience: z.preprocess(first, audienceSchema.optional().catch(undefined)),
  q: z.preprocess(first, z.string().trim().min(1).max(200).optional().catch(undefined)),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).catch(1)).default(1),
  preview: z.preprocess(first, z.string().trim().min(1).max(500).optional().catch(undefined)),
});

export type KnowledgeParams = z.infer<typeof knowledgeParamsSchema>;

/** The org's collections with their article counts, by name. */
export function listCollections(db: Db, { orgId }: { orgId: string }) {
  return db
    .select({ name: knowledgeArticles.collection, articles: count() })
    .from(knowledgeArticles)
    .where(eq(knowledgeArticles.orgId, orgId))
    .groupBy(knowledgeArticles.collection)
    .orderBy(asc(knowledgeArticles.collection));
}

/** How many of the org's articles (of one collection, if given) are customer-facing and internal. */
export async function countByAudience(db: Db, { orgId, collection }: { orgId: string; collection?: string }): Promise<Record<KnowledgeAudience, number>> {
  const rows = await db
    .select({ audience: knowledgeArticles.audience, articles: count() })
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.orgId, orgId), collection ? eq(knowledgeArticles.collection, collection) : undefined))
    .groupBy(knowledgeArticles.audience);
  return { customer: 0, internal: 0, ...Object.fromEntries(rows.map((r) => [r.audience, r.articles])) };
}

/**
 * One page of the org's articles (collection, audience and text filters), by collection then title, with the total;
 * each row has its audience and `exampleCount` (how many example questions it lists).
 */
export async function listArticles(db: Db, { orgId, params }: { orgId: string; params: KnowledgeParams }) {
  const escaped = params.q?.replace(/[\\%_]/g, (c) => `\\${c}`);
  const where: SQL | undefined = and(
    eq(knowledgeArticles.orgId, orgId),
    params.collection ? eq(knowledgeArticles.collection, params.collection) : undefined,
    params.audience ? eq(knowledgeArticles.audience, params.audience) : undefined,
    escaped
      ? or(ilike(knowledgeArticles.title, `%${escaped}%`), ilike(knowledgeArticles.body, `%${escaped}%`), sql`${knowledgeArticles.examples}::text ilike ${`%${escaped}%`}`)
      : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: knowledgeArticles.id, collection: knowledgeArticles.collection, title: knowledgeArticles.title, language: knowledgeArticles.language,
        audience: knowledgeArticles.audience, exampleCount: sql<number>`jsonb_array_length(${knowledgeArticles.examples})`.mapWith(Number),
        sourceKey: knowledgeArticles.sourceKey, updatedAt: knowledgeArticles.updatedAt,
      })
      .from(knowledgeArticles)
      .where(where)
      .orderBy(asc(knowledgeArticles.collection), asc(knowledgeArticles.title))
      .limit(KNOWLEDGE_PAGE_SIZE)
      .offset((params.page - 1) * KNOWLEDGE_PAGE_SIZE),
    db.select({ n: count() }).from(knowledgeArticles).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** One article of the org, or null (another org's id or a malformed one). */
export async function getArticle(db: Db, { orgId, articleId }: { orgId: string; articleId: string }) {
  if (!z.uuid().safeParse(articleId).success) return null;
  const [row] = await db
    .select()
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.id, articleId), eq(knowledgeArticles.orgId, orgId)))
    .limit(1);
  return row ?? null;
}
