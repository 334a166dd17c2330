/**
 * The supervisor console's numbers (003_… Phase 2 start): the failure feed, per-signal counts and rates over the
 * last 24 h per agent and channel, and intervention speed — median time-to-intervene and the share of alerts acted on
 * within 15 minutes. Every query is scoped to the org.
 */
import { and, count, desc, eq, gte, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { agentSignalEnum, aiAgents, alerts, channelIntegrations, conversations, users, type AgentSignalName } from "@/db/schema";

export const FEED_PAGE_SIZE = 25;
/** "Acted on quickly" (003_… follow-up metric), ms. */
export const ACT_WITHIN_MS = 15 * 60_000;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
export const feedParamsSchema = z.object({
  signal: z.preprocess(first, z.enum(agentSignalEnum.enumValues).optional().catch(undefined)),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(10_000).catch(1)).default(1),
});

/** One page of the org's alerts, newest first, with channel, agent and who acted. */
export async function listAlertFeed(db: Db, { orgId, signal, page = 1 }: { orgId: string; signal?: string; page?: number }) {
  const where = and(eq(alerts.orgId, orgId), signal ? sql`${alerts.signal} = ${signal}` : undefined);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: alerts.id,
        signal: alerts.signal,
        severity: alerts.severity,
        message: alerts.message,
        messageParams: alerts.messageParams,
        occurrences: alerts.occurrences,
        firstSeenAt: alerts.firstSeenAt,
        lastSeenAt: alerts.lastSeenAt,
        conversationId: alerts.conversationId,
        channelId: alerts.channelId,
        agentId: alerts.agentId,
        channelName: channelIntegrations.name,
        agentName: aiAgents.name,
        noSupervisor: alerts.noSupervisor,
        grouped: sql<boolean>`${alerts.groupId} IS NOT NULL`,
        actedAt: alerts.actedAt,
        actedVia: alerts.actedVia,
        actedByName: users.name,
        timeToInterveneMs: alerts.timeToInterveneMs,
        openedAt: alerts.openedAt,
        timeToOpenMs: alerts.timeToOpenMs,
        /**
         * its push was decided over a minute ago and reached no device (not one 2xx from a push service, for the alert or
         * its storm group): nobody was told but through this feed (issue 18 item 6)
         */
        snoozed: alerts.snoozed,
        reachedNoDevice: sql<boolean>`(NOT ${alerts.snoozed} AND ${alerts.stormCheckedAt} < now() - interval '1 minute' AND NOT EXISTS (
          SELECT 1 FROM alert_deliveries d WHERE (d.alert_id = ${alerts.id} OR (${alerts.groupId} IS NOT NULL AND d.group_id = ${alerts.groupId}))
            AND d.status_code BETWEEN 200 AND 299))`,
        /** for "Open in Chatwoot" on a Chatwoot conversation's alert */
        contactId: conversations.contactId,
        conversationExternalId: conversations.externalId,
      })
      .from(alerts)
      .leftJoin(conversations, eq(conversations.id, alerts.conversationId))
      .leftJoin(channelIntegrations, eq(channelIntegrations.id, alerts.channelId))
      .leftJoin(aiAgents, eq(aiAgents.id, alerts.agentId))
      .leftJoin(users, eq(users.id, alerts.actedBy))
      .where(where)
      .orderBy(desc(alerts.firstSeenAt), desc(alerts.id))
      .limit(FEED_PAGE_SIZE)
      .offset((page - 1) * FEED_PAGE_SIZE),
    db.select({ total: count() }).from(alerts).where(where),
  ]);
  return { rows, total: total?.total ?? 0 };
}

/** Alerts of the last 24 h nobody has opened or acknowledged (the bell's count). */
export async function unreadAlertCount(db: Db, { orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(alerts)
    .where(and(eq(alerts.orgId, orgId), isNull(alerts.actedAt), gte(alerts.firstSeenAt, new Date(now.getTime() - 86_400_000))));
  return row?.n ?? 0;
}

/** `name` is null for the built-in assistant (the page names it in the reader's language). */
export type SignalBreakdownRow = { dimension: "agent" | "channel"; name: string | null; signal: string; alerts: number; occurrences: number; conversations: number; rate: number };

/**
 * Per agent and per channel, each signal's alerts in the last 24 h and its rate: alerts ÷ conversations the AI
 * handled there in the same 24 h (bot arm or no split; preview excluded), 0..1.
 */
export async function signalBreakdown(db: Db, { orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<SignalBreakdownRow[]> {
  const since = new Date(now.getTime() - 86_400_000).toISOString();
  const rows = await executeRows<{ dimension: "agent" | "channel"; name: string | null; signal: string; alerts: number; occurrences: number; conversations: number }>(
    db,
    sql`
    WITH a AS (
      SELECT a.signal, a.occurrences, a.channel_id, ag.name AS agent_name, ch.name AS channel_name, a.agent_id
      FROM alerts a
      LEFT JOIN ai_agents ag ON ag.id = a.agent_id
      LEFT JOIN channel_integrations ch ON ch.id = a.channel_id
      WHERE a.org_id = ${orgId} AND a.first_seen_at >= ${since}::timestamptz
    ),
    convs AS (
      SELECT c.channel_id, v.agent_id, count(*)::int AS n
      FROM conversations c
      JOIN channel_integrations ch ON ch.id = c.channel_id AND ch.type <> 'bot_preview'
      LEFT JOIN ai_agent_versions v ON v.id = c.agent_version_id
      WHERE c.org_id = ${orgId} AND c.created_at >= ${since}::timestamptz AND c.variant IS DISTINCT FROM 'human'
      GROUP BY 1, 2
    )
    SELECT 'agent' AS dimension, a.agent_name AS name, a.signal::text AS signal, count(*)::int AS alerts, sum(a.occurrences)::int AS occurrences,
      coalesce((SELECT sum(n) FROM convs WHERE convs.agent_id IS NOT DISTINCT FROM a.agent_id), 0)::int AS conversations
    FROM a GROUP BY a.agent_id, a.agent_name, a.signal
    UNION ALL
    SELECT 'channel', a.channel_name, a.signal::text, count(*)::int, sum(a.occurrences)::int,
      coalesce((SELECT sum(n) FROM convs WHERE convs.channel_id = a.channel_id), 0)::int
    FROM a WHERE a.channel_name IS NOT NULL GROUP BY a.channel_name, a.channel_id, a.signal
    ORDER BY 1, 2, 3`,
  );
  return rows.map((r) => ({ ...r, alerts: Number(r.alerts), occurrences: Number(r.occurrences), conversations: Number(r.conversations), rate: Number(r.conversations) > 0 ? Math.min(1, Number(r.alerts) / Number(r.conversations)) : 0 }));
}

/**
 * Intervention speed over alerts first seen since `since` (003_… ⭐ time-to-intervene; issue 18 item 1):
 * - `medianMs`: median time-to-intervene (ms) — to the first human action: acknowledging, or taking over, assigning,
 *   replying to, handing back or resolving its conversation; null when none was acted on;
 * - `within15`: the share of all alerts acted on within 15 minutes (0..1; null when there were no alerts);
 * - `openMedianMs`: median time to open (ms) — the alert's conversation opened from the push or the feed; null if none.
 */
export async function interventionStats(
  db: Db,
  { orgId, since }: { orgId: string; since: Date },
): Promise<{ alerts: number; acted: number; medianMs: number | null; within15: number | null; opened: number; openMedianMs: number | null }> {
  const [row] = await executeRows<{ alerts: number; acted: number; median: number | null; quick: number; opened: number; open_median: number | null }>(
    db,
    sql`SELECT count(*)::int AS alerts, count(time_to_intervene_ms)::int AS acted,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_intervene_ms)::float8 AS median,
          count(*) FILTER (WHERE time_to_intervene_ms <= ${ACT_WITHIN_MS})::int AS quick,
          count(time_to_open_ms)::int AS opened,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_open_ms)::float8 AS open_median
        FROM alerts WHERE org_id = ${orgId} AND first_seen_at >= ${since.toISOString()}::timestamptz`,
  );
  const n = Number(row?.alerts ?? 0);
  const ms = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return { alerts: n, acted: Number(row?.acted ?? 0), medianMs: ms(row?.median), within15: n > 0 ? Number(row!.quick) / n : null, opened: Number(row?.opened ?? 0), openMedianMs: ms(row?.open_median) };
}

/**
 * Noisy signals (issue 18 item 6): the signals with more alerts than `threshold` (Settings › Alerts, per hour) first
 * seen in the hour before `now`.
 * @returns each noisy signal with its alerts in that hour, most first
 */
export async function noisySignals(db: Db, { orgId, threshold, now = new Date() }: { orgId: string; threshold: number; now?: Date }): Promise<{ signal: AgentSignalName; alerts: number }[]> {
  const rows = await executeRows<{ signal: AgentSignalName; n: number }>(
    db,
    sql`SELECT signal::text AS signal, count(*)::int AS n FROM alerts
        WHERE org_id = ${orgId} AND first_seen_at > ${now.toISOString()}::timestamptz - interval '1 hour' AND first_seen_at <= ${now.toISOString()}::timestamptz
        GROUP BY signal HAVING count(*) > ${threshold} ORDER BY count(*) DESC`,
  );
  return rows.map((r) => ({ signal: r.signal, alerts: Number(r.n) }));
}
