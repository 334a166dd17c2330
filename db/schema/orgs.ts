/** Organizations and the people in them: users, memberships, sign-in sessions and throttle, invitations, the audit log. */
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
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { UiLanguage } from "@/lib/i18n/ui-language";
import { createdAt, updatedAt } from "./columns";

export const planEnum = pgEnum("plan", ["starter", "professional", "enterprise"]);
export const roleEnum = pgEnum("member_role", ["owner", "admin", "supervisor", "agent"]);
export const memberStatusEnum = pgEnum("member_status", ["active", "deactivated"]);
export const availabilityEnum = pgEnum("agent_availability", ["online", "offline"]);
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
  "conversations",
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
    /**
     * The console language this person chose on their profile (`id` Bahasa Indonesia, `en` English); null follows
     * each organization's locale (lib/i18n/ui-language.ts, issue 19 item 1).
     */
    uiLanguage: text("ui_language").$type<UiLanguage>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    check("users_ui_language", sql`${t.uiLanguage} IS NULL OR ${t.uiLanguage} IN ('id', 'en')`),
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

/**
 * Failure counters of `rate-limiter-flexible` (`RateLimiterDrizzle`, lib/auth/attempt-limits.ts): failed sign-ins,
 * invitation acceptances and password changes per client address, and password changes per account. `key` is
 * `<limit>:<subject>`; a row counts `points` until `expire`. Pruned by the nightly job.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull(),
    expire: timestamp("expire", { withTimezone: true }),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);

export type Organization = typeof organizations.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
