import { sql } from "drizzle-orm";
import { executeRows } from "@/db/execute-rows";
import type { Db } from "@/db/client";
import { toOrQuery } from "./normalize-query";

export type RetrievedArticle = {
  articleId: string;
  title: string;
  body: string;
  /** ts_rank_cd with normalization 32, i.e. rank/(rank+1): 0..1 */
  rank: number;
  /** share of the message's distinct search terms (English stems, stop words removed) the article contains: 0..1 */
  coverage: number;
  /** number of the message's distinct search terms the article contains */
  matchedTerms: number;
  /** number of distinct search terms in the message */
  totalTerms: number;
};

/**
 * Full-text retrieval over the org's knowledge articles: `websearch_to_tsquery('english', …)` on an OR-query of
 * the message's words, GIN-indexed `@@` match, ranked by `ts_rank_cd`, best first.
 * @returns up to `limit` articles (empty when nothing matches or the message has no searchable word)
 */
export async function retrieveArticles(
  db: Db,
  { orgId, text, limit = 3 }: { orgId: string; text: string; limit?: number },
): Promise<RetrievedArticle[]> {
  const orQuery = toOrQuery(text);
  if (!orQuery) return [];
  const rows = await executeRows<{
    article_id: string;
    title: string;
    body: string;
    rank: number;
    matched_terms: number;
    total_terms: number;
  }>(
    db,
    sql`
    WITH q AS (SELECT websearch_to_tsquery('english', ${orQuery}) AS query),
    terms AS (SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', ${orQuery.replaceAll(" or ", " ")}))) AS term)
    SELECT a.id AS article_id, a.title, a.body,
      ts_rank_cd(a.search, q.query, 32)::float8 AS rank,
      (SELECT count(*) FROM terms WHERE a.search @@ plainto_tsquery('simple', terms.term))::int AS matched_terms,
      (SELECT count(*) FROM terms)::int AS total_terms
    FROM knowledge_articles a, q
    WHERE a.org_id = ${orgId} AND a.search @@ q.query
    ORDER BY rank DESC, a.id
    LIMIT ${limit}
  `,
  );
  return rows.map((r) => ({
    articleId: r.article_id,
    title: r.title,
    body: r.body,
    rank: Number(r.rank),
    matchedTerms: Number(r.matched_terms),
    totalTerms: Number(r.total_terms),
    coverage: Number(r.total_terms) === 0 ? 0 : Number(r.matched_terms) / Number(r.total_terms),
  }));
}
