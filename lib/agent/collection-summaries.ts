import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import type { CollectionSummary } from "./draft-config";

/** The org's knowledge collections with their article counts and up to 5 titles each (for the drafter and the editor). */
export async function listCollectionSummaries(db: Db, { orgId }: { orgId: string }): Promise<CollectionSummary[]> {
  const rows = await executeRows<{ name: string; articles: number; titles: string[] }>(
    db,
    sql`
    SELECT collection AS name, count(*)::int AS articles,
      (array_agg(title ORDER BY (right(title, 1) = '?') DESC, title))[1:5] AS titles
    FROM knowledge_articles WHERE org_id = ${orgId}
    GROUP BY collection ORDER BY collection`,
  );
  return rows.map((r) => ({ name: r.name, articles: Number(r.articles), sampleTitles: r.titles ?? [] }));
}
