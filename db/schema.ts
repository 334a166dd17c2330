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
  date,
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
export const memberStatusEnum = pgEnum("member_status", ["active", "deactivated"]);
export const availabilityEnum = pgEnum("agent_availability", ["online", "offline"]);
export const agentActionEnum = pgEnum("agent_action", ["answer", "handover", "resolve"]);
export const aiResolutionEnum = pgEnum("ai_resolution", ["customer_confirmed", "idle_assumed"]);
/**
 * How a conversation was closed (issue 15; `lib/conversations/outcome.ts`): the customer confirmed the AI's answer, a
 * human or the helpdesk closed it, the customer went silent (the idle job), or it was marked spam.
 */
export const closeViaEnum = pgEnum("close_via", ["customer_confirmed", "agent", "silence", "spam"]);
export const agentSignalEnum = pgEnum("agent_signal", ["agent_error", "unexpected_handoff", "message_cap", "low_confidence"]);
export const alertSeverityEnum = pgEnum("alert_severity", ["high", "medium", "low"]);
export const agentStatusEnum = pgEnum("agent_status", ["draft", "live", "paused"]);
export const agentDraftSourceEnum = pgEnum("agent_draft_source", ["model", "template", "manual"]);
export const auditAreaEnum = pgEnum("audit_area", [
  "organization",
  "flags",
  "members",
  "channels",
  "split",
  "agents",
  "knowledge",
  "alerts",
  "chatwoot",
  "approvals",
  "reports",
  "system",
]);

/**
 * Weekly schedule in the org's time zone: any number of `HH:MM` ranges per day (close after open, no overlap);
 * day 0 = Sunday (as `Date#getDay`). Validated by `lib/org/business-hours.ts`.
 */
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
    /** Closed dates (`YYYY-MM-DD`, local to `timezone`); business-hours clocks skip them. */
    holidays: jsonb("holidays").$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
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
    /** A deactivated member cannot sign in to this org; their open sessions stop at the next request. */
    status: memberStatusEnum("status").notNull().default("active"),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    /** Agents: online agents under capacity receive human-arm conversations (000_… BTS-S03). */
    availability: availabilityEnum("availability").notNull().default("offline"),
    /** Agents: most conversations assigned at once. */
    capacity: integer("capacity").notNull().default(5),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    /** Agents: when they last received a conversation (ties in load go to whoever waited longest). */
    lastAssignedAt: timestamp("last_assigned_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
    check("memberships_capacity_range", sql`${t.capacity} BETWEEN 1 AND 100`),
    check("memberships_deactivated_at", sql`(${t.status} = 'deactivated') = (${t.deactivatedAt} IS NOT NULL)`),
  ],
);

/**
 * One row per sign-in. The session cookie (JWT) only names this row; revoking it ("sign out of other sessions")
 * or deactivating the membership ends the session at its next request. Also holds the active organization.
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    activeOrgId: uuid("active_org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId)],
);

/** An invitation to join an org; the link carries a random token of which only the SHA-256 is stored. */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: roleEnum("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedUserId: uuid("accepted_user_id").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    uniqueIndex("invitations_open_email_key")
      .on(t.orgId, t.email)
      .where(sql`${t.acceptedAt} IS NULL AND ${t.revokedAt} IS NULL`),
    check("invitations_email_lowercase", sql`${t.email} = lower(${t.email})`),
  ],
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
    /** mean sentiment (−1..1) of the customer messages that had a reading; null without any (001_… IMPACT-S03 AC-4) */
    sentiment: real("sentiment"),
    /** how many customer messages had a sentiment reading (the mean's weight, updated per message) */
    sentimentReadings: integer("sentiment_readings").notNull().default(0),
    priority: priorityEnum("priority"),
    /** The AI agent version that last answered this conversation (null: built-in defaults or never answered). */
    agentVersionId: uuid("agent_version_id").references((): AnyPgColumn => aiAgentVersions.id, { onDelete: "set null" }),
    /** For `closed_reason = RESOLVE_AI`: `customer_confirmed` when the customer confirmed (`idle_assumed` is no longer written: silence is never an AI win). */
    aiResolution: aiResolutionEnum("ai_resolution"),
    /** How it was closed (null while open); `closed_reason` is derived from it and what happened (`lib/conversations/outcome.ts`). */
    closedVia: closeViaEnum("closed_via"),
    /** When the AI first sent an answer in this conversation (null: it never answered). */
    aiAnsweredAt: timestamp("ai_answered_at", { withTimezone: true }),
    /** Chatwoot triage (004_… §3): the escalation rule that fired, e.g. `keyword:lawsuit` (null: none) */
    escalationRule: text("escalation_rule"),
    /** SLA due times (004_… §6) from the priority: business hours for P2/P3, wall clock for P0/P1 */
    slaFirstResponseDueAt: timestamp("sla_first_response_due_at", { withTimezone: true }),
    slaResolutionDueAt: timestamp("sla_resolution_due_at", { withTimezone: true }),
    /** the first public reply (human or approved draft) */
    firstResponseAt: timestamp("first_response_at", { withTimezone: true }),
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
    index("conversations_agent_status_idx").on(t.assignChannelAgentId, t.status),
    check("conversations_bot_percent_range", sql`${t.botPercent} IS NULL OR ${t.botPercent} BETWEEN 0 AND 100`),
    check("conversations_csat_range", sql`${t.csatScore} IS NULL OR ${t.csatScore} BETWEEN 1 AND 5`),
    check("conversations_sentiment_range", sql`${t.sentiment} IS NULL OR ${t.sentiment} BETWEEN -1 AND 1`),
    check("conversations_variant_percent", sql`(${t.variant} IS NULL) = (${t.botPercent} IS NULL)`),
    check("conversations_ai_resolution", sql`${t.aiResolution} IS NULL OR ${t.closedReason} = 'RESOLVE_AI'`),
    check("conversations_closed_via", sql`${t.closedVia} IS NULL OR ${t.status} = 'RESOLVED'`),
    // 001_… IMPACT-S01 AC-4 / §15b: a close after silence is never counted as an AI resolution
    check("conversations_silence_not_ai_win", sql`${t.closedVia} IS DISTINCT FROM 'silence' OR ${t.closedReason} = 'RESOLVE'`),
  ],
);

export type MessageSource = { articleId: string; title: string; score: number };
/** Internal guidance attached to a hand-over: the article, its excerpt and how confidently it matched (0..1). */
export type MessageGuidance = { articleId: string; title: string; text: string; confidence: number };

export type AgentSignalName = (typeof agentSignalEnum.enumValues)[number];
/** A failure signal raised by the answering engine (003_… Phase 1): which one, and the value that tripped it. */
export type AgentSignal = {
  signal: AgentSignalName;
  /** confidence 0..1 (low_confidence), the cap (message_cap), the matched rule (unexpected_handoff), the error (agent_error) */
  value: number | string;
  /** the limit it was compared with, when there is one (threshold 0..1, cap) */
  threshold?: number;
  detail?: string;
};

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
    /** Bot messages: what the answering engine decided (`answer | handover | resolve`). */
    agentAction: agentActionEnum("agent_action"),
    /** Bot messages: the `capability_id` of the capability that answered. */
    capabilityId: text("capability_id"),
    /** Bot messages: failure signals raised on this turn (003_… signals), with the value that tripped each. */
    signals: jsonb("signals").$type<AgentSignal[]>(),
    /**
     * Bot hand-overs: internal guidance that matched the customer's message, for the human who takes over (never sent
     * to the customer; issue 14).
     */
    guidance: jsonb("guidance").$type<MessageGuidance[]>(),
    /** Customer messages: sentiment −1..1 (`lib/sentiment/score-sentiment.ts`, English and Bahasa Indonesia); null = no scored word. */
    sentiment: real("sentiment"),
    /** Bot messages: the published agent version that produced it (null: built-in defaults or preview). */
    agentVersionId: uuid("agent_version_id").references((): AnyPgColumn => aiAgentVersions.id, { onDelete: "set null" }),
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
    check("messages_sentiment_range", sql`${t.sentiment} IS NULL OR ${t.sentiment} BETWEEN -1 AND 1`),
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
    // deleting a conversation sets these to null: without an index every delete scans the table
    index("events_conversation_idx").on(t.conversationId),
    uniqueIndex("events_org_dedup_key").on(t.orgId, t.dedupKey),
  ],
);

export const KNOWLEDGE_AUDIENCES = ["customer", "internal"] as const;
export type KnowledgeAudience = (typeof KNOWLEDGE_AUDIENCES)[number];

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
    /**
     * Who may read the text (002_… answering engine, issue 14): `customer` — the agent may send it to a customer;
     * `internal` — guidance for staff, shown to the human in a hand-over note or a Chatwoot draft's suggested steps,
     * never sent as a reply.
     */
    audience: text("audience").$type<KnowledgeAudience>().notNull().default("customer"),
    /** Example questions the article answers (the training phrases of an intent), in the article's language. */
    examples: jsonb("examples").$type<string[]>().notNull().default([]),
    /**
     * The answer this article is one language of (e.g. the ABCD key `product_defect/refund_initiate`): articles of one
     * org sharing a topic key are translations of each other, so an answer found in English can be sent in Indonesian.
     */
    topicKey: text("topic_key"),
    search: tsvector("search")
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`CASE WHEN ${knowledgeArticles.language} = 'id' THEN setweight(to_tsvector('indonesian'::regconfig, coalesce(${knowledgeArticles.title}, '')), 'A') || setweight(to_tsvector('indonesian'::regconfig, ${knowledgeArticles.examples}), 'A') || setweight(to_tsvector('indonesian'::regconfig, coalesce(${knowledgeArticles.body}, '')), 'B') ELSE setweight(to_tsvector('english'::regconfig, coalesce(${knowledgeArticles.title}, '')), 'A') || setweight(to_tsvector('english'::regconfig, ${knowledgeArticles.examples}), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(${knowledgeArticles.body}, '')), 'B') END`,
      ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("knowledge_articles_org_source_key").on(t.orgId, t.sourceKey),
    index("knowledge_articles_search_idx").using("gin", t.search),
    index("knowledge_articles_title_trgm_idx").using("gin", sql`${t.title} gin_trgm_ops`),
    check("knowledge_articles_language", sql`${t.language} IN ('en', 'id')`),
    check("knowledge_articles_audience", sql`${t.audience} IN ('customer', 'internal')`),
    check("knowledge_articles_examples_array", sql`jsonb_typeof(${t.examples}) = 'array'`),
    uniqueIndex("knowledge_articles_org_topic_language").on(t.orgId, t.topicKey, t.language).where(sql`${t.topicKey} IS NOT NULL`),
  ],
);

/**
 * An autonomous AI agent (002_…): its working config (Profile/Behavior · Capabilities · Routing, validated by
 * `lib/agent/config-schema.ts`) and status. Publishing freezes the config into an immutable `ai_agent_versions` row.
 */
export const aiAgents = pgTable(
  "ai_agents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    status: agentStatusEnum("status").notNull().default("draft"),
    /** the working (possibly unpublished) config */
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    /** who produced the first draft: the model endpoint, the deterministic template drafter, or by hand */
    draftSource: agentDraftSourceEnum("draft_source").notNull().default("manual"),
    publishedVersionId: uuid("published_version_id").references((): AnyPgColumn => aiAgentVersions.id, { onDelete: "set null" }),
    /** the working config differs from the published version */
    hasUnpublishedChanges: boolean("has_unpublished_changes").notNull().default(true),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("ai_agents_org_idx").on(t.orgId),
    check("ai_agents_name_not_empty", sql`length(trim(${t.name})) > 0`),
    check("ai_agents_live_published", sql`${t.status} = 'draft' OR ${t.publishedVersionId} IS NOT NULL`),
  ],
);

/** An immutable published config of an agent: who published it, when, and what changed from the previous one. */
export const aiAgentVersions = pgTable(
  "ai_agent_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id")
      .notNull()
      .references((): AnyPgColumn => aiAgents.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    /** `{ "profile.tone": { from, to } }` against the previous version ({} for v1) */
    changes: jsonb("changes").$type<Record<string, { from: unknown; to: unknown }>>().notNull().default({}),
    /** set when this version restores an earlier one */
    rolledBackFrom: integer("rolled_back_from"),
    publishedBy: uuid("published_by").references(() => users.id, { onDelete: "set null" }),
    publishedByName: text("published_by_name").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("ai_agent_versions_agent_version_key").on(t.agentId, t.version),
    check("ai_agent_versions_version_positive", sql`${t.version} > 0`),
  ],
);

/**
 * Document frequency of every search term (lexeme) in an org's knowledge base, rebuilt with `ts_stat` in the same
 * transaction as every article write. Retrieval leaves very common terms out of its match query (they match half the
 * articles and cost a rank computation each) — see lib/agent/retrieve.ts.
 */
export const knowledgeTerms = pgTable(
  "knowledge_terms",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    term: text("term").notNull(),
    /** number of the org's articles containing the term */
    ndoc: integer("ndoc").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.term] })],
);

/**
 * Supervisor alerts (003_… Phase 1): one row per failure of one signal in one conversation within the org's dedup
 * window. The dedup key `org:conversation:signal` is unique among open alerts (partial unique index), so a repeat in
 * the window bumps `occurrences` / `last_seen_at` instead of creating a row or a push (Opsgenie's alias count).
 */
export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    signal: agentSignalEnum("signal").notNull(),
    severity: alertSeverityEnum("severity").notNull(),
    dedupKey: text("dedup_key").notNull(),
    /** open while inside its dedup window (first_seen_at + window); closed alerts are history */
    open: boolean("open").notNull().default(true),
    conversationId: uuid("conversation_id").references(() => conversations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id").references(() => channelIntegrations.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id").references(() => aiAgents.id, { onDelete: "set null" }),
    agentVersionId: uuid("agent_version_id").references(() => aiAgentVersions.id, { onDelete: "set null" }),
    /** the value that tripped it: confidence 0..1, the cap, the rule, the error */
    value: jsonb("value").$type<number | string>(),
    threshold: real("threshold"),
    /** plain-language sentence for the push and the feed */
    message: text("message").notNull(),
    occurrences: integer("occurrences").notNull().default(1),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    /** no supervisor could receive it: owners/admins got it instead */
    noSupervisor: boolean("no_supervisor").notNull().default(false),
    /** part of a storm: one grouped push went out instead of one per alert */
    groupId: uuid("group_id"),
    /**
     * when storm grouping decided this alert's push (single, group, or none), in its own short transaction after the
     * ingest committed (issue 20); null until then. Storm counts include only decided alerts, so they stay exact.
     */
    stormCheckedAt: timestamp("storm_checked_at", { withTimezone: true }),
    /** first time someone opened it (push click, feed) or acknowledged it */
    actedAt: timestamp("acted_at", { withTimezone: true }),
    actedBy: uuid("acted_by").references(() => users.id, { onDelete: "set null" }),
    /** how it was acted on: opened (from the push or the feed) or acknowledged */
    actedVia: text("acted_via"),
    /** acted_at − first_seen_at, ms (003_… time-to-intervene) */
    timeToInterveneMs: integer("time_to_intervene_ms"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("alerts_open_dedup_key").on(t.dedupKey).where(sql`${t.open}`),
    index("alerts_org_time_idx").on(t.orgId, t.firstSeenAt),
    index("alerts_storm_idx").on(t.orgId, t.agentId, t.signal, t.firstSeenAt),
    index("alerts_conversation_idx").on(t.conversationId),
    // the few alerts a crash left undecided (the schedule's sweep decides them: issue 16)
    index("alerts_unchecked_idx").on(t.createdAt).where(sql`${t.stormCheckedAt} IS NULL`),
    check("alerts_occurrences_positive", sql`${t.occurrences} >= 1`),
    check("alerts_acted", sql`(${t.actedAt} IS NULL) = (${t.timeToInterveneMs} IS NULL)`),
  ],
);

/** A storm: more than N alerts of one signal for one agent in 5 min share one grouped push. */
export const alertGroups = pgTable(
  "alert_groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    signal: agentSignalEnum("signal").notNull(),
    /** the agent (null: the built-in defaults) */
    agentKey: text("agent_key").notNull(),
    /** start of the 5-minute bucket */
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    alertCount: integer("alert_count").notNull().default(0),
    pushedAt: timestamp("pushed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("alert_groups_window_key").on(t.orgId, t.signal, t.agentKey, t.windowStart)],
);

export type QuietHours = { start: string; end: string } | null;

/**
 * Alert settings per org (003_…): dedup window, storm threshold, severity per signal. One row per org, defaults
 * when absent.
 */
export const alertSettings = pgTable(
  "alert_settings",
  {
    orgId: uuid("org_id")
      .primaryKey()
      .references(() => organizations.id, { onDelete: "cascade" }),
    dedupWindowMinutes: integer("dedup_window_minutes").notNull().default(10),
    stormThreshold: integer("storm_threshold").notNull().default(5),
    severities: jsonb("severities").$type<Record<string, "high" | "medium" | "low">>().notNull().default({}),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("alert_settings_window", sql`${t.dedupWindowMinutes} BETWEEN 1 AND 1440`),
    check("alert_settings_storm", sql`${t.stormThreshold} BETWEEN 1 AND 1000`),
  ],
);

/**
 * Who receives alerts besides the org's supervisors: an explicit member, org-wide (`channel_id` null) or for one
 * channel; and every recipient's (supervisors' too) per-signal opt-in and quiet hours (in the org's time zone).
 */
export const alertRecipients = pgTable(
  "alert_recipients",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** null = every channel */
    channelId: uuid("channel_id").references(() => channelIntegrations.id, { onDelete: "cascade" }),
    signals: jsonb("signals").$type<string[]>().notNull(),
    quietHours: jsonb("quiet_hours").$type<QuietHours>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("alert_recipients_org_user_channel").on(t.orgId, t.userId, sql`coalesce(${t.channelId}, '00000000-0000-0000-0000-000000000000'::uuid)`),
  ],
);

/** A browser's Web Push subscription, per user and device (endpoint unique). */
export const pushSubscriptions = pgTable(
  "push_subscriptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    endpoint: text("endpoint").notNull(),
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    /** what the user sees in the device list, e.g. "Chrome on Linux" */
    label: text("label").notNull(),
    createdAt: createdAt(),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("push_subscriptions_endpoint_key").on(t.endpoint), index("push_subscriptions_user_idx").on(t.userId)],
);

/** Every push attempt: which alert, which device, the push service's status code and the latency. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    alertId: uuid("alert_id").references(() => alerts.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => alertGroups.id, { onDelete: "cascade" }),
    /** the test notification has neither alert nor group */
    kind: text("kind").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    subscriptionId: uuid("subscription_id").references(() => pushSubscriptions.id, { onDelete: "set null" }),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("alert_deliveries_alert_idx").on(t.alertId)],
);

/**
 * The impact datamart (001_… Phase 1, DESIGN.md `ai_activity_daily`): per org × channel × local day (the org's time
 * zone, by conversation start), the counts every impact metric needs, computed set-based by
 * `lib/impact/aggregate-daily.ts`. Eligible = not a `bot_preview` channel and `closed_reason` not SPAM. 13 months kept.
 */
export const aiActivityDaily = pgTable(
  "ai_activity_daily",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channelIntegrations.id, { onDelete: "cascade" }),
    /** local date in the org's time zone (YYYY-MM-DD) */
    day: date("day", { mode: "string" }).notNull(),
    /** eligible conversations started that day */
    conversations: integer("conversations").notNull(),
    /** RESOLVE_AI, no human attached, closed (gross AI resolutions, 001_… IMPACT-S01 AC-1) */
    aiResolved: integer("ai_resolved").notNull(),
    /** of those, the contact opened a new conversation (any channel) within 48 h of closed_at (AC-2) */
    aiResolvedReopened: integer("ai_resolved_reopened").notNull(),
    /** the AI replied at least once and a human was attached afterwards (IMPACT-S02 AC-2) */
    aiAssisted: integer("ai_assisted").notNull(),
    /** closed as ASSIGN_AGENT / ASSIGN_AGENT_AI / WAITING_ASSIGN_AGENT without an AI reply before (IMPACT-S02 AC-1) */
    escalated: integer("escalated").notNull(),
    /** eligible conversations started outside the org's business hours (or on a holiday) */
    afterHours: integer("after_hours").notNull(),
    /** of those, net-contained by the AI ("handled while your team was offline", 001_… §9.1 step 6) */
    afterHoursContained: integer("after_hours_contained").notNull().default(0),
    /** the AI sent at least one answer ("took part in") */
    aiAnswered: integer("ai_answered").notNull().default(0),
    /** no confirmed outcome: still open with the AI (no hand-over, nobody attached) */
    openWithAi: integer("open_with_ai").notNull().default(0),
    /** no confirmed outcome: closed after the customer went silent (`closed_via = silence`) */
    closedAfterSilence: integer("closed_after_silence").notNull().default(0),
    /** no confirmed outcome: a bare RESOLVE nobody was attached to (human button without a hand-over) */
    closedUnattended: integer("closed_unattended").notNull().default(0),
    /** customer messages in net-contained conversations (turns-to-resolve numerator, IMPACT-S03 AC-3) */
    containedTurns: integer("contained_turns").notNull(),
    /** sentiment sums and coverage (-1..1), contained vs escalated (IMPACT-S03 AC-2, AC-4) */
    containedSentimentSum: real("contained_sentiment_sum").notNull(),
    containedSentimentN: integer("contained_sentiment_n").notNull(),
    escalatedSentimentSum: real("escalated_sentiment_sum").notNull(),
    escalatedSentimentN: integer("escalated_sentiment_n").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.channelId, t.day] }),
    index("ai_activity_daily_org_day_idx").on(t.orgId, t.day),
    check("ai_activity_daily_counts", sql`${t.aiResolvedReopened} <= ${t.aiResolved} AND ${t.aiResolved} <= ${t.conversations}`),
  ],
);

/** The org's own cost assumption (001_… IMPACT-S04): agent-hour rate in whole rupiah and minutes per conversation. */
export const costAssumptions = pgTable(
  "cost_assumptions",
  {
    orgId: uuid("org_id")
      .primaryKey()
      .references(() => organizations.id, { onDelete: "cascade" }),
    agentHourRate: integer("agent_hour_rate").notNull(),
    minutesPerConversation: integer("minutes_per_conversation").notNull(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("cost_assumptions_rate", sql`${t.agentHourRate} BETWEEN 1 AND 100000000`),
    check("cost_assumptions_minutes", sql`${t.minutesPerConversation} BETWEEN 1 AND 480`),
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

/**
 * A bot reply sent to the channel's outbound reply URL (issue 14): one row per reply (delivered once), its attempts
 * with backoff, and the last outcome — shown in the channel's delivery log.
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
    url: text("url").notNull(),
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

/** Who changed what and when, across settings (append-only). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    actorUserId: uuid("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** the actor's name at the time, so the entry reads the same after the user is gone */
    actorName: text("actor_name").notNull(),
    area: auditAreaEnum("area").notNull(),
    /** dotted verb, e.g. `member.role_changed` */
    action: text("action").notNull(),
    targetId: text("target_id"),
    targetLabel: text("target_label"),
    /** `{ field: { from, to } }`; secrets never appear here */
    changes: jsonb("changes").$type<Record<string, { from: unknown; to: unknown }>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_log_org_time_idx").on(t.orgId, t.createdAt),
    index("audit_log_org_area_idx").on(t.orgId, t.area, t.createdAt),
  ],
);

/**
 * An org's link to a Chatwoot account (004_…; DESIGN.md `chatwoot_links`): base URL, account id, and the API access
 * token and webhook secret sealed with AES-256-GCM (lib/crypto/secret-box.ts) — never shown again after saving.
 * One link per org; its id is in the webhook URL (`/api/webhooks/chatwoot/{linkId}`).
 */
export const chatwootLinks = pgTable(
  "chatwoot_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** e.g. `https://app.chatwoot.com` (no trailing slash) */
    baseUrl: text("base_url").notNull(),
    accountId: integer("account_id").notNull(),
    apiTokenSealed: text("api_token_sealed").notNull(),
    webhookSecretSealed: text("webhook_secret_sealed").notNull(),
    /** where escalations go in Chatwoot (org rule): a team and/or an agent id; null = leave unassigned */
    escalationTeamId: integer("escalation_team_id"),
    escalationAssigneeId: integer("escalation_assignee_id"),
    /** the org's triage rules (lib/chatwoot/triage-rules.ts); `{}` = the seed's defaults */
    triageRules: jsonb("triage_rules").$type<Record<string, unknown>>().notNull().default({}),
    /** the last reconciliation poll that completed (missed deliveries are picked up after it) */
    lastReconciledAt: timestamp("last_reconciled_at", { withTimezone: true }),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("chatwoot_links_org_key").on(t.orgId),
    check("chatwoot_links_account", sql`${t.accountId} > 0`),
  ],
);

/** Which Tandem channel a Chatwoot inbox's conversations land on (metrics and alerts see them there). */
export const chatwootInboxes = pgTable(
  "chatwoot_inboxes",
  {
    linkId: uuid("link_id")
      .notNull()
      .references(() => chatwootLinks.id, { onDelete: "cascade" }),
    inboxId: integer("inbox_id").notNull(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channelIntegrations.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.inboxId] })],
);

/** `X-Chatwoot-Delivery` ids already accepted: a replayed delivery is refused (kept 7 days). */
export const chatwootDeliveries = pgTable(
  "chatwoot_deliveries",
  {
    linkId: uuid("link_id")
      .notNull()
      .references(() => chatwootLinks.id, { onDelete: "cascade" }),
    deliveryId: text("delivery_id").notNull(),
    event: text("event").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.linkId, t.deliveryId] }), index("chatwoot_deliveries_time_idx").on(t.receivedAt)],
);

export const approvalStatusEnum = pgEnum("approval_status", ["pending", "sending", "sent", "escalated"]);
export const approvalDecisionEnum = pgEnum("approval_decision", ["approved", "edited", "rejected", "escalated"]);

/**
 * A human-in-the-loop approval of an AI draft (004_… §4; the spec's `support_approvals`). One per customer message
 * drafted for. Status: pending → sending → sent when a reply leaves (decision approved, edited, or rejected with the
 * operator's own reply; exactly once), or pending → escalated (to a supervisor, with a reason).
 */
export const approvals = pgTable(
  "approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** the customer message the draft answers */
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    status: approvalStatusEnum("status").notNull().default("pending"),
    decision: approvalDecisionEnum("decision"),
    draft: text("draft").notNull(),
    /** answering engine confidence 0..1 */
    confidence: real("confidence").notNull(),
    sources: jsonb("sources").$type<MessageSource[]>().notNull().default([]),
    /** the private note carrying the draft in Chatwoot */
    noteChatwootMessageId: integer("note_chatwoot_message_id"),
    /** the operator the approval is assigned to (Tandem member) */
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    finalText: text("final_text"),
    /** Levenshtein distance draft → final text, in characters */
    editDistance: integer("edit_distance"),
    replyChatwootMessageId: integer("reply_chatwoot_message_id"),
    sendAttempts: integer("send_attempts").notNull().default(0),
    /** when the current send attempt began (a `sending` row whose attempt is long past is stuck and may be retried) */
    sendStartedAt: timestamp("send_started_at", { withTimezone: true }),
    lastSendError: text("last_send_error"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    escalationReason: text("escalation_reason"),
    /** 0 none, 1 operator reminded (30 min), 2 supervisors alerted (60 min) — 004_… §9 approval timeout */
    escalationLevel: integer("escalation_level").notNull().default(0),
    operatorDueAt: timestamp("operator_due_at", { withTimezone: true }).notNull(),
    managerDueAt: timestamp("manager_due_at", { withTimezone: true }).notNull(),
    toneGrade: integer("tone_grade"),
    accuracyGrade: integer("accuracy_grade"),
    policyGrade: integer("policy_grade"),
    gradedBy: uuid("graded_by").references(() => users.id, { onDelete: "set null" }),
    gradedAt: timestamp("graded_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("approvals_message_key").on(t.messageId),
    index("approvals_org_status_idx").on(t.orgId, t.status, t.createdAt),
    index("approvals_conversation_idx").on(t.conversationId),
    check("approvals_confidence", sql`${t.confidence} BETWEEN 0 AND 1`),
    check(
      "approvals_grades",
      sql`(${t.toneGrade} IS NULL OR ${t.toneGrade} BETWEEN 1 AND 5) AND (${t.accuracyGrade} IS NULL OR ${t.accuracyGrade} BETWEEN 1 AND 5) AND (${t.policyGrade} IS NULL OR ${t.policyGrade} BETWEEN 1 AND 5)`,
    ),
    check("approvals_sent_reply", sql`${t.status} <> 'sent' OR (${t.finalText} IS NOT NULL AND ${t.sentAt} IS NOT NULL)`),
  ],
);

export type Organization = typeof organizations.$inferSelect;
export type Channel = typeof channelIntegrations.$inferSelect;
/**
 * Consecutive failed sign-ins per account (issue 17: no brute force). Keyed by the normalized email, whether or not an
 * account has it (so the answer never tells which emails exist). Deleted on a successful sign-in.
 */
export const loginThrottle = pgTable("login_throttle", {
  email: text("email").primaryKey(),
  failures: integer("failures").notNull(),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull(),
  /** no sign-in for this email, not even with the right password, until then */
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

export const JOB_RUN_OUTCOMES = ["running", "ok", "failed", "skipped"] as const;

/**
 * One tick of a scheduled job (issue 16 item 1; the table of jobs is `lib/jobs/scheduled-jobs.ts`), whichever runner
 * fired it — Inngest or the in-process scheduler. The tick's row is its claim: `(job_id, scheduled_for)` is unique,
 * so however many Tandem instances fire a tick, one runs it. Platform-wide (jobs sweep every org), no org column.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    jobId: text("job_id").notNull(),
    /** the tick this run is for (the cron time, to the minute) */
    scheduledFor: timestamp("scheduled_for", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    outcome: text("outcome", { enum: JOB_RUN_OUTCOMES }).notNull(),
    /** which runner fired it: `inngest` or `embedded` */
    runner: text("runner").notNull(),
    /** what the job reported (counts), for the System page */
    summary: jsonb("summary").$type<Record<string, number | string | null>>(),
    /** the failure's message, cut to 500 characters (never a stack or a secret) */
    error: text("error"),
  },
  (t) => [
    uniqueIndex("job_runs_tick_key").on(t.jobId, t.scheduledFor),
    index("job_runs_job_started_idx").on(t.jobId, t.startedAt),
    check("job_runs_outcome", sql`${t.outcome} IN ('running', 'ok', 'failed', 'skipped')`),
  ],
);

export const OUTBOX_STATUSES = ["pending", "done", "failed"] as const;

/**
 * The transactional outbox (issue 16 item 2): work that must happen after a commit — an alert's push, an accepted
 * Chatwoot delivery, an approval's timer — written in the same transaction as the change that causes it, then
 * dispatched (to Inngest, or run in-process) with retries and backoff. Rows that keep failing stay `failed` and are
 * shown on Settings › System with Retry; done rows are kept 7 days.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    /** the work's name: the Inngest event it becomes (`alerts/push.requested`, …) */
    topic: text("topic").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** one row per piece of work: enqueueing the same key again is a no-op (also the Inngest event id) */
    dedupKey: text("dedup_key").notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    /** dispatch attempts so far */
    attempts: integer("attempts").notNull().default(0),
    /** when the row may be dispatched (later after a failure: backoff) */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** a dispatcher's claim: nobody else takes the row before this time */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    /** the last failure's message, cut to 500 characters */
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("outbox_dedup_key").on(t.dedupKey),
    index("outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("outbox_org_status_idx").on(t.orgId, t.status, t.createdAt),
    check("outbox_status", sql`${t.status} IN ('pending', 'done', 'failed')`),
  ],
);

export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type AiAgent = typeof aiAgents.$inferSelect;
export type AiAgentVersion = typeof aiAgentVersions.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
export type OutboxRow = typeof outbox.$inferSelect;
