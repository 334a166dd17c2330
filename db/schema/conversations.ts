/** Conversations, their messages and the analytics events written about them. */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, sealedText } from "./columns";
import { organizations, users } from "./orgs";
import { aiAgentVersions } from "./agents";
import { channelIntegrations } from "./channels";

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
export const agentActionEnum = pgEnum("agent_action", ["answer", "handover", "resolve"]);
export const aiResolutionEnum = pgEnum("ai_resolution", ["customer_confirmed", "idle_assumed"]);
/**
 * How a conversation was closed (issue 15; `lib/conversations/outcome.ts`): the customer confirmed the AI's answer, a
 * human or the helpdesk closed it, the customer went silent (the idle job), or it was marked spam.
 */
export const closeViaEnum = pgEnum("close_via", ["customer_confirmed", "agent", "silence", "spam"]);
/**
 * Failure signals that raise supervisor alerts: the answering engine's four (003_…), and the Chatwoot loop's three
 * (issue 18 item 4) — the AI could not draft a reply, a P0 escalation, an SLA breach.
 */
export const agentSignalEnum = pgEnum("agent_signal", ["agent_error", "unexpected_handoff", "message_cap", "low_confidence", "draft_engine_failed", "p0_escalation", "sla_breach"]);
/** The Chatwoot loop's signals (raised by `lib/chatwoot/`, not by the answering engine). */
export const CHATWOOT_SIGNALS = ["draft_engine_failed", "p0_escalation", "sla_breach"] as const;

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
    /** the customer's name, phone and email: sealed at rest (issue 17 item 6; DESIGN §security, 004_… §12) */
    contactName: sealedText("contact_name"),
    contactPhone: sealedText("contact_phone"),
    contactEmail: sealedText("contact_email"),
    /** keyed blind indexes of the normalised phone and email (`lib/conversations/contact-index.ts`), for lookups */
    contactPhoneIndex: text("contact_phone_index"),
    contactEmailIndex: text("contact_email_index"),
    /** Arm of the traffic split; null when no split was active (000_… BTS-S02). Decided once. */
    variant: variantEnum("variant"),
    /** The bot_percent in force when the arm was decided. */
    botPercent: integer("bot_percent"),
    status: conversationStatusEnum("status").notNull().default("OPEN"),
    closedReason: closedReasonEnum("closed_reason"),
    assignChannelAgentId: uuid("assign_channel_agent_id").references(() => users.id, { onDelete: "set null" }),
    assignedAt: timestamp("assigned_at", { withTimezone: true }),
    handoverAt: timestamp("handover_at", { withTimezone: true }),
    /**
     * When a human last handed the conversation back to the bot (issue 18; `lib/conversations/hand-back.ts`): the bot
     * answers again while this is later than `handover_at`, and the close counts the human's part (never `RESOLVE_AI`).
     */
    handedBackAt: timestamp("handed_back_at", { withTimezone: true }),
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
    index("conversations_org_phone_index_idx").on(t.orgId, t.contactPhoneIndex).where(sql`${t.contactPhoneIndex} IS NOT NULL`),
    index("conversations_org_email_index_idx").on(t.orgId, t.contactEmailIndex).where(sql`${t.contactEmailIndex} IS NOT NULL`),
    index("conversations_agent_status_idx").on(t.assignChannelAgentId, t.status),
    check("conversations_bot_percent_range", sql`${t.botPercent} IS NULL OR ${t.botPercent} BETWEEN 0 AND 100`),
    // written sealed; rows from before sealing are sealed by db/seal-contact-data.ts, which then validates this
    check(
      "conversations_contact_sealed",
      sql`(${t.contactName} IS NULL OR ${t.contactName} LIKE 'v1.%') AND (${t.contactPhone} IS NULL OR ${t.contactPhone} LIKE 'v1.%') AND (${t.contactEmail} IS NULL OR ${t.contactEmail} LIKE 'v1.%')`,
    ),
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

export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
