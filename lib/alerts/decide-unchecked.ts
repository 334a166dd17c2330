/**
 * The safety net of storm grouping (issue 16): an alert whose ingest committed but whose process died before
 * {@link groupStorm} ran stays undecided (`storm_checked_at` null) and without a push. The schedule's outbox job decides
 * such alerts, so every committed alert still gets its push (or joins its storm).
 */
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, alertSettings } from "@/db/schema";
import { DEFAULT_ALERT_SETTINGS } from "./alert-settings";
import { PUSH_TTL_SECONDS } from "./deliver-push";
import { groupStorm, type QueuedPush } from "./raise-alert";

/** An alert younger than this is still being decided by its own request (ms). */
export const UNCHECKED_GRACE_MS = 30_000;

/**
 * Decides the storm grouping of alerts left undecided: created more than {@link UNCHECKED_GRACE_MS} and less than the
 * push TTL (1 h: an older push is not worth showing) before `now`, oldest first, at most `limit`. Each runs through
 * {@link groupStorm} in its own short transaction (which writes the push to the outbox); one decided meanwhile by
 * another process is skipped there.
 * @returns the pushes written to the outbox
 * @throws database errors
 */
export async function decideUncheckedAlerts(db: Db, { now = new Date(), limit = 500 }: { now?: Date; limit?: number } = {}): Promise<QueuedPush[]> {
  const rows = await db
    .select({ id: alerts.id, orgId: alerts.orgId, signal: alerts.signal, agentId: alerts.agentId, channelId: alerts.channelId, at: alerts.firstSeenAt, stormThreshold: alertSettings.stormThreshold })
    .from(alerts)
    .leftJoin(alertSettings, eq(alertSettings.orgId, alerts.orgId))
    .where(
      and(
        isNull(alerts.stormCheckedAt),
        lt(alerts.createdAt, new Date(now.getTime() - UNCHECKED_GRACE_MS)),
        gt(alerts.createdAt, new Date(now.getTime() - PUSH_TTL_SECONDS * 1000)),
      ),
    )
    .orderBy(sql`${alerts.createdAt}`)
    .limit(limit);
  const queued: QueuedPush[] = [];
  for (const r of rows) {
    const push = await groupStorm(db, { orgId: r.orgId, alertId: r.id, signal: r.signal, agentId: r.agentId, channelId: r.channelId, at: r.at, stormThreshold: r.stormThreshold ?? DEFAULT_ALERT_SETTINGS.stormThreshold });
    if (push) queued.push(push);
  }
  return queued;
}
