CREATE TABLE "job_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"runner" text NOT NULL,
	"summary" jsonb,
	"error" text,
	CONSTRAINT "job_runs_outcome" CHECK ("job_runs"."outcome" IN ('running', 'ok', 'failed', 'skipped'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_tick_key" ON "job_runs" USING btree ("job_id","scheduled_for");--> statement-breakpoint
CREATE INDEX "job_runs_job_started_idx" ON "job_runs" USING btree ("job_id","started_at");