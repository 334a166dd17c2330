ALTER TABLE "conversations" ADD COLUMN "sentiment_readings" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sentiment" real;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_sentiment_range" CHECK ("messages"."sentiment" IS NULL OR "messages"."sentiment" BETWEEN -1 AND 1);--> statement-breakpoint
UPDATE "conversations" SET "sentiment_readings" = 1 WHERE "sentiment" IS NOT NULL;
