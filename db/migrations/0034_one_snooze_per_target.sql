-- One snooze per signal and channel or agent (lib/alerts/snooze-alerts.ts): snoozing the same signal there again moves
-- the snooze's end instead of adding a second row. Earlier duplicates keep the row that ends last.
DELETE FROM "alert_snoozes" s USING "alert_snoozes" k
  WHERE s."org_id" = k."org_id" AND s."signal" = k."signal" AND s."scope" = k."scope"
    AND s."channel_id" IS NOT DISTINCT FROM k."channel_id" AND s."agent_key" IS NOT DISTINCT FROM k."agent_key"
    AND (s."until", s."id") < (k."until", k."id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_snoozes_channel_key" ON "alert_snoozes" USING btree ("org_id","signal","channel_id") WHERE "alert_snoozes"."scope" = 'channel';--> statement-breakpoint
CREATE UNIQUE INDEX "alert_snoozes_agent_key" ON "alert_snoozes" USING btree ("org_id","signal","agent_key") WHERE "alert_snoozes"."scope" = 'agent';