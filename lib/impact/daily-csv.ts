import { stringify } from "csv-stringify/sync";
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
  "after_hours",
  "customer_messages_in_ai_resolved",
  "mood_ai_resolved_avg",
  "mood_escalated_avg",
] as const;

const ratio = (sum: number, n: number) => (n > 0 ? (sum / n).toFixed(3) : "");

/**
 * The daily series behind the impact report as CSV (one row per local day in `from..to`, days without data as
 * zeros): gross and net AI resolutions, the reopens between them, net containment in % (1 decimal), journey counts,
 * after-hours, turns and mood averages (−1..1; empty without readings).
 */
export function dailyCsv(daily: readonly DailyRow[], { from, to }: { from: string; to: string }): string {
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const rows: (string | number)[][] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const d = byDay.get(day);
    if (!d) {
      rows.push([day, 0, 0, 0, 0, "", 0, 0, 0, 0, "", ""]);
      continue;
    }
    const net = d.aiResolved - d.reopened;
    rows.push([
      day, d.conversations, d.aiResolved, d.reopened, net,
      d.conversations > 0 ? ((net / d.conversations) * 100).toFixed(1) : "",
      d.aiAssisted, d.escalated, d.afterHours, d.containedTurns,
      ratio(d.containedSentimentSum, d.containedSentimentN), ratio(d.escalatedSentimentSum, d.escalatedSentimentN),
    ]);
  }
  return stringify(rows, { header: true, columns: [...DAILY_CSV_COLUMNS] });
}
