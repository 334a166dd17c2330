CREATE TABLE "chatwoot_calls" (
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"last_error" text,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "chatwoot_calls_org_id_key_pk" PRIMARY KEY("org_id","key"),
	CONSTRAINT "chatwoot_calls_status" CHECK ("chatwoot_calls"."status" IN ('pending', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "chatwoot_calls" ADD CONSTRAINT "chatwoot_calls_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chatwoot_calls_claimed_idx" ON "chatwoot_calls" USING btree ("claimed_at");