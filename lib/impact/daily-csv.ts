import { toCsv } from "@/lib/csv/to-csv";
import { addDays } from "@/lib/time/local-day";
import type { DailyRow } from "./impact-report";

export const DAILY_CSV_COLUMNS = [
  "date",
  "conversations",
  "ai_resolved",
  "asked_again_within_48h",
  "ai_resolved_net",
  "net_containment_pct",
  "ai_assisted",
  "escalated",
  "no_confirmed_outcome",
  "still_open_with_ai",
  "closed_after_silence",
  "ai_answered",
  "after_hours",
  "after_hours_ai_resolved_net",
  "customer_messages_in_ai_resolved",
  "mood_ai_resolved_avg",
  "mood_escalated_avg",
] as const;

const ratio = (sum: number, n: number) => (n > 0 ? (sum / n).toFixed(3) : "");

/**
 * The daily series behind the impact report as CSV (one row per local day in `from..to`, days without data as
 * zeros): gross and net AI resolutions, the reopens between them, net containment in % (1 decimal), the journey's four
 * segments (net AI resolutions, AI-assisted, escalated, no confirmed outcome — they sum to `conversations`) with two
 * parts of the last, conversations the AI answered, after-hours arrivals and those the AI resolved on its own, turns
 * and mood averages (−1..1; empty without readings).
 */
export function dailyCsv(daily: readonly DailyRow[], { from, to }: { from: string; to: string }): string {
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const rows: (string | number)[][] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const d = byDay.get(day);
    if (!d) {
      rows.push([day, 0, 0, 0, 0, "", 0, 0, 0, 0, 0, 0, 0, 0, 0, "", ""]);
      continue;
    }
    const net = d.aiResolved - d.reopened;
    rows.push([
      day, d.conversations, d.aiResolved, d.reopened, net,
      d.conversations > 0 ? ((net / d.conversations) * 100).toFixed(1) : "",
      d.aiAssisted, d.escalated, Math.max(0, d.conversations - net - d.aiAssisted - d.escalated), d.openWithAi, d.closedAfterSilence,
      d.aiAnswered, d.afterHours, d.afterHoursContained, d.containedTurns,
      ratio(d.containedSentimentSum, d.containedSentimentN), ratio(d.escalatedSentimentSum, d.escalatedSentimentN),
    ]);
  }
  return toCsv(rows, { header: true, columns: [...DAILY_CSV_COLUMNS] });
}
