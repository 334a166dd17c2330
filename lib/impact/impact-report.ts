/**
 * The AI Agent Impact report (001_… Phase 1, §8 Behavior 1), read only from the datamart `ai_activity_daily`
 * (never from conversations): honest containment (IMPACT-S01), the blended journey (S02), quality (S03), work
 * absorbed from the org's own assumption (S04), trend against the onboarding baseline and the optional forecast
 * (S05). Three small indexed reads on (org_id, day); a 12-month range is ≈ 365 × channels rows.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { addDays, localToday } from "@/lib/time/local-day";
import { type CostAssumption, workAbsorbed } from "./cost-assumption";
import { type Forecast, forecastContainment, FORECAST_WINDOW_WEEKS, type WeeklyPoint } from "./forecast";
import { percentagesSummingTo100 } from "./journey-split";
import {
  afterHoursVerdict,
  containmentVerdict,
  reopenVerdict,
  SENTIMENT_LOW_COVERAGE,
  sentimentVerdict,
  turnsVerdict,
  type Verdict,
  volumeVerdict,
} from "./verdicts";

/** Fewer days of data than this (since the first datamart day) → Baseline forming (IMPACT-S01 AC-6). */
export const MIN_DAYS_OF_DATA = 30;
/** Fewer eligible conversations in the selected range than this → Baseline forming (IMPACT-S01 AC-6). */
export const MIN_CONVERSATIONS = 30;
/** The onboarding baseline: the first this-many days of AI activity (IMPACT-S05 AC-1). */
export const BASELINE_DAYS = 30;
/** Ranges up to this many days trend per day; longer ones per week (Monday-based). */
export const DAILY_TREND_MAX_DAYS = 31;

/** Datamart counts summed over channels (one day, or a range). */
export type ImpactCounts = {
  conversations: number;
  aiResolved: number;
  reopened: number;
  aiAssisted: number;
  escalated: number;
  afterHours: number;
  containedTurns: number;
  containedSentimentSum: number;
  containedSentimentN: number;
  escalatedSentimentSum: number;
  escalatedSentimentN: number;
};
export type DailyRow = ImpactCounts & { day: string };

export type TrendPoint = { start: string; end: string; conversations: number; net: number | null };

export type ImpactReport = {
  from: string;
  to: string;
  totals: ImpactCounts;
  /** days from the first datamart day (for this channel filter) to the range end, 0 without data */
  daysOfData: number;
  /** IMPACT-S01 AC-6: volume only, no derived % */
  baselineForming: boolean;
  /** AI-resolved net of 48 h reopens ("contained") */
  contained: number;
  /** null while the baseline is forming */
  containment: { net: number; gross: number; gap: number; verdict: Verdict } | null;
  volume: { conversations: number; aiHandled: number; aiShare: number | null; verdict: Verdict | null };
  /** `configured` false when the org has no business hours (after-hours can't be classified) */
  afterHours: { configured: boolean; count: number; share: number | null; verdict: Verdict | null };
  /** null until the org saved its own assumption (IMPACT-S04 AC-3) */
  work: { hours: number; rupiah: number; assumption: Pick<CostAssumption, "agentHourRate" | "minutesPerConversation"> } | null;
  /** null when no conversation ended in one of the three journeys (IMPACT-S02 ERR-1 placeholder) */
  journey: { aiAlone: number; aiAssisted: number; escalated: number; total: number; percent: [number, number, number] } | null;
  reopen: { rate: number; reopened: number; aiResolved: number; verdict: Verdict } | null;
  /** null = "not available" (no mood readings on one side, IMPACT-S03 AC-4/ERR-1) */
  sentiment: { delta: number; contained: number; escalated: number; coverage: number; lowCoverage: boolean; readings: number; verdict: Verdict } | null;
  turns: { average: number; verdict: Verdict } | null;
  trend: {
    granularity: "day" | "week";
    points: TrendPoint[];
    /** net containment of the first {@link BASELINE_DAYS} days of AI activity; `forming` while those days are not over */
    baseline: { value: number | null; from: string; to: string; forming: boolean } | null;
  };
  /** only when requested (sub-flag on), the baseline is formed and history suffices */
  forecast: Forecast | null;
  daily: DailyRow[];
  /** when the datamart was last computed for these rows */
  updatedAt: Date | null;
};

const ZERO: ImpactCounts = {
  conversations: 0, aiResolved: 0, reopened: 0, aiAssisted: 0, escalated: 0, afterHours: 0, containedTurns: 0,
  containedSentimentSum: 0, containedSentimentN: 0, escalatedSentimentSum: 0, escalatedSentimentN: 0,
};

/** Adds datamart counts. */
export function sumCounts(rows: readonly ImpactCounts[]): ImpactCounts {
  const total = { ...ZERO };
  for (const r of rows) for (const k of Object.keys(ZERO) as (keyof ImpactCounts)[]) total[k] += r[k];
  return total;
}

/** Net containment (0..1) of counts, or null without conversations (IMPACT-S01 AC-1/AC-2). */
export function netContainment(c: Pick<ImpactCounts, "conversations" | "aiResolved" | "reopened">): number | null {
  return c.conversations > 0 ? (c.aiResolved - c.reopened) / c.conversations : null;
}

const SUMS = sql`
  coalesce(sum(conversations), 0)::int AS "conversations",
  coalesce(sum(ai_resolved), 0)::int AS "aiResolved",
  coalesce(sum(ai_resolved_reopened), 0)::int AS "reopened",
  coalesce(sum(ai_assisted), 0)::int AS "aiAssisted",
  coalesce(sum(escalated), 0)::int AS "escalated",
  coalesce(sum(after_hours), 0)::int AS "afterHours",
  coalesce(sum(contained_turns), 0)::int AS "containedTurns",
  coalesce(sum(contained_sentiment_sum), 0)::float8 AS "containedSentimentSum",
  coalesce(sum(contained_sentiment_n), 0)::int AS "containedSentimentN",
  coalesce(sum(escalated_sentiment_sum), 0)::float8 AS "escalatedSentimentSum",
  coalesce(sum(escalated_sentiment_n), 0)::int AS "escalatedSentimentN"`;

/** Monday of the week holding `day` (`YYYY-MM-DD`). */
export function weekStart(day: string): string {
  const dow = new Date(`${day}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T12:00:00Z`) - Date.parse(`${a}T12:00:00Z`)) / 86_400_000);

function trendPoints(daily: DailyRow[], from: string, to: string, granularity: "day" | "week"): TrendPoint[] {
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const points: TrendPoint[] = [];
  let start = granularity === "day" ? from : weekStart(from);
  while (start <= to) {
    const end = granularity === "day" ? start : addDays(start, 6);
    const rows: DailyRow[] = [];
    for (let d = start < from ? from : start; d <= end && d <= to; d = addDays(d, 1)) {
      const row = byDay.get(d);
      if (row) rows.push(row);
    }
    const c = sumCounts(rows);
    points.push({ start: start < from ? from : start, end: end > to ? to : end, conversations: c.conversations, net: netContainment(c) });
    start = addDays(end, 1);
  }
  return points;
}

/**
 * Loads the report for an org (and optionally one channel) over local days `from..to`.
 * @param params.timezone the org's IANA zone (decides "today" for the baseline and the forecast's complete weeks)
 * @param params.businessHoursSet whether the org has business hours (else the after-hours tile asks for them)
 * @param params.forecast compute the forecast (the org's `ai_agent_impact_report_forecast` flag)
 * @param params.assumption the org's cost assumption, if any
 * @throws whatever the database throws (the caller turns it into the Error state, ERR-1)
 */
export async function loadImpactReport(
  db: Db,
  params: {
    orgId: string;
    channelId?: string;
    from: string;
    to: string;
    timezone: string;
    businessHoursSet: boolean;
    forecast: boolean;
    assumption: Pick<CostAssumption, "agentHourRate" | "minutesPerConversation"> | null;
    now?: Date;
  },
): Promise<ImpactReport> {
  const { orgId, channelId, from, to } = params;
  const today = localToday(params.timezone, params.now);
  const channel = channelId ? sql`AND channel_id = ${channelId}` : sql``;
  // complete weeks for the forecast end on the Sunday before the week holding min(to, today)
  const lastComplete = addDays(weekStart(to < today ? addDays(to, 1) : today), -1);
  const forecastFrom = addDays(weekStart(lastComplete), -7 * (FORECAST_WINDOW_WEEKS - 1));
  const readFrom = params.forecast && forecastFrom < from ? forecastFrom : from;

  const [meta] = await executeRows<{ firstDay: string | null; firstAiDay: string | null; updatedAt: Date | string | null }>(
    db,
    sql`SELECT min(day)::text AS "firstDay", (min(day) FILTER (WHERE ai_resolved > 0 OR ai_assisted > 0))::text AS "firstAiDay",
          max(computed_at) AS "updatedAt"
        FROM ai_activity_daily WHERE org_id = ${orgId} ${channel}`,
  );
  const dailyAll = await executeRows<DailyRow>(
    db,
    sql`SELECT day::text AS "day", ${SUMS} FROM ai_activity_daily
        WHERE org_id = ${orgId} ${channel} AND day BETWEEN ${readFrom}::date AND ${to}::date
        GROUP BY day ORDER BY day`,
  );
  const daily = dailyAll.filter((d) => d.day >= from);
  const totals = sumCounts(daily);

  const firstDay = meta?.firstDay ?? null;
  const end = to < today ? to : today;
  const daysOfData = firstDay && firstDay <= end ? daysBetween(firstDay, end) + 1 : 0;
  const baselineForming = daysOfData < MIN_DAYS_OF_DATA || totals.conversations < MIN_CONVERSATIONS;

  const contained = totals.aiResolved - totals.reopened;
  const aiHandled = totals.aiResolved + totals.aiAssisted;
  const share = (n: number, d: number) => (d > 0 ? n / d : null);

  let baseline: ImpactReport["trend"]["baseline"] = null;
  const firstAiDay = meta?.firstAiDay ?? null;
  if (firstAiDay) {
    const baselineTo = addDays(firstAiDay, BASELINE_DAYS - 1);
    const [b] = await executeRows<ImpactCounts>(
      db,
      sql`SELECT ${SUMS} FROM ai_activity_daily WHERE org_id = ${orgId} ${channel} AND day BETWEEN ${firstAiDay}::date AND ${baselineTo}::date`,
    );
    baseline = { value: b ? netContainment(b) : null, from: firstAiDay, to: baselineTo, forming: baselineTo >= today };
  }

  const granularity = daysBetween(from, to) + 1 <= DAILY_TREND_MAX_DAYS ? "day" : "week";
  let forecast: Forecast | null = null;
  if (params.forecast && !baselineForming && baseline && !baseline.forming) {
    const weeks: WeeklyPoint[] = trendPoints(dailyAll, forecastFrom, lastComplete, "week")
      .filter((p) => p.net !== null && p.start >= (firstAiDay ?? p.start)) // weeks before the AI started would fake a rising trend
      .map((p) => ({ weekStart: p.start, net: p.net!, conversations: p.conversations }));
    forecast = forecastContainment(weeks);
  }

  const journeyTotal = totals.aiResolved + totals.aiAssisted + totals.escalated;
  const sentimentReady = totals.containedSentimentN > 0 && totals.escalatedSentimentN > 0;
  const sentimentBase = contained + totals.escalated;
  const readings = totals.containedSentimentN + totals.escalatedSentimentN;
  const net = netContainment(totals);
  const gross = share(totals.aiResolved, totals.conversations);

  return {
    from,
    to,
    totals,
    daysOfData,
    baselineForming,
    contained,
    containment: baselineForming || net === null || gross === null ? null : { net, gross, gap: gross - net, verdict: containmentVerdict(net) },
    volume: {
      conversations: totals.conversations,
      aiHandled,
      aiShare: baselineForming ? null : share(aiHandled, totals.conversations),
      verdict: baselineForming || totals.conversations === 0 ? null : volumeVerdict(aiHandled / totals.conversations),
    },
    afterHours: {
      configured: params.businessHoursSet,
      count: totals.afterHours,
      share: baselineForming || !params.businessHoursSet ? null : share(totals.afterHours, totals.conversations),
      verdict: baselineForming || !params.businessHoursSet ? null : afterHoursVerdict(totals.afterHours),
    },
    work: params.assumption && !baselineForming ? { ...workAbsorbed(contained, params.assumption), assumption: params.assumption } : null,
    journey:
      baselineForming || journeyTotal === 0
        ? null
        : {
            aiAlone: totals.aiResolved,
            aiAssisted: totals.aiAssisted,
            escalated: totals.escalated,
            total: journeyTotal,
            percent: percentagesSummingTo100([totals.aiResolved, totals.aiAssisted, totals.escalated]) as [number, number, number],
          },
    reopen:
      baselineForming || totals.aiResolved === 0
        ? null
        : { rate: totals.reopened / totals.aiResolved, reopened: totals.reopened, aiResolved: totals.aiResolved, verdict: reopenVerdict(totals.reopened / totals.aiResolved) },
    sentiment:
      baselineForming || !sentimentReady
        ? null
        : (() => {
            const c = totals.containedSentimentSum / totals.containedSentimentN;
            const e = totals.escalatedSentimentSum / totals.escalatedSentimentN;
            const coverage = sentimentBase > 0 ? readings / sentimentBase : 0;
            return { delta: c - e, contained: c, escalated: e, coverage, lowCoverage: coverage < SENTIMENT_LOW_COVERAGE, readings, verdict: sentimentVerdict(c - e) };
          })(),
    turns: baselineForming || contained <= 0 ? null : { average: totals.containedTurns / contained, verdict: turnsVerdict(totals.containedTurns / contained) },
    trend: { granularity, points: trendPoints(daily, from, to, granularity), baseline },
    forecast,
    daily,
    updatedAt: meta?.updatedAt ? new Date(meta.updatedAt) : null,
  };
}
