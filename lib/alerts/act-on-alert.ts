import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { alerts } from "@/db/schema";

/**
 * Records that someone acted on an alert — opened it (from the push or the feed) or acknowledged it — the first time
 * only, with `time_to_intervene_ms` = acted_at − first_seen_at (003_… ⭐ time-to-intervene). Later opens change
 * nothing.
 * @returns the alert's conversation id (to open), or null when the alert is not in this org
 */
export async function markAlertActed(
  db: Db,
  { orgId, alertId, userId, via, at = new Date() }: { orgId: string; alertId: string; userId: string; via: "opened" | "acknowledged"; at?: Date },
): Promise<{ conversationId: string | null } | null> {
  if (!z.uuid().safeParse(alertId).success) return null;
  await db
    .update(alerts)
    .set({
      actedAt: at,
      actedBy: userId,
      actedVia: via,
      timeToInterveneMs: sql`greatest(0, round(extract(epoch from (${at.toISOString()}::timestamptz - ${alerts.firstSeenAt})) * 1000))::int`,
    })
    .where(and(eq(alerts.id, alertId), eq(alerts.orgId, orgId), isNull(alerts.actedAt)));
  const [row] = await db.select({ conversationId: alerts.conversationId }).from(alerts).where(and(eq(alerts.id, alertId), eq(alerts.orgId, orgId)));
  return row ?? null;
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
