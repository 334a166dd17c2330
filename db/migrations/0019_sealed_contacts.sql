-- issue 17 item 6: contact name/phone/email sealed at rest. The check holds for every new row at once (NOT VALID);
-- rows written before are sealed by db/seal-contact-data.ts (run after migrations), which then validates it.
ALTER TABLE "conversations" ADD COLUMN "contact_phone_index" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "contact_email_index" text;--> statement-breakpoint
CREATE INDEX "conversations_org_phone_index_idx" ON "conversations" USING btree ("org_id","contact_phone_index") WHERE "conversations"."contact_phone_index" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "conversations_org_email_index_idx" ON "conversations" USING btree ("org_id","contact_email_index") WHERE "conversations"."contact_email_index" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_contact_sealed" CHECK (("conversations"."contact_name" IS NULL OR "conversations"."contact_name" LIKE 'v1.%') AND ("conversations"."contact_phone" IS NULL OR "conversations"."contact_phone" LIKE 'v1.%') AND ("conversations"."contact_email" IS NULL OR "conversations"."contact_email" LIKE 'v1.%')) NOT VALID;