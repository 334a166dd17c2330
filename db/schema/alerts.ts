/** Supervisor alerts (003_…): alerts, storms, settings, recipients, Web Push subscriptions and push deliveries. */
import type { AlertMessageParams } from "@/lib/alerts/alert-message";
import { sql } from "drizzle-orm";
import {
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
import { createdAt, updatedAt } from "./columns";
import { organizations, users } from "./orgs";
import { aiAgents, aiAgentVersions } from "./agents";
import { channelIntegrations } from "./channels";
import { agentSignalEnum, conversations } from "./conversations";

export const alertSeverityEnum = pgEnum("alert_severity", ["high", "medium", "low"]);

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
    /**
     * what the sentence is made of (agent and channel names, the value, threshold and detail), so the feed and each
     * push say it in the reader's language (lib/alerts/alert-message.ts); null on alerts raised before they were kept
     */
    messageParams: jsonb("message_params").$type<AlertMessageParams>(),
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
    /** raised while its signal was snoozed for its channel or agent: recorded, but no push went out (issue 18 item 6) */
    snoozed: boolean("snoozed").notNull().default(false),
    /** first time someone opened its conversation from the alert (push click, feed link) */
    openedAt: timestamp("opened_at", { withTimezone: true }),
    openedBy: uuid("opened_by").references(() => users.id, { onDelete: "set null" }),
    /** opened_at − first_seen_at, ms (time to open; shown beside time-to-intervene, issue 18) */
    timeToOpenMs: integer("time_to_open_ms"),
    /**
     * first human action: on the conversation (take over, assign, reply, hand back, resolve — in Tandem or seen from the
     * helpdesk) or acknowledging the alert. Opening the page is not an action (issue 18 item 1).
     */
    actedAt: timestamp("acted_at", { withTimezone: true }),
    actedBy: uuid("acted_by").references(() => users.id, { onDelete: "set null" }),
    /** the action: `acknowledged`, `took_over`, `assigned`, `replied`, `handed_back`, `resolved` */
    actedVia: text("acted_via"),
    /** acted_at − first_seen_at, ms (003_… ⭐ time-to-intervene) */
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
    check("alerts_opened", sql`(${t.openedAt} IS NULL) = (${t.timeToOpenMs} IS NULL)`),
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
    /** a signal with more alerts than this in the last hour is marked noisy on the monitoring page (issue 18 item 6) */
    noisyPerHour: integer("noisy_per_hour").notNull().default(20),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("alert_settings_window", sql`${t.dedupWindowMinutes} BETWEEN 1 AND 1440`),
    check("alert_settings_noisy", sql`${t.noisyPerHour} BETWEEN 1 AND 10000`),
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

export const SNOOZE_SCOPES = ["channel", "agent"] as const;

/**
 * A signal snoozed for one channel or one AI agent until a time (issue 18 item 6): alerts still land on the feed,
 * marked snoozed, but send no push. `agent_key` is the AI agent's id, or `built-in` for the built-in assistant.
 */
export const alertSnoozes = pgTable(
  "alert_snoozes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    signal: agentSignalEnum("signal").notNull(),
    scope: text("scope").$type<(typeof SNOOZE_SCOPES)[number]>().notNull(),
    channelId: uuid("channel_id").references(() => channelIntegrations.id, { onDelete: "cascade" }),
    agentKey: text("agent_key"),
    until: timestamp("until", { withTimezone: true }).notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("alert_snoozes_org_signal_idx").on(t.orgId, t.signal, t.until),
    // one snooze per signal and channel or agent: snoozing it again moves its end (lib/alerts/snooze-alerts.ts)
    uniqueIndex("alert_snoozes_channel_key").on(t.orgId, t.signal, t.channelId).where(sql`${t.scope} = 'channel'`),
    uniqueIndex("alert_snoozes_agent_key").on(t.orgId, t.signal, t.agentKey).where(sql`${t.scope} = 'agent'`),
    check("alert_snoozes_scope", sql`(${t.scope} = 'channel' AND ${t.channelId} IS NOT NULL AND ${t.agentKey} IS NULL) OR (${t.scope} = 'agent' AND ${t.agentKey} IS NOT NULL AND ${t.channelId} IS NULL)`),
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
