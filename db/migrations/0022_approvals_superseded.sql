ALTER TYPE "public"."approval_status" ADD VALUE 'superseded';--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "superseded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "superseded_reason" text;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_superseded" CHECK (("approvals"."status"::text = 'superseded') = ("approvals"."superseded_at" IS NOT NULL AND "approvals"."superseded_reason" IN ('human_reply', 'resolved', 'reassigned')));