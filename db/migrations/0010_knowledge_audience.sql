ALTER TABLE "messages" ADD COLUMN "guidance" jsonb;--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD COLUMN "audience" text DEFAULT 'customer' NOT NULL;--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD COLUMN "examples" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD COLUMN "topic_key" text;--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD CONSTRAINT "knowledge_articles_audience" CHECK ("knowledge_articles"."audience" IN ('customer', 'internal'));--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD CONSTRAINT "knowledge_articles_examples_array" CHECK (jsonb_typeof("knowledge_articles"."examples") = 'array');--> statement-breakpoint
-- policy guidelines and procedures imported before audiences existed are staff guidance
UPDATE "knowledge_articles" SET "audience" = 'internal' WHERE "source_key" LIKE 'guidelines:%' OR "source_key" LIKE 'procedures:%' OR "source_key" LIKE 'json:%';--> statement-breakpoint
ALTER TABLE "knowledge_articles" DROP COLUMN "search";--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (CASE WHEN "knowledge_articles"."language" = 'id' THEN setweight(to_tsvector('indonesian'::regconfig, coalesce("knowledge_articles"."title", '')), 'A') || setweight(to_tsvector('indonesian'::regconfig, "knowledge_articles"."examples"), 'A') || setweight(to_tsvector('indonesian'::regconfig, coalesce("knowledge_articles"."body", '')), 'B') ELSE setweight(to_tsvector('english'::regconfig, coalesce("knowledge_articles"."title", '')), 'A') || setweight(to_tsvector('english'::regconfig, "knowledge_articles"."examples"), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("knowledge_articles"."body", '')), 'B') END) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "knowledge_articles_search_idx" ON "knowledge_articles" USING gin ("search") WITH (fastupdate = off);--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_articles_org_topic_language" ON "knowledge_articles" USING btree ("org_id","topic_key","language") WHERE "knowledge_articles"."topic_key" IS NOT NULL;--> statement-breakpoint
DELETE FROM "knowledge_terms";--> statement-breakpoint
INSERT INTO "knowledge_terms" ("org_id", "term", "ndoc")
SELECT o.id, s.word, s.ndoc FROM "organizations" o
CROSS JOIN LATERAL ts_stat(format('SELECT search FROM knowledge_articles WHERE org_id = %L', o.id)) AS s;
