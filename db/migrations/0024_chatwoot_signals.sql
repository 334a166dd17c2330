ALTER TYPE "public"."agent_signal" ADD VALUE 'draft_engine_failed';--> statement-breakpoint
ALTER TYPE "public"."agent_signal" ADD VALUE 'p0_escalation';--> statement-breakpoint
ALTER TYPE "public"."agent_signal" ADD VALUE 'sla_breach';