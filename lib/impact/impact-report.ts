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
import { percentagesKeepingFirst } from "./journey-split";
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
  afterHoursContained: number;
  aiAnswered: number;
  openWithAi: number;
  closedAfterSilence: number;
  closedUnattended: number;
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
  /** `aiHandled`: conversations the AI took part in (sent at least one answer); `aiShare` of all eligible */
  volume: { conversations: number; aiHandled: number; aiShare: number | null; verdict: Verdict | null };
  /**
   * "Handled while your team was offline": `count` = after-hours conversations the AI contained (net), `arrivals` =
   * all after-hours conversations, `share` = count ÷ arrivals. `configured` false when the org has no business hours.
   */
  afterHours: { configured: boolean; count: number; arrivals: number; share: number | null; verdict: Verdict | null };
  /** null until the org saved its own assumption (IMPACT-S04 AC-3); `minutes` unrounded, hours and rupiah from them */
  work: { minutes: number; hours: number; rupiah: number; assumption: Pick<CostAssumption, "agentHourRate" | "minutesPerConversation"> } | null;
  /**
   * Every eligible conversation in exactly one segment; `total` = the headline's denominator (all eligible
   * conversations) and `percent` sums to 100. `noOutcome` = came back within 48 h + still open with the AI + closed
   * after silence + other closes nobody was attached to (`breakdown`). null while the baseline forms or without data.
   */
  journey: {
    aiAlone: number;
    aiAssisted: number;
    escalated: number;
    noOutcome: number;
    breakdown: { cameBack: number; openWithAi: number; silence: number; other: number };
    total: number;
    percent: [number, number, number, number];
  } | null;
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
  conversations: 0, aiResolved: 0, reopened: 0, aiAssisted: 0, escalated: 0, afterHours: 0, afterHoursContained: 0,
  aiAnswered: 0, openWithAi: 0, closedAfterSilence: 0, closedUnattended: 0, containedTurns: 0,
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
  coalesce(sum(after_hours_contained), 0)::int AS "afterHoursContained",
  coalesce(sum(ai_answered), 0)::int AS "aiAnswered",
  coalesce(sum(open_with_ai), 0)::int AS "openWithAi",
  coalesce(sum(closed_after_silence), 0)::int AS "closedAfterSilence",
  coalesce(sum(closed_unattended), 0)::int AS "closedUnattended",
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
  // "took part in": every conversation with an AI answer (issue 15 item 4)
  const aiHandled = totals.aiAnswered;
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

  // one denominator for the headline, the tiles and the bar: every eligible conversation
  const journeyTotal = totals.conversations;
  const noOutcome = Math.max(0, totals.conversations - contained - totals.aiAssisted - totals.escalated);
  const known = totals.reopened + totals.openWithAi + totals.closedAfterSilence;
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
      count: totals.afterHoursContained,
      arrivals: totals.afterHours,
      share: baselineForming || !params.businessHoursSet ? null : share(totals.afterHoursContained, totals.afterHours),
      verdict: baselineForming || !params.businessHoursSet ? null : afterHoursVerdict(totals.afterHoursContained, totals.afterHours),
    },
    work: params.assumption && !baselineForming ? { ...workAbsorbed(contained, params.assumption), assumption: params.assumption } : null,
    journey:
      baselineForming || journeyTotal === 0
        ? null
        : {
            aiAlone: contained,
            aiAssisted: totals.aiAssisted,
            escalated: totals.escalated,
            noOutcome,
            breakdown: {
              cameBack: totals.reopened,
              openWithAi: totals.openWithAi,
              silence: totals.closedAfterSilence,
              other: Math.max(0, noOutcome - known),
            },
            total: journeyTotal,
            percent: percentagesKeepingFirst([contained, totals.aiAssisted, totals.escalated, noOutcome]) as [number, number, number, number],
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
