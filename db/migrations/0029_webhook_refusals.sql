CREATE TABLE "webhook_refusals" (
	"channel_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webhook_refusals_channel_id_bucket_pk" PRIMARY KEY("channel_id","bucket"),
	CONSTRAINT "webhook_refusals_count_positive" CHECK ("webhook_refusals"."count" > 0)
);
--> statement-breakpoint
ALTER TABLE "webhook_refusals" ADD CONSTRAINT "webhook_refusals_channel_id_channel_integrations_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channel_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_refusals" ADD CONSTRAINT "webhook_refusals_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_refusals_org_idx" ON "webhook_refusals" USING btree ("org_id","bucket");--> statement-breakpoint
-- refusals already in the delivery log move to the tally (issue 17 item 3), then leave the log
INSERT INTO "webhook_refusals" ("channel_id", "org_id", "bucket", "count", "last_at")
SELECT "channel_id", "org_id", date_trunc('hour', "received_at") + floor(extract(minute FROM "received_at") / 5) * interval '5 minutes', count(*), max("received_at")
FROM "webhook_deliveries" WHERE "status_code" = 401 GROUP BY 1, 2, 3
ON CONFLICT DO NOTHING;--> statement-breakpoint
DELETE FROM "webhook_deliveries" WHERE "status_code" = 401;
