ALTER TYPE "public"."audit_area" ADD VALUE 'conversations' BEFORE 'reports';--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "opened_by" uuid;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "time_to_open_ms" integer;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "handed_back_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reply_deliveries" ADD COLUMN "transport" text DEFAULT 'outbound_url' NOT NULL;--> statement-breakpoint
ALTER TABLE "reply_deliveries" ADD COLUMN "external_message_id" text;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_opened" CHECK (("alerts"."opened_at" IS NULL) = ("alerts"."time_to_open_ms" IS NULL));--> statement-breakpoint
ALTER TABLE "reply_deliveries" ADD CONSTRAINT "reply_deliveries_transport" CHECK ("reply_deliveries"."transport" IN ('outbound_url', 'chatwoot'));--> statement-breakpoint
-- opening an alert's page was counted as the intervention: it is now the time to open, and only an action intervenes
UPDATE "alerts" SET "opened_at" = "acted_at", "opened_by" = "acted_by", "time_to_open_ms" = "time_to_intervene_ms" WHERE "acted_via" = 'opened';--> statement-breakpoint
UPDATE "alerts" SET "acted_at" = NULL, "acted_by" = NULL, "acted_via" = NULL, "time_to_intervene_ms" = NULL WHERE "acted_via" = 'opened';
