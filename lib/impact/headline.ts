/**
 * The report's one plain-language sentence (001_… IMPACT-S01 "plain headline"; Appendix A: "your AI answered 6 in
 * 10…"), without jargon: no "net", "gross" or "containment".
 */
import { formatRupiah } from "./format-rupiah";
import { MIN_CONVERSATIONS, MIN_DAYS_OF_DATA, type ImpactReport } from "./impact-report";

/** "6 in 10" for 0.6; "fewer than 1 in 10" under 5 %; "nearly all" from 95 %. */
export function inTen(share: number): string {
  if (share < 0.05) return "fewer than 1 in 10";
  if (share >= 0.95) return "nearly all";
  return `${Math.round(share * 10)} in 10`;
}

/**
 * @param report the loaded report
 * @param opts.period e.g. "In the last 30 days" or "From 1 Jan 2026 to 31 Mar 2026"
 * @param opts.locale number formatting (the org's, e.g. id-ID → 1.234)
 */
export function impactHeadline(report: ImpactReport, { period, locale }: { period: string; locale: string }): string {
  const n = (v: number) => v.toLocaleString(locale, { maximumFractionDigits: 0 });
  const conversations = report.totals.conversations;
  if (report.baselineForming || !report.containment) {
    if (conversations === 0) return `${period}, your AI agent has no conversations yet. This report fills in as customers write in.`;
    return `${period}, your AI agent took part in ${n(report.volume.aiHandled)} of ${n(conversations)} conversations. Percentages and verdicts appear once there are ${MIN_DAYS_OF_DATA} days of data and at least ${MIN_CONVERSATIONS} conversations.`;
  }
  const share = report.containment.net;
  let sentence = `${period}, your AI resolved ${inTen(share)} conversations on its own (${Math.round(share * 100)}% of ${n(conversations)}), counting only customers who didn't have to ask again.`;
  if (report.work) sentence += ` By your own numbers, that is about ${report.work.hours.toLocaleString(locale, { maximumFractionDigits: 1 })} hours of your team's time, worth ${formatRupiah(report.work.rupiah)}.`;
  return sentence;
}
