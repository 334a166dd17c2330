import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { knowledgeTerms } from "@/db/schema";

/**
 * Rebuilds the org's term document frequencies (`knowledge_terms`) from its articles' search vectors with `ts_stat`.
 * Call inside the transaction that writes articles, so retrieval never sees a term missing from the table.
 */
export async function refreshKnowledgeTerms(db: Db, orgId: string): Promise<void> {
  // one rebuild per org at a time: a concurrent import would otherwise insert the same terms twice
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`knowledge-terms:${orgId}`}, 0))`);
  await db.delete(knowledgeTerms).where(eq(knowledgeTerms.orgId, orgId));
  await db.execute(sql`
    INSERT INTO knowledge_terms (org_id, term, ndoc)
    SELECT ${orgId}::uuid, s.word, s.ndoc
    FROM ts_stat(format('SELECT search FROM knowledge_articles WHERE org_id = %L', ${orgId}::text)) AS s`);
}
