-- A running job's heartbeat (lib/jobs/run-scheduled-job.ts): a run whose instance was killed stops beating and is
-- closed within a minute, instead of blocking its job's schedule on every instance for 30 minutes.
ALTER TABLE "job_runs" ADD COLUMN "heartbeat_at" timestamp with time zone;