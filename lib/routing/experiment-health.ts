/**
 * Monitoring of a running traffic-split experiment (000_… §10 Alerts):
 * - decision-fallback rate > 1 % of split decisions in the last hour (the config read is failing and traffic is
 *   silently defaulting to the bot);
 * - human-arm queue wait p90 > 15 min, during the org's business hours ("configured experiment hours"; always,
 *   when the org has set none).
 * {@link evaluateExperimentHealth} is the pure rule; {@link checkExperimentHealth} measures every channel with the
 * split on and stores one operator alert per channel, kind and hour (unique key: reruns never duplicate).
 */
import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { channelIntegrations, operatorAlerts } from "@/db/schema";
import { isWithinBusinessHours } from "@/lib/org/business-hours";
import { SPLIT_PLANS } from "./split-eligibility";

/** Thresholds of 000_… §10. */
export const FALLBACK_RATE_THRESHOLD = 0.01;
export const QUEUE_WAIT_P90_THRESHOLD_MIN = 15;
const HOUR_MS = 3600_000;

export type ChannelHealth = {
  channelId: string;
  channelName: string;
  /** split decisions in the window (tagged conversations + fallbacks) */
  decisions: number;
  fallbacks: number;
  /** p90 of human-arm queue wait in minutes; null when there were no human-arm conversations */
  queueWaitP90Min: number | null;
  /** whether the org is inside its business hours (queue-wait alerts only then) */
  duringExperimentHours: boolean;
};

export type HealthAlert = { kind: "decision_fallback_rate" | "queue_wait_p90"; value: number; threshold: number; message: string };

/** The alerts a channel's measurements call for (pure). */
export function evaluateExperimentHealth(h: ChannelHealth): HealthAlert[] {
  const alerts: HealthAlert[] = [];
  const rate = h.decisions ? h.fallbacks / h.decisions : 0;
  if (h.decisions > 0 && rate > FALLBACK_RATE_THRESHOLD) {
    alerts.push({
      kind: "decision_fallback_rate", value: rate, threshold: FALLBACK_RATE_THRESHOLD,
      message: `${h.channelName}: ${(rate * 100).toFixed(1)}% of split decisions fell back to the bot in the last hour (${h.fallbacks} of ${h.decisions}). The split config may be unreadable.`,
    });
  }
  if (h.duringExperimentHours && h.queueWaitP90Min !== null && h.queueWaitP90Min > QUEUE_WAIT_P90_THRESHOLD_MIN) {
    alerts.push({
      kind: "queue_wait_p90", value: h.queueWaitP90Min, threshold: QUEUE_WAIT_P90_THRESHOLD_MIN,
      message: `${h.channelName}: 1 in 10 human-arm customers waited ${Math.round(h.queueWaitP90Min)} min or longer for an agent (p90, target 15 min). The human arm may be under-staffed.`,
    });
  }
  return alerts;
}

/**
 * Measures every split-enabled channel of the orgs that may split (flag, eligible plan and AI add-on:
 * lib/routing/split-eligibility.ts) over the hour before `now`.
 * Queue wait = `assigned_at` (or `now` while still waiting) − `created_at`, over human-arm conversations created in
 * the window or still waiting from the last 24 h.
 */
export async function measureExperimentHealth(db: Db, { now = new Date(), orgId }: { now?: Date; orgId?: string } = {}): Promise<(ChannelHealth & { orgId: string })[]> {
  const since = new Date(now.getTime() - HOUR_MS).toISOString();
  const dayAgo = new Date(now.getTime() - 24 * HOUR_MS).toISOString();
  const rows = await executeRows<{
    org_id: string; channel_id: string; channel_name: string; tagged: number; fallbacks: number; p90_min: number | null;
    timezone: string; business_hours: unknown; holidays: unknown;
  }>(db, sql`
    select o.id as org_id, ch.id as channel_id, ch.name as channel_name, o.timezone, o.business_hours, o.holidays,
      (select count(*)::int from conversations c where c.channel_id = ch.id and c.variant is not null and c.created_at >= ${since}::timestamptz and c.created_at < ${now.toISOString()}::timestamptz) as tagged,
      (select count(*)::int from events e where e.org_id = o.id and e.name = 'bot_traffic_split_decision_fallback'
        and e.properties->>'channel_integration_id' = ch.id::text and e.occurred_at >= ${since}::timestamptz and e.occurred_at < ${now.toISOString()}::timestamptz) as fallbacks,
      (select percentile_cont(0.9) within group (order by extract(epoch from (coalesce(c.assigned_at, ${now.toISOString()}::timestamptz) - c.created_at)) / 60)
        from conversations c where c.channel_id = ch.id and c.variant = 'human'
          and ((c.created_at >= ${since}::timestamptz and c.created_at < ${now.toISOString()}::timestamptz)
            or (c.status = 'WAITING_ASSIGN_AGENT' and c.created_at >= ${dayAgo}::timestamptz)))::float8 as p90_min
    from channel_integrations ch join organizations o on o.id = ch.org_id
    where ch.traffic_split_enabled and o.bot_traffic_split_enabled and o.ai_agent_addon
      and o.plan::text in (${sql.join(SPLIT_PLANS.map((p) => sql`${p}`), sql`, `)}) and ch.archived_at is null ${orgId ? sql`and o.id = ${orgId}` : sql``}`);
  return rows.map((r) => {
    const businessHours = (typeof r.business_hours === "string" ? JSON.parse(r.business_hours) : r.business_hours) as Parameters<typeof isWithinBusinessHours>[0]["businessHours"];
    const holidays = (typeof r.holidays === "string" ? JSON.parse(r.holidays) : r.holidays) as string[];
    return {
      orgId: r.org_id,
      channelId: r.channel_id,
      channelName: r.channel_name,
      decisions: r.tagged + r.fallbacks,
      fallbacks: r.fallbacks,
      queueWaitP90Min: r.p90_min === null ? null : Number(r.p90_min),
      duringExperimentHours: businessHours.length === 0 || isWithinBusinessHours({ businessHours, holidays, timezone: r.timezone }, now),
    };
  });
}

/**
 * Measures, evaluates and stores operator alerts (one per channel, kind and clock hour).
 * @returns the alerts newly stored by this run
 */
export async function checkExperimentHealth(db: Db, { now = new Date(), orgId }: { now?: Date; orgId?: string } = {}) {
  const windowStart = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const stored: (HealthAlert & { orgId: string; channelId: string })[] = [];
  for (const health of await measureExperimentHealth(db, { now, orgId })) {
    for (const alert of evaluateExperimentHealth(health)) {
      const [row] = await db
        .insert(operatorAlerts)
        .values({ orgId: health.orgId, channelId: health.channelId, kind: alert.kind, value: alert.value, threshold: alert.threshold, message: alert.message, windowStart, windowEnd: new Date(windowStart.getTime() + HOUR_MS) })
        .onConflictDoNothing()
        .returning({ id: operatorAlerts.id });
      if (row) stored.push({ ...alert, orgId: health.orgId, channelId: health.channelId });
    }
  }
  return stored;
}

/**
 * The org's operator alerts since `since` (default: last 7 days), newest first, optionally for one channel. `message` is
 * the English sentence kept for logs; pages write it from `kind`, `value` and `threshold` in the reader's language.
 */
export function listOperatorAlerts(db: Db, { orgId, channelId, since = new Date(Date.now() - 7 * 24 * HOUR_MS) }: { orgId: string; channelId?: string; since?: Date }) {
  return db
    .select({
      id: operatorAlerts.id, kind: operatorAlerts.kind, value: operatorAlerts.value, threshold: operatorAlerts.threshold, message: operatorAlerts.message,
      createdAt: operatorAlerts.createdAt, channelName: channelIntegrations.name,
    })
    .from(operatorAlerts)
    .innerJoin(channelIntegrations, eq(channelIntegrations.id, operatorAlerts.channelId))
    .where(and(eq(operatorAlerts.orgId, orgId), gte(operatorAlerts.createdAt, since), channelId ? eq(operatorAlerts.channelId, channelId) : undefined))
    .orderBy(desc(operatorAlerts.createdAt))
    .limit(20);
}

