ALTER TABLE "webhook_refusals" DROP CONSTRAINT "webhook_refusals_channel_id_bucket_pk";--> statement-breakpoint
ALTER TABLE "webhook_refusals" ALTER COLUMN "channel_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_refusals" ADD COLUMN "chatwoot_link_id" uuid;--> statement-breakpoint
ALTER TABLE "webhook_refusals" ADD CONSTRAINT "webhook_refusals_chatwoot_link_id_chatwoot_links_id_fk" FOREIGN KEY ("chatwoot_link_id") REFERENCES "public"."chatwoot_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_refusals_channel_bucket_key" ON "webhook_refusals" USING btree ("channel_id","bucket") WHERE "webhook_refusals"."channel_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_refusals_chatwoot_bucket_key" ON "webhook_refusals" USING btree ("chatwoot_link_id","bucket") WHERE "webhook_refusals"."chatwoot_link_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_refusals" ADD CONSTRAINT "webhook_refusals_one_source" CHECK (num_nonnulls("webhook_refusals"."channel_id", "webhook_refusals"."chatwoot_link_id") = 1);