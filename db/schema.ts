/**
 * Tandem's core tables (DESIGN.md §Data). Names follow the seeds where they have one:
 * `bot_percent`, `variant`, `closed_reason`, `assign_channel_agent_id`, …
 * Every tenant-owned row carries `org_id`; every query filters on it.
 */
import { sql, type SQL } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const planEnum = pgEnum("plan", ["starter", "professional", "enterprise"]);
export const roleEnum = pgEnum("member_role", ["owner", "admin", "supervisor", "agent"]);
export const channelTypeEnum = pgEnum("channel_type", [
  "whatsapp",
  "telegram",
  "email",
  "live_chat",
  "sms",
  "chatwoot",
  "bot_preview",
]);
export const variantEnum = pgEnum("variant", ["bot", "human"]);
export const conversationStatusEnum = pgEnum("conversation_status", [
  "OPEN",
  "WAITING_ASSIGN_AGENT",
  "ASSIGNED",
  "RESOLVED",
]);
export const closedReasonEnum = pgEnum("closed_reason", [
  "RESOLVE_AI",
  "RESOLVE",
  "ASSIGN_AGENT",
  "ASSIGN_AGENT_AI",
  "WAITING_ASSIGN_AGENT",
  "SPAM",
]);
export const priorityEnum = pgEnum("priority", ["P0", "P1", "P2", "P3"]);
export const senderEnum = pgEnum("message_sender", ["customer", "bot", "agent", "system"]);

/** Weekly schedule in the org's time zone; day 0 = Sunday (as `Date#getDay`). */
export type BusinessHours = { day: 0 | 1 | 2 | 3 | 4 | 5 | 6; open: string; close: string }[];

export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique(),
    plan: planEnum("plan").notNull().default("starter"),
    aiAgentAddon: boolean("ai_agent_addon").notNull().default(false),
    botTrafficSplitEnabled: boolean("bot_traffic_split_enabled").notNull().default(false),
    aiAgentImpactReport: boolean("ai_agent_impact_report").notNull().default(false),
    aiAgentImpactReportForecast: boolean("ai_agent_impact_report_forecast").notNull().default(false),
    timezone: text("timezone").notNull().default("Asia/Jakarta"),
    businessHours: jsonb("business_hours").$type<BusinessHours>().notNull().default([]),
    locale: text("locale").notNull().default("id-ID"),
    currency: text("currency").notNull().default("IDR"),
    createdAt: createdAt(),
  },
  (t) => [check("organizations_slug_format", sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]*$'`)],
);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** stored lowercased (CHECK), so uniqueness is case-insensitive */
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    check("users_email_format", sql`position('@' in ${t.email}) > 1`),
    check("users_email_lowercase", sql`${t.email} = lower(${t.email})`),
  ],
);

export const memberships = pgTable(
  "memberships",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("channel_integrations_bot_percent_range", sql`${t.botPercent} BETWEEN 0 AND 100`),
    uniqueIndex("channel_integrations_org_name_key").on(t.orgId, t.name),
    index("channel_integrations_org_idx").on(t.orgId),
  ],
);

export const conversations = pgTable(
  "conversations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channelIntegrations.id, { onDelete: "cascade" }),
    externalId: text("external_id").notNull(),
    contactId: text("contact_id").notNull(),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    contactEmail: text("contact_email"),
    /** Arm of the traffic split; null when no split was active (000_… BTS-S02). Decided once. */
    variant: variantEnum("variant"),
    /** The bot_percent in force when the arm was decided. */
    botPercent: integer("bot_percent"),
    status: conversationStatusEnum("status").notNull().default("OPEN"),
    closedReason: closedReasonEnum("closed_reason"),
    assignChannelAgentId: uuid("assign_channel_agent_id").references(() => users.id, { onDelete: "set null" }),
    assignedAt: timestamp("assigned_at", { withTimezone: true }),
    handoverAt: timestamp("handover_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    csatScore: integer("csat_score"),
    sentiment: real("sentiment"),
    priority: priorityEnum("priority"),
    firstMessagePreview: text("first_message_preview").notNull(),
    messageCount: integer("message_count").notNull().default(0),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("conversations_channel_external_key").on(t.channelId, t.externalId),
    index("conversations_org_created_idx").on(t.orgId, t.createdAt),
    index("conversations_org_status_idx").on(t.orgId, t.status),
    index("conversations_org_contact_idx").on(t.orgId, t.contactId),
    check("conversations_bot_percent_range", sql`${t.botPercent} IS NULL OR ${t.botPercent} BETWEEN 0 AND 100`),
    check("conversations_csat_range", sql`${t.csatScore} IS NULL OR ${t.csatScore} BETWEEN 1 AND 5`),
    check("conversations_sentiment_range", sql`${t.sentiment} IS NULL OR ${t.sentiment} BETWEEN -1 AND 1`),
    check("conversations_variant_percent", sql`(${t.variant} IS NULL) = (${t.botPercent} IS NULL)`),
  ],
);

export type MessageSource = { articleId: string; title: string; score: number };

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** The sender's own id; redelivery of the same id is a no-op. Null for messages Tandem wrote. */
    externalId: text("external_id"),
    sender: senderEnum("sender").notNull(),
    content: text("content").notNull(),
    /** Answering engine confidence 0..1 (bot messages only). */
    confidence: real("confidence"),
    sources: jsonb("sources").$type<MessageSource[]>(),
    isPrivate: boolean("private").notNull().default(false),
    /** The customer message a bot reply answers; one reply per customer message. */
    replyToMessageId: uuid("reply_to_message_id").references((): AnyPgColumn => messages.id, {
      onDelete: "cascade",
    }),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("messages_conversation_external_key").on(t.conversationId, t.externalId),
    uniqueIndex("messages_reply_to_key").on(t.replyToMessageId),
    index("messages_conversation_sent_idx").on(t.conversationId, t.sentAt),
    check("messages_confidence_range", sql`${t.confidence} IS NULL OR ${t.confidence} BETWEEN 0 AND 1`),
    check("messages_content_not_empty", sql`length(${t.content}) > 0`),
  ],
);

export const events = pgTable(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    conversationId: uuid("conversation_id").references(() => conversations.id, { onDelete: "set null" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    /** Producer-chosen key making an event write idempotent (e.g. an Inngest event id). */
    dedupKey: text("dedup_key"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("events_org_name_time_idx").on(t.orgId, t.name, t.occurredAt),
    uniqueIndex("events_org_dedup_key").on(t.orgId, t.dedupKey),
  ],
);

export const knowledgeArticles = pgTable(
  "knowledge_articles",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    collection: text("collection").notNull(),
    /** Stable key from the imported file; re-importing updates instead of duplicating. */
    sourceKey: text("source_key").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    language: text("language").notNull().default("en"),
    search: tsvector("search")
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`setweight(to_tsvector('english', coalesce(${knowledgeArticles.title}, '')), 'A') || setweight(to_tsvector('english', coalesce(${knowledgeArticles.body}, '')), 'B')`,
      ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("knowledge_articles_org_source_key").on(t.orgId, t.sourceKey),
    index("knowledge_articles_search_idx").using("gin", t.search),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type Channel = typeof channelIntegrations.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
