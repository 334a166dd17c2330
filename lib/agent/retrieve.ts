import { sql } from "drizzle-orm";
import { executeRows } from "@/db/execute-rows";
import type { Db } from "@/db/client";
import type { KnowledgeAudience } from "@/db/schema";
import { PRODUCT_TERMS, PRODUCT_TERM_WEIGHT } from "./lexicon";
import { comparableQuestionTerms, searchTerms } from "./normalize-query";

export type RetrievedArticle = {
  articleId: string;
  title: string;
  body: string;
  collection: string;
  language: string;
  /** `customer`: may be sent to a customer; `internal`: staff guidance, never sent */
  audience: KnowledgeAudience;
  /** shared by the same answer's articles in other languages; null when the article has none */
  topicKey: string | null;
  /** ts_rank_cd with normalization 32, i.e. rank/(rank+1): 0..1 (0 for a title-similarity-only hit) */
  rank: number;
  /** IDF-weighted share of the message's terms (stemmed in the article's language) the article contains: 0..1 */
  coverage: number;
  /**
   * How closely the message says what the article's example questions (or its title) say: per question, the geometric
   * mean of the weighted share of the message's terms found in it and the share of its terms found in the message;
   * the mean over the two closest questions: 0..1
   */
  questionSimilarity: number;
  /** pg_trgm `word_similarity` of the message within the title, 0..1 (computed for short messages only, else 0) */
  titleSimilarity: number;
  /** the retrieval score results are ordered by, 0..1: max(Q × questionSimilarity + (1 − Q) × coverage, 0.9 × titleSimilarity) */
  score: number;
};

/** Messages of at most this many words also match article titles by trigram similarity (typos, fragments). */
export const SHORT_QUERY_WORDS = 3;
/**
 * A message word no article contains, this long or longer (as stemmed), is searched as the article term one edit away
 * (Levenshtein: a letter missing, extra or wrong), or two edits from this length on.
 */
const MIN_TYPO_LENGTH = 5;
const LONG_TYPO_LENGTH = 8;
/** How many full-text candidates are re-scored (bounds the work on a large knowledge base). */
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
 * Weight of the question similarity in the score (the rest is coverage): an article's example questions say what it
 * answers far more precisely than its body, which mentions many topics. Chosen on the development set
 * (db/seed-data/agent-eval/dev-set.json, `npm run eval:agent`).
 */
const QUESTION_WEIGHT = 0.7;

/** How many of an article's closest questions (example questions and title) its question similarity averages. */
const QUESTIONS_AVERAGED = 2;

type MessageTerm = [language: string, term: string, core: boolean, ndoc: number, name: boolean];

/**
 * Inverse document frequency of a term among `n` articles: ln((n + 1) / (ndoc + 0.5)). A word no article contains
 * weighs most, so a message mostly about something the knowledge base doesn't know scores low — unless the word is
 * written as a name (see {@link retrieveArticles}), which is left out.
 */
function idf(ndoc: number, n: number): number {
  return Math.log((n + 1) / (ndoc + 0.5));
}

/**
 * Similarity of the message (`core` terms with weights, plus synonym `extra` terms) to one question's terms, 0..1:
 * √(weighted recall of the message × share of the question's terms the message has).
 */
function questionSimilarity(core: Map<string, number>, all: Set<string>, question: readonly string[]): number {
  if (question.length === 0 || core.size === 0) return 0;
  const q = new Set(question);
  let total = 0;
  for (const w of core.values()) total += w;
  let found = 0;
  for (const [t, w] of core) if (q.has(t)) found += w;
  // a synonym counts for the colloquial word it stands for: added to recall, capped at 1
  let synonymHits = 0;
  for (const t of all) if (!core.has(t) && q.has(t)) synonymHits++;
  const recall = Math.min(1, (found + synonymHits * (total / core.size)) / total);
  let inMessage = 0;
  for (const t of q) if (all.has(t)) inMessage++;
  return Math.sqrt(recall * (inMessage / q.size));
}

/**
 * Knowledge retrieval for the answering engine and the search preview (002_… answering engine; issue 14 item 2).
 * - The message is read as a chat message first ({@link searchTerms}: chat spellings, fillers, stop words, question
 *   tags, e-mail addresses); a word no article contains is searched as the article term it misspells (one Levenshtein
 *   edit, two from {@link LONG_TYPO_LENGTH} letters) — unless it is written as a name (capitalised inside a sentence,
 *   or in capitals): a name no article contains (a street, a person, a brand the shop doesn't list) is left out of
 *   the comparison, as it says who or what, not what is asked. (Questions about another company's own account are
 *   handed over before retrieval: lib/agent/other-companies.ts.)
 * - Full text, language-aware: the message and the knowledge base's words for its colloquial phrases
 *   (`lib/agent/lexicon.ts`) are parsed by both the English and the Indonesian configuration (Snowball stemmers) and
 *   matched (GIN index) against each article's vector — title, example questions and body, in the article's own
 *   language; the top {@link CANDIDATES} by `ts_rank_cd` are re-scored.
 * - The re-score compares the message with each example question and the title, read the same way
 *   ({@link comparableQuestionTerms}; IDF-weighted, see {@link questionSimilarity}), and with the whole article
 *   (coverage).
 * - Short messages (≤ {@link SHORT_QUERY_WORDS} words) also match titles by `pg_trgm` word similarity, so "refnd
 *   status" or "jacket faq" still finds its article.
 * @param params.orgId tenant whose articles are searched (never another org's)
 * @param params.collections restrict to these collections; undefined = every collection
 * @param params.limit top-k, best first by `score`
 * @returns up to `limit` articles of either audience; empty when nothing matches or the message has no searchable word
 */
export async function retrieveArticles(
  db: Db,
  { orgId, text, limit = 3, collections }: { orgId: string; text: string; limit?: number; collections?: string[] },
): Promise<RetrievedArticle[]> {
  const { core, extra, names } = searchTerms(text);
  if (!core) return [];
  const short = core.split(" ").length <= SHORT_QUERY_WORDS;
  const inCollections = !collections
    ? sql``
    : collections.length === 0
      ? sql`AND false`
      : sql`AND a.collection IN (${sql.join(collections.map((c) => sql`${c}`), sql`, `)})`;
  const trigramHits = short
    ? sql`UNION
      SELECT a.id FROM knowledge_articles a
      WHERE a.org_id = ${orgId} ${inCollections} AND ${core} <% a.title AND word_similarity(${core}, a.title) >= ${MIN_TITLE_SIMILARITY}`
    : sql``;
  const rows = await executeRows<{
    article_id: string;
    title: string;
    body: string;
    collection: string;
    language: string;
    audience: KnowledgeAudience;
    topic_key: string | null;
    rank: number;
    matched: string[];
    /** [title terms, ...each example question's terms], stemmed in the article's language at write time */
    question_terms: string[][];
    title_similarity: number;
    message_terms: MessageTerm[];
    articles: number;
  }>(
    db,
    sql`
    WITH raw AS (
      SELECT 'en' AS language, unnest(tsvector_to_array(to_tsvector('english', ${core}))) AS term, true AS core
      UNION ALL SELECT 'id', unnest(tsvector_to_array(to_tsvector('indonesian', ${core}))), true
      UNION ALL SELECT 'en', unnest(tsvector_to_array(to_tsvector('english', ${extra}))), false
      UNION ALL SELECT 'id', unnest(tsvector_to_array(to_tsvector('indonesian', ${extra}))), false
    ),
    -- each term's document frequency, by the primary key: one index probe per term of the message (never a scan of the
    -- org's terms, whatever the planner knows of the org); null when no article has the term
    said AS (
      SELECT language, term, bool_or(core) AS core,
        (SELECT k.ndoc FROM knowledge_terms k WHERE k.org_id = ${orgId} AND k.term = raw.term) AS ndoc
      FROM raw GROUP BY language, term
    ),
    -- the message's words written as names (Levi's, Sarah Wijaya, BCA), stemmed both ways
    names AS (
      SELECT unnest(tsvector_to_array(to_tsvector('english', ${names}))) AS term
      UNION SELECT unnest(tsvector_to_array(to_tsvector('indonesian', ${names})))
    ),
    -- a word of the message no article has, long enough: the article term it misspells ("adress" → "address") —
    -- the closest by Levenshtein distance among the org's terms of the same first letter and a similar length (a range of
    -- the primary key, not a scan of every term) — is searched in its place
    typos AS (
      SELECT DISTINCT ON (u.term) u.term AS typo, k.term, k.ndoc
      FROM (SELECT DISTINCT term FROM said WHERE core AND ndoc IS NULL AND length(term) >= ${MIN_TYPO_LENGTH}::int
        AND term NOT IN (SELECT term FROM names)) u
      JOIN knowledge_terms k ON k.org_id = ${orgId}
        AND k.term >= left(u.term, 1) AND k.term < chr(ascii(left(u.term, 1)) + 1)
        AND left(k.term, 1) = left(u.term, 1) AND abs(length(k.term) - length(u.term)) <= 2
        AND levenshtein_less_equal(k.term, u.term, 2) <= CASE WHEN length(u.term) >= ${LONG_TYPO_LENGTH}::int THEN 2 ELSE 1 END
      ORDER BY u.term, levenshtein(k.term, u.term), k.ndoc DESC, k.term
    ),
    -- the message's terms (misspellings replaced), each with its document frequency and as a one-term query (parsed
    -- once here, not once per candidate article)
    terms AS (
      SELECT language, term, bool_or(core) AS core, max(ndoc) AS ndoc, to_tsquery('simple', quote_literal(term)) AS query FROM (
        SELECT s.language, coalesce(y.term, s.term) AS term, s.core, coalesce(y.ndoc, s.ndoc) AS ndoc
        FROM said s LEFT JOIN typos y ON s.core AND y.typo = s.term
      ) fixed GROUP BY language, term
    ),
    -- the terms to match on: those in some article, without the very common ones (each matches a large share of the
    -- articles, all of which would be ranked) — but always the rarest few, so a message of common words still matches
    df AS (
      SELECT t.term, t.ndoc, row_number() OVER (ORDER BY t.ndoc, t.term) AS rarity
      FROM (SELECT DISTINCT term, ndoc FROM terms WHERE ndoc IS NOT NULL) t
    ),
    n AS (SELECT count(*)::int AS n FROM knowledge_articles WHERE org_id = ${orgId}),
    q AS (
      SELECT to_tsquery('simple', string_agg(quote_literal(df.term), ' | ')) AS query
      FROM df
      WHERE df.rarity <= ${ALWAYS_KEPT_TERMS}::int
        OR df.ndoc <= greatest(${COMMON_TERM_SHARE}::float8 * (SELECT n FROM n), ${COMMON_TERM_MIN_DOCS}::int)
    ),
    fts AS (
      SELECT a.id, ts_rank_cd(a.search, q.query, 32)::float8 AS rank
      FROM knowledge_articles a, q
      WHERE a.org_id = ${orgId} ${inCollections} AND a.search @@ q.query
      ORDER BY rank DESC, a.id
      LIMIT ${CANDIDATES}
    ),
    candidates AS (SELECT id FROM fts ${trigramHits})
    SELECT a.id AS article_id, a.title, a.body, a.collection, a.language, a.audience, a.topic_key,
      coalesce(fts.rank, 0) AS rank,
      (SELECT coalesce(array_agg(t.term), '{}') FROM terms t
        WHERE t.language = a.language AND a.search @@ t.query) AS matched,
      a.question_terms,
      ${short ? sql`word_similarity(${core}, a.title)::float8` : sql`0::float8`} AS title_similarity,
      (SELECT jsonb_agg(jsonb_build_array(t.language, t.term, t.core, coalesce(t.ndoc, 0), t.term IN (SELECT term FROM names))) FROM terms t) AS message_terms,
      (SELECT n FROM n) AS articles
    FROM candidates c
    JOIN knowledge_articles a ON a.id = c.id
    LEFT JOIN fts ON fts.id = c.id
  `,
  );
  if (rows.length === 0) return [];
  const n = Number(rows[0]!.articles);
  // per language: the message's own terms with their weights, and every term incl. synonyms
  const byLanguage = new Map<string, { core: Map<string, number>; all: Set<string> }>();
  for (const [language, term, isCore, ndoc, isName] of rows[0]!.message_terms ?? []) {
    // a name no article has (a brand the shop doesn't list, a street, a person) says who or what, not what is asked
    if (isName && Number(ndoc) === 0) continue;
    const entry = byLanguage.get(language) ?? { core: new Map<string, number>(), all: new Set<string>() };
    entry.all.add(term);
    if (isCore) entry.core.set(term, idf(Number(ndoc), n) * (PRODUCT_TERMS.has(term) ? PRODUCT_TERM_WEIGHT : 1));
    byLanguage.set(language, entry);
  }
  return rows
    .map((r) => {
      const message = byLanguage.get(r.language) ?? { core: new Map<string, number>(), all: new Set<string>() };
      let total = 0;
      for (const w of message.core.values()) total += w;
      const matched = new Set(r.matched);
      let found = 0;
      for (const [t, w] of message.core) if (matched.has(t)) found += w;
      const synonymHits = [...message.all].filter((t) => !message.core.has(t) && matched.has(t)).length;
      const coverage = total > 0 ? Math.min(1, (found + synonymHits * (total / Math.max(1, message.core.size)) * 0.5) / total) : 0;
      const questions = r.question_terms.map(comparableQuestionTerms);
      // the mean of the two closest questions: one look-alike question alone is weaker evidence than two
      const sims = questions.map((q) => questionSimilarity(message.core, message.all, q)).sort((a, b) => b - a);
      const closest = sims.slice(0, QUESTIONS_AVERAGED);
      const similarity = closest.length ? closest.reduce((x, y) => x + y, 0) / closest.length : 0;
      const titleSimilarity = Number(r.title_similarity);
      return {
        articleId: r.article_id,
        title: r.title,
        body: r.body,
        collection: r.collection,
        language: r.language,
        audience: r.audience,
        topicKey: r.topic_key,
        rank: Number(r.rank),
        coverage,
        questionSimilarity: similarity,
        titleSimilarity,
        score: Math.max(QUESTION_WEIGHT * similarity + (1 - QUESTION_WEIGHT) * coverage, 0.9 * titleSimilarity),
      };
    })
    // ties by title, so equal scores order the same in every org and run
    .sort((a, b) => b.score - a.score || a.title.localeCompare(b.title) || a.articleId.localeCompare(b.articleId))
    .slice(0, limit);
}
