/** The webhook channel API's records: the delivery log, outbound reply deliveries, applied conversation-event receipts. */
import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { organizations } from "./orgs";
import { channelIntegrations } from "./channels";
import { chatwootLinks } from "./chatwoot";
import { messages } from "./conversations";

/**
 * Webhook requests refused for a missing or bad signature (issue 17 item 3), counted in 5-minute buckets per channel
 * (channel webhooks) or per Chatwoot link (its account webhook), and never written to a delivery log: anyone can send
 * unsigned requests naming a channel or link. Bounded: one row per source and bucket, buckets older than 7 days pruned
 * nightly. Exactly one of `channel_id` and `chatwoot_link_id` is set.
 */
export const webhookRefusals = pgTable(
  "webhook_refusals",
  {
    channelId: uuid("channel_id").references(() => channelIntegrations.id, { onDelete: "cascade" }),
    chatwootLinkId: uuid("chatwoot_link_id").references(() => chatwootLinks.id, { onDelete: "cascade" }),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** the start of the 5-minute bucket */
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    count: integer("count").notNull(),
    /** the newest refusal in the bucket */
    lastAt: timestamp("last_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("webhook_refusals_channel_bucket_key").on(t.channelId, t.bucket).where(sql`${t.channelId} IS NOT NULL`),
    uniqueIndex("webhook_refusals_chatwoot_bucket_key").on(t.chatwootLinkId, t.bucket).where(sql`${t.chatwootLinkId} IS NOT NULL`),
    index("webhook_refusals_org_idx").on(t.orgId, t.bucket),
    check("webhook_refusals_count_positive", sql`${t.count} > 0`),
    check("webhook_refusals_one_source", sql`num_nonnulls(${t.channelId}, ${t.chatwootLinkId}) = 1`),
  ],
);

/** Per-channel webhook delivery log (last 500 per channel are kept) so admins can debug an integration. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channelIntegrations.id, { onDelete: "cascade" }),
    /** which endpoint received it, e.g. `incoming-message` */
    endpoint: text("endpoint").notNull(),
    /** what the sender delivered, e.g. `message` */
    event: text("event").notNull(),
    /** the sender's `webhook-id` header, when present */
    deliveryId: text("delivery_id"),
    statusCode: integer("status_code").notNull(),
    latencyMs: integer("latency_ms").notNull(),
    error: text("error"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_deliveries_channel_idx").on(t.channelId, t.id)],
);

export const REPLY_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

export const REPLY_TRANSPORTS = ["outbound_url", "chatwoot"] as const;

/**
 * A reply Tandem sends to the customer — the bot's late reply (issue 14) or an agent's reply typed in Tandem (issue 18)
 * — through the channel's outbound reply URL or, for a Chatwoot conversation, Chatwoot's messages API: one row per
 * reply (delivered once), its attempts with backoff, and the last outcome — shown in the channel's delivery log and,
 * for an agent's reply, beside it with Retry when it failed.
 */
export const replyDeliveries = pgTable(
  "reply_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channelIntegrations.id, { onDelete: "cascade" }),
    /** the bot reply delivered; also the delivery's `webhook-id` */
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    /** the outbound reply URL, or the Chatwoot conversation's messages endpoint (`transport = chatwoot`) */
    url: text("url").notNull(),
    transport: text("transport").$type<(typeof REPLY_TRANSPORTS)[number]>().notNull().default("outbound_url"),
    /** Chatwoot's id of the delivered message (`transport = chatwoot`) */
    externalMessageId: text("external_message_id"),
    status: text("status").$type<(typeof REPLY_DELIVERY_STATUSES)[number]>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("reply_deliveries_message_key").on(t.messageId),
    index("reply_deliveries_channel_idx").on(t.channelId, t.id),
    index("reply_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    check("reply_deliveries_status", sql`${t.status} IN ('pending', 'delivered', 'failed')`),
    check("reply_deliveries_transport", sql`${t.transport} IN ('outbound_url', 'chatwoot')`),
  ],
);

/**
 * Conversation-events deliveries already applied, by the sender's `webhook-id`: a redelivery is acknowledged
 * and changes nothing.
 */
export const webhookReceipts = pgTable(
  "webhook_receipts",
  {
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channelIntegrations.id, { onDelete: "cascade" }),
    webhookId: text("webhook_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.webhookId] })],
);

/**
 * Every signed channel-webhook delivery's `webhook-id` with a SHA-256 of its raw body (issue 17 item 3): the same id
 * again with the same body is a redelivery (the endpoint dedupes it); with a different body it is refused with 409.
 * Kept 7 days (a sender's retries end well before), pruned by the nightly job.
 */
export const webhookDeliveryIds = pgTable(
  "webhook_delivery_ids",
  {
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channelIntegrations.id, { onDelete: "cascade" }),
    webhookId: text("webhook_id").notNull(),
    /** hex SHA-256 of the raw body as received */
    bodySha256: text("body_sha256").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.webhookId] }), index("webhook_delivery_ids_received_idx").on(t.receivedAt)],
);
