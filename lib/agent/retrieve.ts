import { sql } from "drizzle-orm";
import { executeRows } from "@/db/execute-rows";
import type { Db } from "@/db/client";
import { toOrQuery } from "./normalize-query";

export type RetrievedArticle = {
  articleId: string;
  title: string;
  body: string;
  collection: string;
  language: string;
  /** ts_rank_cd with normalization 32, i.e. rank/(rank+1): 0..1 (0 for a title-similarity-only hit) */
  rank: number;
  /** share of the message's distinct search terms (stemmed in the article's language) the article contains: 0..1 */
  coverage: number;
  /** pg_trgm `word_similarity` of the message within the title, 0..1 (computed for short messages only, else 0) */
  titleSimilarity: number;
  /**
   * share of the message's search terms found in the title's topic (the part after "Flow — ", if any) or, when
   * higher, in one of the questions the article lists (FAQ articles): 0..1
   */
  titleCoverage: number;
  /** the retrieval score results are ordered by, 0..1: max(rank × √coverage × title factor, 0.9 × titleSimilarity) */
  score: number;
};

/** Messages of at most this many words also match article titles by trigram similarity (typos, fragments). */
export const SHORT_QUERY_WORDS = 3;
/** How many full-text candidates are re-scored by coverage (bounds the work on a large knowledge base). */
const CANDIDATES = 24;
/** Least pg_trgm word similarity for a title-only hit. */
const MIN_TITLE_SIMILARITY = 0.6; // pg_trgm's own `<%` threshold, so the index condition and this agree
/** A term in more than this share of the org's articles is left out of the match query (it still counts in coverage). */
const COMMON_TERM_SHARE = 0.05;
/** …and in more than this many articles (a small knowledge base is ranked in full: it is cheap and more accurate). */
const COMMON_TERM_MIN_DOCS = 100;
/** …except the rarest few terms of the message, which are always matched on. */
const ALWAYS_KEPT_TERMS = 3;
/**
 * How much of the full-text score stands regardless of the title: score = rank × √coverage × (W + (1 − W) ×
 * √titleCoverage). Guideline bodies mention many topics; the title names the one the article is about. 0.3 was the
 * best of {1, 0.6, 0.3} on the retrieval fixture (lib/agent/fixtures/retrieval-questions.json).
 */
const TITLE_WEIGHT = 0.3;

/**
 * Knowledge retrieval for the answering engine and the search preview (002_… answering engine).
 * - Full text, language-aware: the message is parsed by both the English and the Indonesian configuration and
 *   matched (GIN index) against each article's vector, built in the article's own language; each article is
 *   ranked with `ts_rank_cd` against the query in its language; the top {@link CANDIDATES} are re-scored by
 *   coverage (a message mostly about something else scores low even when one word matches).
 * - Short messages (≤ {@link SHORT_QUERY_WORDS} words) also match titles by `pg_trgm` word similarity, so "refnd
 *   status" or "jacket faq" still finds its article.
 * @param params.orgId tenant whose articles are searched (never another org's)
 * @param params.collections restrict to these collections; undefined = every collection
 * @param params.limit top-k, best first by `score`
 * @returns up to `limit` articles; empty when nothing matches or the message has no searchable word
 */
export async function retrieveArticles(
  db: Db,
  { orgId, text, limit = 3, collections }: { orgId: string; text: string; limit?: number; collections?: string[] },
): Promise<RetrievedArticle[]> {
  const orQuery = toOrQuery(text);
  if (!orQuery) return [];
  const words = orQuery.split(" or ");
  const short = words.length <= SHORT_QUERY_WORDS;
  const plain = words.join(" ");
  const inCollections = !collections
    ? sql``
    : collections.length === 0
      ? sql`AND false`
      : sql`AND a.collection IN (${sql.join(collections.map((c) => sql`${c}`), sql`, `)})`;
  const trigramHits = short
    ? sql`UNION
      SELECT a.id FROM knowledge_articles a
      WHERE a.org_id = ${orgId} ${inCollections} AND ${plain} <% a.title AND word_similarity(${plain}, a.title) >= ${MIN_TITLE_SIMILARITY}`
    : sql``;
  const rows = await executeRows<{
    article_id: string;
    title: string;
    body: string;
    collection: string;
    language: string;
    rank: number;
    coverage: number;
    title_similarity: number;
    title_coverage: number;
  }>(
    db,
    sql`
    WITH terms AS (
      SELECT 'en' AS language, unnest(tsvector_to_array(to_tsvector('english', ${plain}))) AS term
      UNION ALL
      SELECT 'id', unnest(tsvector_to_array(to_tsvector('indonesian', ${plain})))
    ),
    -- the terms to match on: those in some article, without the very common ones (each matches a large share of the
    -- articles, all of which would be ranked) — but always the rarest few, so a message of common words still matches
    df AS (
      SELECT k.term, k.ndoc, row_number() OVER (ORDER BY k.ndoc, k.term) AS rarity
      FROM (SELECT DISTINCT term FROM terms) t
      JOIN knowledge_terms k ON k.org_id = ${orgId} AND k.term = t.term
    ),
    q AS (
      SELECT to_tsquery('simple', string_agg(quote_literal(df.term), ' | ')) AS query
      FROM df
      WHERE df.rarity <= ${ALWAYS_KEPT_TERMS}::int
        OR df.ndoc <= greatest(${COMMON_TERM_SHARE}::float8 * (SELECT count(*) FROM knowledge_articles WHERE org_id = ${orgId}), ${COMMON_TERM_MIN_DOCS}::int)
    ),
    fts AS (
      SELECT a.id, ts_rank_cd(a.search, q.query, 32)::float8 AS rank
      FROM knowledge_articles a, q
      WHERE a.org_id = ${orgId} ${inCollections} AND a.search @@ q.query
      ORDER BY rank DESC, a.id
      LIMIT ${CANDIDATES}
    ),
    candidates AS (SELECT id FROM fts ${trigramHits})
    SELECT a.id AS article_id, a.title, a.body, a.collection, a.language,
      coalesce(fts.rank, 0) AS rank,
      coalesce((SELECT count(*) FILTER (WHERE a.search @@ to_tsquery('simple', quote_literal(t.term)))::float8 / nullif(count(*), 0)
                FROM terms t WHERE t.language = a.language), 0) AS coverage,
      greatest(
        coalesce((SELECT count(*) FILTER (WHERE topic.v @@ to_tsquery('simple', quote_literal(t.term)))::float8 / nullif(count(*), 0)
                  FROM terms t WHERE t.language = a.language), 0),
        -- an FAQ answers the questions it lists: a listed question matching the message counts like the title
        coalesce((SELECT max(qc) FROM (
          SELECT (SELECT count(*) FILTER (WHERE to_tsvector(topic.cfg, q.m[1]) @@ to_tsquery('simple', quote_literal(t.term)))::float8 / nullif(count(*), 0)
                  FROM terms t WHERE t.language = a.language) AS qc
          FROM regexp_matches(a.body, '([^?\\n,.:;]{6,200}\\?)', 'g') AS q(m)
        ) questions), 0)
      ) AS title_coverage,
      ${short ? sql`word_similarity(${plain}, a.title)::float8` : sql`0::float8`} AS title_similarity
    FROM candidates c
    JOIN knowledge_articles a ON a.id = c.id
    LEFT JOIN fts ON fts.id = c.id
    -- the title's topic: after "Flow — " when the title has one (a flow name shared by many articles says little)
    CROSS JOIN LATERAL (SELECT CASE WHEN a.language = 'id' THEN 'indonesian'::regconfig ELSE 'english'::regconfig END AS cfg) lang
    CROSS JOIN LATERAL (
      SELECT lang.cfg, to_tsvector(lang.cfg, coalesce(nullif(split_part(a.title, ' — ', 2), ''), a.title)) AS v
    ) topic
  `,
  );
  return rows
    .map((r) => {
      const rank = Number(r.rank);
      const coverage = Number(r.coverage);
      const titleSimilarity = Number(r.title_similarity);
      const titleCoverage = Number(r.title_coverage);
      return {
        articleId: r.article_id,
        title: r.title,
        body: r.body,
        collection: r.collection,
        language: r.language,
        rank,
        coverage,
        titleSimilarity,
        titleCoverage,
        score: Math.max(rank * Math.sqrt(coverage) * (TITLE_WEIGHT + (1 - TITLE_WEIGHT) * Math.sqrt(titleCoverage)), 0.9 * titleSimilarity),
      };
    })
    // ties by title, so equal scores order the same in every org and run
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title) || a.articleId.localeCompare(b.articleId))
    .slice(0, limit);
}
