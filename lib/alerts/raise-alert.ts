/**
 * Raising an alert from a failure signal (003_… signals and alerts), inside the transaction that stored the bot
 * turn. Throttle and dedup live in the database:
 * - dedup key `org:conversation:signal`, unique among open alerts (partial unique index). An open alert whose window
 *   (first_seen_at + the org's dedup window, default 10 min) has passed is closed first; then one
 *   `INSERT … ON CONFLICT DO UPDATE` either creates the alert or counts a repeat (`occurrences + 1`, `last_seen_at`).
 *   Concurrent repeats therefore make one alert, and only its creation asks for a push.
 * - Storms: when more than N (org setting, default 5) new alerts of one signal for one agent land within 5 minutes,
 *   the next one starts a storm group (which asks for the one grouped push) and the rest join it for 5 minutes; a
 *   per-(org, signal, agent) transaction lock serializes the counting, so concurrent alerts of a storm see each other.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { alertGroups, alerts, type AgentSignal } from "@/db/schema";
import { alertMessage } from "./alert-message";
import { getAlertSettings, type AlertSettings } from "./alert-settings";

/** Agent key of the built-in defaults (no agent row) in storm grouping. */
export const BUILT_IN_AGENT_KEY = "built-in";

export type PushRequest = { kind: "alert"; orgId: string; alertId: string } | { kind: "group"; orgId: string; groupId: string };

export type RaisedAlert = {
  alertId: string;
  /** false when this was a repeat inside the window (occurrences incremented) */
  created: boolean;
  /** what to push after commit: this alert, its storm group's single push, or nothing */
  push: PushRequest | null;
};

/** The dedup key: `org:conversation:signal`. */
export function dedupKeyOf(orgId: string, conversationId: string, signal: string): string {
  return `${orgId}:${conversationId}:${signal}`;
}

/**
 * Records `signal` for a conversation as an alert (or a repeat of the open one).
 * @param p.at when the signal was raised (the bot turn's time)
 * @param p.settings the org's alert settings (read when omitted)
 */
export async function raiseAlert(
  tx: Db,
  p: {
    orgId: string;
    signal: AgentSignal;
    conversationId: string;
    channelId: string;
    channelName: string;
    agentId: string | null;
    agentName: string;
    agentVersionId: string | null;
    at: Date;
    settings?: AlertSettings;
  },
): Promise<RaisedAlert> {
  const settings = p.settings ?? (await getAlertSettings(tx, p.orgId));
  const key = dedupKeyOf(p.orgId, p.conversationId, p.signal.signal);
  const at = p.at.toISOString();
  // an open alert whose window has passed is history: a new one starts
  await tx
    .update(alerts)
    .set({ open: false })
    .where(and(eq(alerts.dedupKey, key), eq(alerts.open, true), sql`${alerts.firstSeenAt} + make_interval(mins => ${settings.dedupWindowMinutes}) <= ${at}::timestamptz`));
  const [row] = await tx
    .insert(alerts)
    .values({
      orgId: p.orgId,
      signal: p.signal.signal,
      severity: settings.severities[p.signal.signal],
      dedupKey: key,
      conversationId: p.conversationId,
      channelId: p.channelId,
      agentId: p.agentId,
      agentVersionId: p.agentVersionId,
      value: p.signal.value,
      threshold: p.signal.threshold ?? null,
      message: alertMessage({ signal: p.signal.signal, agentName: p.agentName, channelName: p.channelName, value: p.signal.value, threshold: p.signal.threshold, detail: p.signal.detail }),
      firstSeenAt: p.at,
      lastSeenAt: p.at,
    })
    .onConflictDoUpdate({
      target: alerts.dedupKey,
      targetWhere: sql`${alerts.open}`,
      set: { occurrences: sql`${alerts.occurrences} + 1`, lastSeenAt: sql`greatest(${alerts.lastSeenAt}, excluded.last_seen_at)` },
    })
    .returning({ id: alerts.id, created: sql<boolean>`(xmax = 0)` });
  if (!row) throw new Error("alert upsert returned nothing");
  if (!row.created) return { alertId: row.id, created: false, push: null };

  // storm grouping, one (org, signal, agent) at a time: the lock makes concurrent alerts of a storm count each other
  const agentKey = p.agentId ?? BUILT_IN_AGENT_KEY;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`storm:${p.orgId}:${p.signal.signal}:${agentKey}`}, 0))`);
  const [{ n } = { n: 0 }] = await executeRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM alerts
        WHERE org_id = ${p.orgId} AND signal = ${p.signal.signal}
          AND ${p.agentId ? sql`agent_id = ${p.agentId}` : sql`agent_id IS NULL`}
          AND first_seen_at > ${at}::timestamptz - interval '5 minutes'`,
  );
  if (Number(n) <= settings.stormThreshold) return { alertId: row.id, created: true, push: { kind: "alert", orgId: p.orgId, alertId: row.id } };

  // the storm's group started less than 5 minutes ago, or a new one starting now (which sends the one grouped push)
  const [current] = await tx
    .select({ id: alertGroups.id })
    .from(alertGroups)
    .where(and(eq(alertGroups.orgId, p.orgId), eq(alertGroups.signal, p.signal.signal), eq(alertGroups.agentKey, agentKey), sql`${alertGroups.windowStart} > ${at}::timestamptz - interval '5 minutes'`))
    .orderBy(desc(alertGroups.windowStart))
    .limit(1);
  if (current) {
    await tx.update(alertGroups).set({ alertCount: sql`${alertGroups.alertCount} + 1` }).where(eq(alertGroups.id, current.id));
    await tx.update(alerts).set({ groupId: current.id }).where(eq(alerts.id, row.id));
    return { alertId: row.id, created: true, push: null };
  }
  const [group] = await tx
    .insert(alertGroups)
    .values({ orgId: p.orgId, signal: p.signal.signal, agentKey, windowStart: p.at, alertCount: 1, pushedAt: p.at })
    .returning({ id: alertGroups.id });
  await tx.update(alerts).set({ groupId: group!.id }).where(eq(alerts.id, row.id));
  return { alertId: row.id, created: true, push: { kind: "group", orgId: p.orgId, groupId: group!.id } };
}
