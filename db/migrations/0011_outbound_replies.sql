CREATE TABLE "reply_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"url" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reply_deliveries_status" CHECK ("reply_deliveries"."status" IN ('pending', 'delivered', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "channel_integrations" ADD COLUMN "outbound_reply_url" text;--> statement-breakpoint
ALTER TABLE "reply_deliveries" ADD CONSTRAINT "reply_deliveries_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_deliveries" ADD CONSTRAINT "reply_deliveries_channel_id_channel_integrations_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channel_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_deliveries" ADD CONSTRAINT "reply_deliveries_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reply_deliveries_message_key" ON "reply_deliveries" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "reply_deliveries_channel_idx" ON "reply_deliveries" USING btree ("channel_id","id");--> statement-breakpoint
CREATE INDEX "reply_deliveries_due_idx" ON "reply_deliveries" USING btree ("next_attempt_at") WHERE "reply_deliveries"."status" = 'pending';