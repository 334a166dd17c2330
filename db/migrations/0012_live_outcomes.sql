CREATE TYPE "public"."close_via" AS ENUM('customer_confirmed', 'agent', 'silence', 'spam');--> statement-breakpoint
ALTER TABLE "ai_activity_daily" ADD COLUMN "after_hours_contained" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_activity_daily" ADD COLUMN "ai_answered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_activity_daily" ADD COLUMN "open_with_ai" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_activity_daily" ADD COLUMN "closed_after_silence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_activity_daily" ADD COLUMN "closed_unattended" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "closed_via" "close_via";--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "ai_answered_at" timestamp with time zone;--> statement-breakpoint
-- backfill (issue 15): when the AI first answered; how each closed conversation was closed. Silence closes that were
-- counted as AI wins (RESOLVE_AI, idle_assumed) become bare RESOLVE closed after silence.
UPDATE "conversations" c SET "ai_answered_at" = a.first_at
FROM (SELECT m.conversation_id, min(m.sent_at) AS first_at FROM "messages" m WHERE m.sender = 'bot' AND coalesce(m.agent_action, 'answer') = 'answer' GROUP BY m.conversation_id) a
WHERE a.conversation_id = c.id;--> statement-breakpoint
UPDATE "conversations" SET "closed_reason" = 'RESOLVE', "ai_resolution" = NULL, "closed_via" = 'silence' WHERE "ai_resolution" = 'idle_assumed';--> statement-breakpoint
UPDATE "conversations" SET "closed_via" = CASE
    WHEN "closed_reason" = 'SPAM' THEN 'spam'::close_via
    WHEN "closed_reason" = 'RESOLVE_AI' AND "ai_resolution" = 'customer_confirmed' THEN 'customer_confirmed'::close_via
    ELSE 'agent'::close_via END
WHERE "status" = 'RESOLVED' AND "closed_via" IS NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_closed_via" CHECK ("conversations"."closed_via" IS NULL OR "conversations"."status" = 'RESOLVED');--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_silence_not_ai_win" CHECK ("conversations"."closed_via" IS DISTINCT FROM 'silence' OR "conversations"."closed_reason" = 'RESOLVE');