/**
 * Bot-vs-human comparison per arm (000_… BTS-S04, §11 Success Metrics; issue 15 item 2), computed set-based in SQL
 * from the conversations the split tagged (`variant` not null) on the channel(s) and local date range. The outcome
 * columns it reads are derived from what happened (lib/conversations/outcome.ts), never the helpdesk's word alone.
 *
 * Definitions ("resolved" as in the outcome taxonomy, /notes/outcome-spec.md, 000_… §15 Q2):
 * - eligible: `variant` set and `closed_reason <> 'SPAM'` (spam is left out of both arms);
 * - resolved by the bot: closed (`status = 'RESOLVED'`) with `closed_reason = 'RESOLVE_AI'` and no agent attached
 *   (`assign_channel_agent_id IS NULL`);
 * - resolved by a human: closed with `closed_reason IN ('ASSIGN_AGENT', 'ASSIGN_AGENT_AI')`, or a bare `RESOLVE`
 *   closed by an agent (`closed_via = 'agent'`); on the bot arm these are the human resolutions after a hand-over;
 * - not resolved: open, closed while waiting for an agent (`WAITING_ASSIGN_AGENT`), closed after silence
 *   (`RESOLVE` via `silence`);
 * - bot-arm resolution rate = resolved by the bot ÷ bot-arm conversations — the bot's OWN resolutions; the bot arm's
 *   human resolutions after hand-over are reported beside it and never counted for the bot;
 * - human-arm resolution rate = (resolved by a human + resolved by the bot, which the human arm cannot produce) ÷
 *   human-arm conversations;
 * - resolution parity ⭐ = bot-arm resolution rate ÷ human-arm resolution rate (null when either is missing or the
 *   human arm resolved none);
 * - average CSAT over conversations that have a score (1..5), null when none ("CSAT not available");
 *   CSAT delta = bot average − human average (points on the 5-point scale);
 * - handover rate (bot arm) = bot-arm conversations later handed to a human (`handover_at` set) ÷ bot-arm conversations.
 *
 * Parity verdict ({@link parityVerdict}) — "good enough" needs all of:
 * 1. at least {@link MIN_VERDICT_CONVERSATIONS} conversations on each arm (else "too few to judge");
 * 2. parity ≥ {@link TARGETS}.parity (90 %), parity being on the bot's own resolutions (else "below target");
 * 3. the bot resolved at least as many bot-arm conversations as humans did after hand-over, i.e. human-after-hand-over
 *    resolutions are at most half of the bot arm's resolutions (else "humans resolved most of the bot arm").
 * So the verdict can never read "good enough" while humans carry the bot arm.
 *
 * Routing fidelity (§11, §10.1), per local day, against the `bot_percent` in force that day: each conversation stores
 * the `bot_percent` it was assigned with, so a day's expected bot share = the mean `bot_percent` of that day's
 * conversations (a split changed from 30 to 45 mid-range expects 30 before and 45 after; a day with the change in it
 * expects the mix). Observed = that day's bot-arm share. Gap = |observed − expected| in percentage points. Only days
 * with at least {@link MIN_FIDELITY_DAY_CONVERSATIONS} conversations count for the mean and worst gap (a smaller day's
 * share swings by chance: at 20 conversations a correct 30 % split still wanders about 8 pp on an average day). The
 * whole range's observed vs expected share (expected = mean `bot_percent` over all its conversations) is given too.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";

/** §11 targets, used for the verdict badges. */
export const TARGETS = {
  /** bot resolution ≥ 90 % of human resolution */
  parity: 0.9,
  /** bot CSAT within 0.5 points of human CSAT */
  csatDelta: 0.5,
  /** ≤ 30 % of bot-arm conversations handed to a human */
  handoverRate: 0.3,
  /** observed bot share within 5 percentage points of the bot_percent in force (mean daily gap) */
  fidelityPp: 5,
} as const;

/** Conversations each arm needs before the parity verdict says anything. */
export const MIN_VERDICT_CONVERSATIONS = 10;
/** Conversations a day needs to count for routing fidelity. */
export const MIN_FIDELITY_DAY_CONVERSATIONS = 20;

/** The SQL conditions of the outcome taxonomy (on `conversations`). */
export const RESOLVED_BY_BOT_SQL = sql`(status = 'RESOLVED' and closed_reason = 'RESOLVE_AI' and assign_channel_agent_id is null)`;
export const RESOLVED_BY_HUMAN_SQL = sql`(status = 'RESOLVED' and (closed_reason in ('ASSIGN_AGENT', 'ASSIGN_AGENT_AI') or (closed_reason = 'RESOLVE' and closed_via = 'agent')))`;

export type ArmStats = {
  conversations: number;
  /** resolved by the bot (RESOLVE_AI, nobody attached) */
  resolvedByBot: number;
  /** resolved by a human (on the bot arm: after hand-over) */
  resolvedByHuman: number;
  /** what counts for the arm's resolution rate: bot arm → the bot's own; human arm → by a human (+ by the bot) */
  resolved: number;
  /** resolved ÷ conversations (0..1), null without conversations */
  resolutionRate: number | null;
  /** resolvedByHuman ÷ conversations (0..1), null without conversations */
  resolvedByHumanRate: number | null;
  /** 1..5, null without any score */
  csatAverage: number | null;
  csatCount: number;
  handovers: number;
  /** 0..1, null without conversations */
  handoverRate: number | null;
};

export type FidelityDay = {
  /** local date `YYYY-MM-DD` */
  date: string;
  bot: number;
  human: number;
  /** mean bot_percent of the day's conversations (0..100); null on a day without any */
  expectedBotPercent: number | null;
  /** the day's bot-arm share (0..100); null on a day without any */
  observedBotPercent: number | null;
  /** |observed − expected| in percentage points; null on a day without any */
  gapPp: number | null;
  /** whether the day has enough conversations to count for the mean and worst gap */
  counted: boolean;
};

export type Fidelity = {
  /** days with ≥ {@link MIN_FIDELITY_DAY_CONVERSATIONS} conversations */
  daysCounted: number;
  /** mean of the counted days' gaps (pp); null when no day counts */
  meanGapPp: number | null;
  /** largest counted day's gap (pp) and its date; null when no day counts */
  worstGapPp: number | null;
  worstDate: string | null;
  /** the whole range: mean bot_percent over its conversations, observed bot share, and their gap (pp); null when empty */
  rangeExpectedBotPercent: number | null;
  rangeObservedBotPercent: number | null;
  rangeGapPp: number | null;
  /** the bot_percent values conversations were assigned with, in order of first use (e.g. `[30, 45]`) */
  percentsInForce: number[];
};

export type ParityVerdict = "no_data" | "too_few" | "below_target" | "humans_resolved_most" | "good_enough";

export type ArmComparison = {
  bot: ArmStats;
  human: ArmStats;
  total: number;
  /** bot's own ÷ human resolution rate; null when either is missing or human is 0 */
  parity: number | null;
  verdict: ParityVerdict;
  /** bot − human average CSAT (points); null when either arm has no score */
  csatDelta: number | null;
  fidelity: Fidelity;
  /** one row per local day in the range */
  daily: FidelityDay[];
};

type ArmRow = { variant: "bot" | "human"; conversations: number; by_bot: number; by_human: number; csat_avg: number | null; csat_count: number; handovers: number };

function arm(row: ArmRow | undefined, variant: "bot" | "human"): ArmStats {
  const conversations = row?.conversations ?? 0;
  const resolvedByBot = row?.by_bot ?? 0;
  const resolvedByHuman = row?.by_human ?? 0;
  const resolved = variant === "bot" ? resolvedByBot : resolvedByHuman + resolvedByBot;
  const rate = (n: number) => (conversations ? n / conversations : null);
  return {
    conversations,
    resolvedByBot,
    resolvedByHuman,
    resolved,
    resolutionRate: rate(resolved),
    resolvedByHumanRate: rate(resolvedByHuman),
    csatAverage: row?.csat_count ? Number(row.csat_avg) : null,
    csatCount: row?.csat_count ?? 0,
    handovers: row?.handovers ?? 0,
    handoverRate: rate(row?.handovers ?? 0),
  };
}

/**
 * The parity verdict (rules in the module comment). Pure.
 * @returns `good_enough` only with enough conversations on both arms, parity ≥ 90 % on the bot's own resolutions,
 *   and no more human-after-hand-over resolutions than bot resolutions on the bot arm
 */
export function parityVerdict({ bot, human, parity }: { bot: ArmStats; human: ArmStats; parity: number | null }): ParityVerdict {
  if (parity === null) return "no_data";
  if (bot.conversations < MIN_VERDICT_CONVERSATIONS || human.conversations < MIN_VERDICT_CONVERSATIONS) return "too_few";
  if (parity < TARGETS.parity) return "below_target";
  if (bot.resolvedByHuman > bot.resolvedByBot) return "humans_resolved_most";
  return "good_enough";
}

/** The local dates from `from` to `to` inclusive (`YYYY-MM-DD`). */
export function localDates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T12:00:00Z`); d <= new Date(`${to}T12:00:00Z`) && out.length < 400; d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

type DayRow = { day: string; bot_percent: number; variant: "bot" | "human"; n: number };

/** Per-day expected vs observed shares and their summary, from counts per (day, bot_percent, variant). Pure. */
export function routingFidelity(dates: string[], rows: DayRow[]): { daily: FidelityDay[]; fidelity: Fidelity } {
  const acc = new Map(dates.map((d) => [d, { bot: 0, human: 0, percentSum: 0 }]));
  const firstUse = new Map<number, string>();
  let total = 0;
  let bot = 0;
  let percentSum = 0;
  for (const r of rows) {
    const day = acc.get(r.day);
    if (!day) continue;
    day[r.variant] += r.n;
    day.percentSum += r.bot_percent * r.n;
    total += r.n;
    percentSum += r.bot_percent * r.n;
    if (r.variant === "bot") bot += r.n;
    const seen = firstUse.get(r.bot_percent);
    if (seen === undefined || r.day < seen) firstUse.set(r.bot_percent, r.day);
  }
  const daily: FidelityDay[] = [...acc.entries()].map(([date, d]) => {
    const n = d.bot + d.human;
    const expectedBotPercent = n ? d.percentSum / n : null;
    const observedBotPercent = n ? (d.bot / n) * 100 : null;
    return {
      date,
      bot: d.bot,
      human: d.human,
      expectedBotPercent,
      observedBotPercent,
      gapPp: expectedBotPercent === null || observedBotPercent === null ? null : Math.abs(observedBotPercent - expectedBotPercent),
      counted: n >= MIN_FIDELITY_DAY_CONVERSATIONS,
    };
  });
  const counted = daily.filter((d) => d.counted);
  const worst = counted.reduce<FidelityDay | null>((w, d) => (w === null || d.gapPp! > w.gapPp! ? d : w), null);
  const rangeExpectedBotPercent = total ? percentSum / total : null;
  const rangeObservedBotPercent = total ? (bot / total) * 100 : null;
  return {
    daily,
    fidelity: {
      daysCounted: counted.length,
      meanGapPp: counted.length ? counted.reduce((s, d) => s + d.gapPp!, 0) / counted.length : null,
      worstGapPp: worst?.gapPp ?? null,
      worstDate: worst?.date ?? null,
      rangeExpectedBotPercent,
      rangeObservedBotPercent,
      rangeGapPp: rangeExpectedBotPercent === null || rangeObservedBotPercent === null ? null : Math.abs(rangeObservedBotPercent - rangeExpectedBotPercent),
      percentsInForce: [...firstUse.entries()].sort((a, b) => a[1].localeCompare(b[1]) || a[0] - b[0]).map(([p]) => p),
    },
  };
}

/**
 * Compares the arms for the org's split conversations. The caller checks that the org may use the split
 * (lib/routing/split-eligibility.ts); this only reads.
 * @param range local dates `from`..`to` (inclusive) in `timezone`, as instants `[start, end)`
 * @param channelId one channel, or all of the org's channels when omitted
 */
export async function compareArms(
  db: Db,
  { orgId, channelId, start, end, from, to, timezone }: { orgId: string; channelId?: string; start: Date; end: Date; from: string; to: string; timezone: string },
): Promise<ArmComparison> {
  const scope: SQL = sql`org_id = ${orgId} and variant is not null and created_at >= ${start.toISOString()}::timestamptz and created_at < ${end.toISOString()}::timestamptz
    and closed_reason is distinct from 'SPAM' ${channelId ? sql`and channel_id = ${channelId}` : sql``}`;
  const [rows, days] = await Promise.all([
    executeRows<ArmRow>(db, sql`
      select variant::text as variant, count(*)::int as conversations,
        count(*) filter (where ${RESOLVED_BY_BOT_SQL})::int as by_bot,
        count(*) filter (where ${RESOLVED_BY_HUMAN_SQL})::int as by_human,
        avg(csat_score)::float8 as csat_avg, count(csat_score)::int as csat_count,
        count(*) filter (where handover_at is not null)::int as handovers
      from conversations where ${scope} group by variant`),
    executeRows<DayRow>(db, sql`
      select to_char((created_at at time zone ${timezone})::date, 'YYYY-MM-DD') as day, bot_percent, variant::text as variant, count(*)::int as n
      from conversations where ${scope} group by 1, 2, 3`),
  ]);
  const bot = arm(rows.find((r) => r.variant === "bot"), "bot");
  const human = arm(rows.find((r) => r.variant === "human"), "human");
  const parity = bot.resolutionRate !== null && human.resolutionRate ? bot.resolutionRate / human.resolutionRate : null;
  const { daily, fidelity } = routingFidelity(localDates(from, to), days.map((d) => ({ ...d, bot_percent: Number(d.bot_percent), n: Number(d.n) })));
  return {
    bot,
    human,
    total: bot.conversations + human.conversations,
    parity,
    verdict: parityVerdict({ bot, human, parity }),
    csatDelta: bot.csatAverage !== null && human.csatAverage !== null ? bot.csatAverage - human.csatAverage : null,
    fidelity,
    daily,
  };
}
