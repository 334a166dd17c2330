import { and, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { alerts } from "@/db/schema";
import { localized } from "@/lib/i18n/language-scope";

/** The human actions that count as intervening on an alert (issue 18 item 1): on its conversation, or acknowledging it. */
export type InterventionVia = "acknowledged" | "took_over" | "assigned" | "replied" | "handed_back" | "resolved";

/** ms from the alert's first sighting to `at`, in SQL (never negative). */
const msSinceFirstSeen = (at: Date) => sql<number>`greatest(0, round(extract(epoch from (${at.toISOString()}::timestamptz - ${alerts.firstSeenAt})) * 1000))::int`;

/**
 * Records that someone acknowledged an alert — a human action, so the first one sets `time_to_intervene_ms` =
 * acted_at − first_seen_at (003_… ⭐ time-to-intervene). An alert already acted on (acknowledged, or its conversation
 * taken over, replied to…) keeps its first action.
 * @returns the alert's conversation id, or null when the alert is not in this org (or the id is malformed)
 */
export async function markAlertActed(
  db: Db,
  { orgId, alertId, userId, via = "acknowledged", at = new Date() }: { orgId: string; alertId: string; userId: string; via?: InterventionVia; at?: Date },
): Promise<{ conversationId: string | null } | null> {
  if (!z.uuid().safeParse(alertId).success) return null;
  await db
    .update(alerts)
    .set({ actedAt: at, actedBy: userId, actedVia: via, timeToInterveneMs: msSinceFirstSeen(at) })
    .where(and(eq(alerts.id, alertId), eq(alerts.orgId, orgId), isNull(alerts.actedAt)));
  return alertTarget(db, { orgId, alertId });
}

/** At most this many alerts are acknowledged at once (a feed page is 25). */
export const BULK_ACKNOWLEDGE_MAX = 100;
const alertIdsSchema = z.array(z.uuid(localized("alerts.notAnAlert")), localized("alerts.chooseAlertsToAcknowledge")).min(1, localized("alerts.chooseAlertsToAcknowledge")).max(BULK_ACKNOWLEDGE_MAX, localized("alerts.acknowledgeAtMost", { max: BULK_ACKNOWLEDGE_MAX }));

/**
 * Acknowledges many alerts at once (issue 18 item 6): each one of the org not yet acted on gets this as its first
 * action ({@link markAlertActed}); others (already acted on, another org's) are left alone. One statement.
 * @param alertIds 1..100 alert ids
 * @returns how many were acknowledged now
 * @throws ZodError for an empty list, more than 100 ids, or a malformed id (nothing written)
 */
export async function acknowledgeAlerts(db: Db, { orgId, alertIds, userId, at = new Date() }: { orgId: string; alertIds: unknown; userId: string; at?: Date }): Promise<number> {
  const ids = [...new Set(alertIdsSchema.parse(alertIds))];
  const rows = await db
    .update(alerts)
    .set({ actedAt: at, actedBy: userId, actedVia: "acknowledged", timeToInterveneMs: msSinceFirstSeen(at) })
    .where(and(inArray(alerts.id, ids), eq(alerts.orgId, orgId), isNull(alerts.actedAt)))
    .returning({ id: alerts.id });
  return rows.length;
}

/**
 * Records that someone opened an alert's conversation (from the push or the feed), the first time only:
 * `time_to_open_ms` = opened_at − first_seen_at. Opening is not intervening (issue 18 item 1): time-to-intervene waits
 * for the first action ({@link recordIntervention}).
 * @returns the alert's conversation id, or null when the alert is not in this org
 */
export async function markAlertOpened(
  db: Db,
  { orgId, alertId, userId, at = new Date() }: { orgId: string; alertId: string; userId: string; at?: Date },
): Promise<{ conversationId: string | null } | null> {
  if (!z.uuid().safeParse(alertId).success) return null;
  await db
    .update(alerts)
    .set({ openedAt: at, openedBy: userId, timeToOpenMs: msSinceFirstSeen(at) })
    .where(and(eq(alerts.id, alertId), eq(alerts.orgId, orgId), isNull(alerts.openedAt)));
  return alertTarget(db, { orgId, alertId });
}

/**
 * A human acted on a conversation (took it over, assigned, replied, handed it back, resolved it): every alert on it
 * raised before `at` and not yet acted on gets this as its first action and its time-to-intervene. Call it in the
 * action's transaction.
 * @param userId the member who acted; null when the action came from the helpdesk without a known member
 * @returns how many alerts it closed the loop on
 */
export async function recordIntervention(
  tx: Db,
  { orgId, conversationId, userId, via, at = new Date() }: { orgId: string; conversationId: string; userId: string | null; via: Exclude<InterventionVia, "acknowledged">; at?: Date },
): Promise<number> {
  const rows = await tx
    .update(alerts)
    .set({ actedAt: at, actedBy: userId, actedVia: via, timeToInterveneMs: msSinceFirstSeen(at) })
    .where(and(eq(alerts.orgId, orgId), eq(alerts.conversationId, conversationId), isNull(alerts.actedAt), lte(alerts.firstSeenAt, at)))
    .returning({ id: alerts.id });
  return rows.length;
}

/**
 * Where an alert's link leads, without changing anything (a push click, a link preview or a prefetch only reads):
 * the alert's conversation id.
 * @returns `{ conversationId }` (null when the alert has no conversation), or null when the alert is not in this org
 */
export async function alertTarget(db: Db, { orgId, alertId }: { orgId: string; alertId: string }): Promise<{ conversationId: string | null } | null> {
  if (!z.uuid().safeParse(alertId).success) return null;
  const [row] = await db.select({ conversationId: alerts.conversationId }).from(alerts).where(and(eq(alerts.id, alertId), eq(alerts.orgId, orgId)));
  return row ?? null;
}
