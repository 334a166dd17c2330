/** Channel integrations (with their traffic split) and the operator alerts about a running split experiment. */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, updatedAt } from "./columns";
import { organizations } from "./orgs";
import { aiAgents } from "./agents";

export const channelTypeEnum = pgEnum("channel_type", [
  "whatsapp",
  "telegram",
  "email",
  "live_chat",
  "sms",
  "chatwoot",
  "bot_preview",
]);

export const channelIntegrations = pgTable(
  "channel_integrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: channelTypeEnum("type").notNull(),
    trafficSplitEnabled: boolean("traffic_split_enabled").notNull().default(false),
    /** Whole-number share of new conversations routed to the bot arm (000_… BTS-S01). */
    botPercent: integer("bot_percent").notNull().default(100),
    /** Standard Webhooks secret, AES-256-GCM encrypted at rest (lib/crypto/secret-box.ts). */
    webhookSecretEncrypted: text("webhook_secret_encrypted").notNull(),
    /** After a rotation the old secret stays valid until `previous_secret_expires_at` (24 h overlap). */
    previousWebhookSecretEncrypted: text("previous_webhook_secret_encrypted"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true }),
    secretRotatedAt: timestamp("secret_rotated_at", { withTimezone: true }),
    /** An archived channel refuses deliveries (410) and is hidden from pickers; its history stays. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    /**
     * Where replies composed after the webhook has answered are POSTed (issue 14: a model past the reply budget), signed
     * with the channel's webhook secret (Standard Webhooks); null = replies are only returned inline.
     */
    outboundReplyUrl: text("outbound_reply_url"),
    /** The AI agent answering this channel's bot arm (set when an agent is published for it); null = built-in defaults. */
    aiAgentId: uuid("ai_agent_id").references((): AnyPgColumn => aiAgents.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("channel_integrations_bot_percent_range", sql`${t.botPercent} BETWEEN 0 AND 100`),
    check(
      "channel_integrations_previous_secret",
      sql`(${t.previousWebhookSecretEncrypted} IS NULL) = (${t.previousSecretExpiresAt} IS NULL)`,
    ),
    uniqueIndex("channel_integrations_org_name_key").on(t.orgId, t.name),
    index("channel_integrations_org_idx").on(t.orgId),
    // one preview channel per org (002_… preview traffic never counts in reports)
    uniqueIndex("channel_integrations_org_preview_key").on(t.orgId).where(sql`${t.type} = 'bot_preview'`),
  ],
);

export const operatorAlertKindEnum = pgEnum("operator_alert_kind", ["decision_fallback_rate", "queue_wait_p90"]);

/**
 * Operator alerts about a running traffic-split experiment (000_… §10 Alerts): decision-fallback rate > 1 % of
 * assignments in 1 h, or human-arm queue wait p90 > 15 min. One per channel, kind and hour (unique), so reruns
 * of the hourly check never duplicate one.
 */
export const operatorAlerts = pgTable(
  "operator_alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channelIntegrations.id, { onDelete: "cascade" }),
    kind: operatorAlertKindEnum("kind").notNull(),
    /** the measured value: a rate 0..1, or minutes */
    value: real("value").notNull(),
    threshold: real("threshold").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
    message: text("message").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("operator_alerts_window_key").on(t.channelId, t.kind, t.windowStart),
    index("operator_alerts_org_time_idx").on(t.orgId, t.createdAt),
  ],
);

export type Channel = typeof channelIntegrations.$inferSelect;
