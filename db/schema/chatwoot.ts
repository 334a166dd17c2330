/** The Chatwoot integration (004_…): the link, inbox mapping, accepted deliveries, and approvals of AI drafts. */
import { sql } from "drizzle-orm";
import {
  check,
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
import { createdAt, updatedAt } from "./columns";
import { organizations, users } from "./orgs";
import { channelIntegrations } from "./channels";
import { conversations, messages, type MessageSource } from "./conversations";

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

export const CHATWOOT_CALL_STATUSES = ["pending", "done", "failed"] as const;

/**
 * Calls Tandem makes to Chatwoot for one message or approval — priority, labels, assignment, notes — each recorded by
 * its intent key before it is made (issue 18 item 5), so however often and however concurrently a delivery is
 * processed, each call happens once (`lib/chatwoot/call-once.ts`). A failed one may be claimed again by a later attempt.
 */
export const chatwootCalls = pgTable(
  "chatwoot_calls",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** what and for what, e.g. `message:4711:priority`, `approval:<id>:escalation-note` */
    key: text("key").notNull(),
    status: text("status").$type<(typeof CHATWOOT_CALL_STATUSES)[number]>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(1),
    lastError: text("last_error"),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.key] }),
    index("chatwoot_calls_claimed_idx").on(t.claimedAt),
    check("chatwoot_calls_status", sql`${t.status} IN ('pending', 'done', 'failed')`),
  ],
);

export const approvalStatusEnum = pgEnum("approval_status", ["pending", "sending", "sent", "escalated", "superseded"]);
/** Why a draft was overtaken by what happened in Chatwoot (issue 18 item 2). */
export const SUPERSEDED_REASONS = ["human_reply", "resolved", "reassigned"] as const;
export const approvalDecisionEnum = pgEnum("approval_decision", ["approved", "edited", "rejected", "escalated"]);

/**
 * A human-in-the-loop approval of an AI draft (004_… §4; the spec's `support_approvals`). One per customer message
 * drafted for. Status: pending → sending → sent when a reply leaves (decision approved, edited, or rejected with the
 * operator's own reply; exactly once), or pending → escalated (to a supervisor, with a reason). A pending or escalated
 * draft becomes `superseded` when Chatwoot moves on without it — a person replied, the conversation was resolved or
 * moved to another agent (issue 18 item 2): its timers stop and it can no longer be sent.
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
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
    supersededReason: text("superseded_reason").$type<(typeof SUPERSEDED_REASONS)[number]>(),
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
    // compared as text: the enum value is new in the same migration (an enum literal would be unsafe there)
    check("approvals_superseded", sql`(${t.status}::text = 'superseded') = (${t.supersededAt} IS NOT NULL AND ${t.supersededReason} IN ('human_reply', 'resolved', 'reassigned'))`),
  ],
);
