CREATE INDEX "alerts_conversation_idx" ON "alerts" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "events_conversation_idx" ON "events" USING btree ("conversation_id");