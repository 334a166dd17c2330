CREATE TYPE "public"."approval_decision" AS ENUM('approved', 'edited', 'rejected', 'escalated');--> statement-breakpoint
CREATE TYPE "public"."approval_status" AS ENUM('pending', 'sending', 'sent', 'escalated');--> statement-breakpoint
CREATE TABLE "approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"status" "approval_status" DEFAULT 'pending' NOT NULL,
	"decision" "approval_decision",
	"draft" text NOT NULL,
	"confidence" real NOT NULL,
	"sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note_chatwoot_message_id" integer,
	"assignee_id" uuid,
	"final_text" text,
	"edit_distance" integer,
	"reply_chatwoot_message_id" integer,
	"send_attempts" integer DEFAULT 0 NOT NULL,
	"send_started_at" timestamp with time zone,
	"last_send_error" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"escalation_reason" text,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"operator_due_at" timestamp with time zone NOT NULL,
	"manager_due_at" timestamp with time zone NOT NULL,
	"tone_grade" integer,
	"accuracy_grade" integer,
	"policy_grade" integer,
	"graded_by" uuid,
	"graded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approvals_confidence" CHECK ("approvals"."confidence" BETWEEN 0 AND 1),
	CONSTRAINT "approvals_grades" CHECK (("approvals"."tone_grade" IS NULL OR "approvals"."tone_grade" BETWEEN 1 AND 5) AND ("approvals"."accuracy_grade" IS NULL OR "approvals"."accuracy_grade" BETWEEN 1 AND 5) AND ("approvals"."policy_grade" IS NULL OR "approvals"."policy_grade" BETWEEN 1 AND 5)),
	CONSTRAINT "approvals_sent_reply" CHECK ("approvals"."status" <> 'sent' OR ("approvals"."final_text" IS NOT NULL AND "approvals"."sent_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "chatwoot_deliveries" (
	"link_id" uuid NOT NULL,
	"delivery_id" text NOT NULL,
	"event" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chatwoot_deliveries_link_id_delivery_id_pk" PRIMARY KEY("link_id","delivery_id")
);
--> statement-breakpoint
CREATE TABLE "chatwoot_inboxes" (
	"link_id" uuid NOT NULL,
	"inbox_id" integer NOT NULL,
	"channel_id" uuid NOT NULL,
	CONSTRAINT "chatwoot_inboxes_link_id_inbox_id_pk" PRIMARY KEY("link_id","inbox_id")
);
--> statement-breakpoint
CREATE TABLE "chatwoot_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"base_url" text NOT NULL,
	"account_id" integer NOT NULL,
	"api_token_sealed" text NOT NULL,
	"webhook_secret_sealed" text NOT NULL,
	"escalation_team_id" integer,
	"escalation_assignee_id" integer,
	"triage_rules" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_reconciled_at" timestamp with time zone,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chatwoot_links_account" CHECK ("chatwoot_links"."account_id" > 0)
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "escalation_rule" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "sla_first_response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "sla_resolution_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "first_response_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_graded_by_users_id_fk" FOREIGN KEY ("graded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chatwoot_deliveries" ADD CONSTRAINT "chatwoot_deliveries_link_id_chatwoot_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."chatwoot_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chatwoot_inboxes" ADD CONSTRAINT "chatwoot_inboxes_link_id_chatwoot_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."chatwoot_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chatwoot_inboxes" ADD CONSTRAINT "chatwoot_inboxes_channel_id_channel_integrations_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channel_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chatwoot_links" ADD CONSTRAINT "chatwoot_links_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chatwoot_links" ADD CONSTRAINT "chatwoot_links_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approvals_message_key" ON "approvals" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "approvals_org_status_idx" ON "approvals" USING btree ("org_id","status","created_at");--> statement-breakpoint
CREATE INDEX "approvals_conversation_idx" ON "approvals" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "chatwoot_deliveries_time_idx" ON "chatwoot_deliveries" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "chatwoot_links_org_key" ON "chatwoot_links" USING btree ("org_id");