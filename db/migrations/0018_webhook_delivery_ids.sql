CREATE TABLE "webhook_delivery_ids" (
	"channel_id" uuid NOT NULL,
	"webhook_id" text NOT NULL,
	"body_sha256" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_delivery_ids_channel_id_webhook_id_pk" PRIMARY KEY("channel_id","webhook_id")
);
--> statement-breakpoint
ALTER TABLE "webhook_delivery_ids" ADD CONSTRAINT "webhook_delivery_ids_channel_id_channel_integrations_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channel_integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_delivery_ids_received_idx" ON "webhook_delivery_ids" USING btree ("received_at");