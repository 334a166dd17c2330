/** The impact report (001_…): the daily datamart and the org's cost assumption. */
import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, primaryKey, real, timestamp, uuid } from "drizzle-orm/pg-core";
import { updatedAt } from "./columns";
import { organizations, users } from "./orgs";
import { channelIntegrations } from "./channels";

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
