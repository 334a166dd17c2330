CREATE TABLE "knowledge_terms" (
	"org_id" uuid NOT NULL,
	"term" text NOT NULL,
	"ndoc" integer NOT NULL,
	CONSTRAINT "knowledge_terms_org_id_term_pk" PRIMARY KEY("org_id","term")
);
--> statement-breakpoint
ALTER TABLE "knowledge_terms" ADD CONSTRAINT "knowledge_terms_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- articles are written rarely and read on every bot turn: no pending list, so a fresh import is searched at full speed
-- (PGlite has no autovacuum to merge it)
ALTER INDEX "knowledge_articles_search_idx" SET (fastupdate = off);--> statement-breakpoint
ALTER INDEX "knowledge_articles_title_trgm_idx" SET (fastupdate = off);--> statement-breakpoint
INSERT INTO "knowledge_terms" ("org_id", "term", "ndoc")
SELECT o.id, s.word, s.ndoc FROM "organizations" o
CROSS JOIN LATERAL ts_stat(format('SELECT search FROM knowledge_articles WHERE org_id = %L', o.id)) AS s;
