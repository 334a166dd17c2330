/**
 * Bot-vs-human comparison per arm (000_… BTS-S04, §11 Success Metrics), computed set-based in SQL from the
 * conversations the split tagged (`variant` not null) on the channel(s) and local date range.
 *
 * Definitions (documented here because the seed leaves "resolved" to the product, §15 Q2):
 * - eligible: `variant` set and `closed_reason <> 'SPAM'`;
 * - resolved: `status = 'RESOLVED'` and `closed_reason IN ('RESOLVE_AI', 'RESOLVE')` — closed by the bot or by an
 *   agent as solved (not closed as spam or while still waiting);
 * - resolution rate = resolved ÷ conversations (0..1), null when the arm has no conversations ("No data yet");
 * - average CSAT over conversations that have a score (1..5), null when none ("CSAT not available");
 * - handover rate (bot arm) = bot-arm conversations later handed to a human (`handover_at` set) ÷ bot-arm conversations;
 * - resolution parity ⭐ = bot resolution rate ÷ human resolution rate;
 * - CSAT delta = bot average − human average (points on the 5-point scale);
 * - routing fidelity = |observed bot share − configured bot_percent| in percentage points, where "configured" is
 *   the mean `bot_percent` in force over the range's conversations (it may have changed during the range).
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
  /** observed bot share within 5 percentage points of the configured bot_percent */
  fidelityPp: 5,
} as const;

export type ArmStats = {
  conversations: number;
  resolved: number;
  /** 0..1, null without conversations */
  resolutionRate: number | null;
  /** 1..5, null without any score */
  csatAverage: number | null;
  csatCount: number;
  handovers: number;
  /** 0..1, null without conversations */
  handoverRate: number | null;
};

export type ArmComparison = {
  bot: ArmStats;
  human: ArmStats;
  total: number;
  /** bot ÷ human resolution rate; null when either is missing or human is 0 */
  parity: number | null;
  /** bot − human average CSAT (points); null when either arm has no score */
  csatDelta: number | null;
  /** mean bot_percent in force, 0..100 */
  configuredBotPercent: number | null;
  /** observed bot share 0..1 */
  observedBotShare: number | null;
  /** |observed − configured| in percentage points */
  fidelityPp: number | null;
  /** one row per local day in the range */
  daily: { date: string; bot: number; human: number }[];
};

type Row = { variant: "bot" | "human"; conversations: number; resolved: number; csat_avg: number | null; csat_count: number; handovers: number; bot_percent_sum: number };

function arm(row: Row | undefined): ArmStats {
  const conversations = row?.conversations ?? 0;
  return {
    conversations,
    resolved: row?.resolved ?? 0,
    resolutionRate: conversations ? (row!.resolved / conversations) : null,
    csatAverage: row?.csat_count ? Number(row.csat_avg) : null,
    csatCount: row?.csat_count ?? 0,
    handovers: row?.handovers ?? 0,
    handoverRate: conversations ? row!.handovers / conversations : null,
  };
}

/** The local dates from `from` to `to` inclusive (`YYYY-MM-DD`). */
export function localDates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T12:00:00Z`); d <= new Date(`${to}T12:00:00Z`) && out.length < 400; d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/**
 * Compares the arms for the org's split conversations.
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
    executeRows<Row>(db, sql`
      select variant::text as variant, count(*)::int as conversations,
        count(*) filter (where status = 'RESOLVED' and closed_reason in ('RESOLVE_AI', 'RESOLVE'))::int as resolved,
        avg(csat_score)::float8 as csat_avg, count(csat_score)::int as csat_count,
        count(*) filter (where handover_at is not null)::int as handovers,
        coalesce(sum(bot_percent), 0)::float8 as bot_percent_sum
      from conversations where ${scope} group by variant`),
    executeRows<{ day: string; variant: "bot" | "human"; n: number }>(db, sql`
      select to_char((created_at at time zone ${timezone})::date, 'YYYY-MM-DD') as day, variant::text as variant, count(*)::int as n
      from conversations where ${scope} group by 1, 2`),
  ]);
  const bot = arm(rows.find((r) => r.variant === "bot"));
  const human = arm(rows.find((r) => r.variant === "human"));
  const total = bot.conversations + human.conversations;
  const percentSum = rows.reduce((s, r) => s + Number(r.bot_percent_sum), 0);
  const configuredBotPercent = total ? percentSum / total : null;
  const observedBotShare = total ? bot.conversations / total : null;
  const byDay = new Map(localDates(from, to).map((d) => [d, { date: d, bot: 0, human: 0 }]));
  for (const d of days) {
    const entry = byDay.get(d.day);
    if (entry) entry[d.variant] = d.n;
  }
  return {
    bot,
    human,
    total,
    parity: bot.resolutionRate !== null && human.resolutionRate ? bot.resolutionRate / human.resolutionRate : null,
    csatDelta: bot.csatAverage !== null && human.csatAverage !== null ? bot.csatAverage - human.csatAverage : null,
    configuredBotPercent,
    observedBotShare,
    fidelityPp: observedBotShare !== null && configuredBotPercent !== null ? Math.abs(observedBotShare * 100 - configuredBotPercent) : null,
    daily: [...byDay.values()],
  };
}
