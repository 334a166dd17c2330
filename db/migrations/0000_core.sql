CREATE TYPE "public"."channel_type" AS ENUM('whatsapp', 'telegram', 'email', 'live_chat', 'sms', 'chatwoot', 'bot_preview');--> statement-breakpoint
CREATE TYPE "public"."closed_reason" AS ENUM('RESOLVE_AI', 'RESOLVE', 'ASSIGN_AGENT', 'ASSIGN_AGENT_AI', 'WAITING_ASSIGN_AGENT', 'SPAM');--> statement-breakpoint
CREATE TYPE "public"."conversation_status" AS ENUM('OPEN', 'WAITING_ASSIGN_AGENT', 'ASSIGNED', 'RESOLVED');--> statement-breakpoint
CREATE TYPE "public"."plan" AS ENUM('starter', 'professional', 'enterprise');--> statement-breakpoint
CREATE TYPE "public"."priority" AS ENUM('P0', 'P1', 'P2', 'P3');--> statement-breakpoint
CREATE TYPE "public"."member_role" AS ENUM('owner', 'admin', 'supervisor', 'agent');--> statement-breakpoint
CREATE TYPE "public"."message_sender" AS ENUM('customer', 'bot', 'agent', 'system');--> statement-breakpoint
CREATE TYPE "public"."variant" AS ENUM('bot', 'human');--> statement-breakpoint
CREATE TABLE "channel_integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" "channel_type" NOT NULL,
	"traffic_split_enabled" boolean DEFAULT false NOT NULL,
	"bot_percent" integer DEFAULT 100 NOT NULL,
	"webhook_secret_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_integrations_bot_percent_range" CHECK ("channel_integrations"."bot_percent" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"contact_email" text,
	"variant" "variant",
	"bot_percent" integer,
	"status" "conversation_status" DEFAULT 'OPEN' NOT NULL,
	"closed_reason" "closed_reason",
	"assign_channel_agent_id" uuid,
	"assigned_at" timestamp with time zone,
	"handover_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"csat_score" integer,
	"sentiment" real,
	"priority" "priority",
	"first_message_preview" text NOT NULL,
	"message_count" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_bot_percent_range" CHECK ("conversations"."bot_percent" IS NULL OR "conversations"."bot_percent" BETWEEN 0 AND 100),
	CONSTRAINT "conversations_csat_range" CHECK ("conversations"."csat_score" IS NULL OR "conversations"."csat_score" BETWEEN 1 AND 5),
	CONSTRAINT "conversations_sentiment_range" CHECK ("conversations"."sentiment" IS NULL OR "conversations"."sentiment" BETWEEN -1 AND 1),
	CONSTRAINT "conversations_variant_percent" CHECK (("conversations"."variant" IS NULL) = ("conversations"."bot_percent" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"conversation_id" uuid,
	"user_id" uuid,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedup_key" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"collection" text NOT NULL,
	"source_key" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("knowledge_articles"."title", '')), 'A') || setweight(to_tsvector('english', coalesce("knowledge_articles"."body", '')), 'B')) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" "member_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_org_id_user_id_pk" PRIMARY KEY("org_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"external_id" text,
	"sender" "message_sender" NOT NULL,
	"content" text NOT NULL,
	"confidence" real,
	"sources" jsonb,
	"private" boolean DEFAULT false NOT NULL,
	"reply_to_message_id" uuid,
	"sent_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_confidence_range" CHECK ("messages"."confidence" IS NULL OR "messages"."confidence" BETWEEN 0 AND 1),
	CONSTRAINT "messages_content_not_empty" CHECK (length("messages"."content") > 0)
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"plan" "plan" DEFAULT 'starter' NOT NULL,
	"ai_agent_addon" boolean DEFAULT false NOT NULL,
	"bot_traffic_split_enabled" boolean DEFAULT false NOT NULL,
	"ai_agent_impact_report" boolean DEFAULT false NOT NULL,
	"ai_agent_impact_report_forecast" boolean DEFAULT false NOT NULL,
	"timezone" text DEFAULT 'Asia/Jakarta' NOT NULL,
	"business_hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"locale" text DEFAULT 'id-ID' NOT NULL,
	"currency" text DEFAULT 'IDR' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_slug_unique" UNIQUE("slug"),
	CONSTRAINT "organizations_slug_format" CHECK ("organizations"."slug" ~ '^[a-z0-9][a-z0-9-]*$')
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_format" CHECK (position('@' in "users"."email") > 1),
	CONSTRAINT "users_email_lowercase" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
ALTER TABLE "channel_integrations" ADD CONSTRAINT "channel_integrations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_channel_id_channel_integrations_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channel_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_assign_channel_agent_id_users_id_fk" FOREIGN KEY ("assign_channel_agent_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD CONSTRAINT "knowledge_articles_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_reply_to_message_id_messages_id_fk" FOREIGN KEY ("reply_to_message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_integrations_org_name_key" ON "channel_integrations" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "channel_integrations_org_idx" ON "channel_integrations" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_channel_external_key" ON "conversations" USING btree ("channel_id","external_id");--> statement-breakpoint
CREATE INDEX "conversations_org_created_idx" ON "conversations" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "conversations_org_status_idx" ON "conversations" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "conversations_org_contact_idx" ON "conversations" USING btree ("org_id","contact_id");--> statement-breakpoint
CREATE INDEX "events_org_name_time_idx" ON "events" USING btree ("org_id","name","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "events_org_dedup_key" ON "events" USING btree ("org_id","dedup_key");--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_articles_org_source_key" ON "knowledge_articles" USING btree ("org_id","source_key");--> statement-breakpoint
CREATE INDEX "knowledge_articles_search_idx" ON "knowledge_articles" USING gin ("search");--> statement-breakpoint
CREATE INDEX "memberships_user_idx" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_conversation_external_key" ON "messages" USING btree ("conversation_id","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_reply_to_key" ON "messages" USING btree ("reply_to_message_id");--> statement-breakpoint
CREATE INDEX "messages_conversation_sent_idx" ON "messages" USING btree ("conversation_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");