CREATE TABLE "alert_snoozes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"signal" "agent_signal" NOT NULL,
	"scope" text NOT NULL,
	"channel_id" uuid,
	"agent_key" text,
	"until" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_snoozes_scope" CHECK (("alert_snoozes"."scope" = 'channel' AND "alert_snoozes"."channel_id" IS NOT NULL AND "alert_snoozes"."agent_key" IS NULL) OR ("alert_snoozes"."scope" = 'agent' AND "alert_snoozes"."agent_key" IS NOT NULL AND "alert_snoozes"."channel_id" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "snoozed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_snoozes" ADD CONSTRAINT "alert_snoozes_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_snoozes" ADD CONSTRAINT "alert_snoozes_channel_id_channel_integrations_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channel_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_snoozes" ADD CONSTRAINT "alert_snoozes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_snoozes_org_signal_idx" ON "alert_snoozes" USING btree ("org_id","signal","until");