CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."agent_action" AS ENUM('answer', 'handover', 'resolve');--> statement-breakpoint
CREATE TYPE "public"."agent_draft_source" AS ENUM('model', 'template', 'manual');--> statement-breakpoint
CREATE TYPE "public"."agent_signal" AS ENUM('agent_error', 'unexpected_handoff', 'message_cap', 'low_confidence');--> statement-breakpoint
CREATE TYPE "public"."agent_status" AS ENUM('draft', 'live', 'paused');--> statement-breakpoint
CREATE TYPE "public"."ai_resolution" AS ENUM('customer_confirmed', 'idle_assumed');--> statement-breakpoint
CREATE TABLE "ai_agent_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rolled_back_from" integer,
	"published_by" uuid,
	"published_by_name" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_agent_versions_version_positive" CHECK ("ai_agent_versions"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "ai_agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" "agent_status" DEFAULT 'draft' NOT NULL,
	"config" jsonb NOT NULL,
	"draft_source" "agent_draft_source" DEFAULT 'manual' NOT NULL,
	"published_version_id" uuid,
	"has_unpublished_changes" boolean DEFAULT true NOT NULL,
	"archived_at" timestamp with time zone,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_agents_name_not_empty" CHECK (length(trim("ai_agents"."name")) > 0),
	CONSTRAINT "ai_agents_live_published" CHECK ("ai_agents"."status" = 'draft' OR "ai_agents"."published_version_id" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "knowledge_articles" drop column "search";--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (CASE WHEN "knowledge_articles"."language" = 'id' THEN setweight(to_tsvector('indonesian'::regconfig, coalesce("knowledge_articles"."title", '')), 'A') || setweight(to_tsvector('indonesian'::regconfig, coalesce("knowledge_articles"."body", '')), 'B') ELSE setweight(to_tsvector('english'::regconfig, coalesce("knowledge_articles"."title", '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("knowledge_articles"."body", '')), 'B') END) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "knowledge_articles_search_idx" ON "knowledge_articles" USING gin ("search");--> statement-breakpoint
ALTER TABLE "channel_integrations" ADD COLUMN "ai_agent_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "agent_version_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "ai_resolution" "ai_resolution";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "agent_action" "agent_action";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "capability_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "signals" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "agent_version_id" uuid;--> statement-breakpoint
ALTER TABLE "ai_agent_versions" ADD CONSTRAINT "ai_agent_versions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_agent_versions" ADD CONSTRAINT "ai_agent_versions_agent_id_ai_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."ai_agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_agent_versions" ADD CONSTRAINT "ai_agent_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_agents" ADD CONSTRAINT "ai_agents_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_agents" ADD CONSTRAINT "ai_agents_published_version_id_ai_agent_versions_id_fk" FOREIGN KEY ("published_version_id") REFERENCES "public"."ai_agent_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_agents" ADD CONSTRAINT "ai_agents_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ai_agent_versions_agent_version_key" ON "ai_agent_versions" USING btree ("agent_id","version");--> statement-breakpoint
CREATE INDEX "ai_agents_org_idx" ON "ai_agents" USING btree ("org_id");--> statement-breakpoint
ALTER TABLE "channel_integrations" ADD CONSTRAINT "channel_integrations_ai_agent_id_ai_agents_id_fk" FOREIGN KEY ("ai_agent_id") REFERENCES "public"."ai_agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_agent_version_id_ai_agent_versions_id_fk" FOREIGN KEY ("agent_version_id") REFERENCES "public"."ai_agent_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_agent_version_id_ai_agent_versions_id_fk" FOREIGN KEY ("agent_version_id") REFERENCES "public"."ai_agent_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_integrations_org_preview_key" ON "channel_integrations" USING btree ("org_id") WHERE "channel_integrations"."type" = 'bot_preview';--> statement-breakpoint
CREATE INDEX "knowledge_articles_title_trgm_idx" ON "knowledge_articles" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_ai_resolution" CHECK ("conversations"."ai_resolution" IS NULL OR "conversations"."closed_reason" = 'RESOLVE_AI');--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD CONSTRAINT "knowledge_articles_language" CHECK ("knowledge_articles"."language" IN ('en', 'id'));