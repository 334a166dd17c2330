CREATE TABLE "ai_activity_daily" (
	"org_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"day" date NOT NULL,
	"conversations" integer NOT NULL,
	"ai_resolved" integer NOT NULL,
	"ai_resolved_reopened" integer NOT NULL,
	"ai_assisted" integer NOT NULL,
	"escalated" integer NOT NULL,
	"after_hours" integer NOT NULL,
	"contained_turns" integer NOT NULL,
	"contained_sentiment_sum" real NOT NULL,
	"contained_sentiment_n" integer NOT NULL,
	"escalated_sentiment_sum" real NOT NULL,
	"escalated_sentiment_n" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_activity_daily_org_id_channel_id_day_pk" PRIMARY KEY("org_id","channel_id","day"),
	CONSTRAINT "ai_activity_daily_counts" CHECK ("ai_activity_daily"."ai_resolved_reopened" <= "ai_activity_daily"."ai_resolved" AND "ai_activity_daily"."ai_resolved" <= "ai_activity_daily"."conversations")
);
--> statement-breakpoint
CREATE TABLE "cost_assumptions" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"agent_hour_rate" integer NOT NULL,
	"minutes_per_conversation" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cost_assumptions_rate" CHECK ("cost_assumptions"."agent_hour_rate" BETWEEN 1 AND 100000000),
	CONSTRAINT "cost_assumptions_minutes" CHECK ("cost_assumptions"."minutes_per_conversation" BETWEEN 1 AND 480)
);
--> statement-breakpoint
ALTER TABLE "ai_activity_daily" ADD CONSTRAINT "ai_activity_daily_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_activity_daily" ADD CONSTRAINT "ai_activity_daily_channel_id_channel_integrations_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channel_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_assumptions" ADD CONSTRAINT "cost_assumptions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_assumptions" ADD CONSTRAINT "cost_assumptions_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ai_activity_daily_org_day_idx" ON "ai_activity_daily" USING btree ("org_id","day");