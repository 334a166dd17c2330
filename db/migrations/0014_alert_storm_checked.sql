ALTER TABLE "alerts" ADD COLUMN "storm_checked_at" timestamp with time zone;--> statement-breakpoint
-- alerts raised before storm grouping moved out of the ingest transaction were decided when they were written
UPDATE "alerts" SET "storm_checked_at" = "first_seen_at";
