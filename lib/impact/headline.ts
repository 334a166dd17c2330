/**
 * The report's one plain-language sentence (001_… IMPACT-S01 "plain headline"; Appendix A: "your AI answered 6 in
 * 10…"), without jargon: no "net", "gross" or "containment"; in the reader's language (catalogue
 * `reports.headline`, issue 19 item 1).
 */
import { translatorFor } from "@/lib/i18n/translator";
import type { UiLanguage } from "@/lib/i18n/ui-language";
import { formatRupiah } from "./format-rupiah";
import { MIN_CONVERSATIONS, MIN_DAYS_OF_DATA, type ImpactReport } from "./impact-report";

/** "6 in 10" for 0.6; "fewer than 1 in 10" under 5 %; "nearly all" from 95 % ("6 dari 10" … in Indonesian). */
export function inTen(share: number, language: UiLanguage = "en"): string {
  const t = translatorFor(language, "reports");
  if (share < 0.05) return t("headline.inTen.fewer");
  if (share >= 0.95) return t("headline.inTen.nearlyAll");
  return t("headline.inTen.share", { n: String(Math.round(share * 10)) });
}

/**
 * @param report the loaded report
 * @param opts.period e.g. "In the last 30 days" or "From 1 Jan 2026 to 31 Mar 2026", in `language`
 * @param opts.locale number formatting (the reader's, with the org's region, e.g. id-ID → 1.234)
 * @param opts.language the sentence's language (default English)
 */
export function impactHeadline(report: ImpactReport, { period, locale, language = "en" }: { period: string; locale: string; language?: UiLanguage }): string {
  const t = translatorFor(language, "reports");
  const n = (v: number) => v.toLocaleString(locale, { maximumFractionDigits: 0 });
  const conversations = report.totals.conversations;
  if (report.baselineForming || !report.containment) {
    if (conversations === 0) return t("headline.empty", { period });
    return t("headline.forming", { period, handled: n(report.volume.aiHandled), total: n(conversations), days: String(MIN_DAYS_OF_DATA), min: String(MIN_CONVERSATIONS) });
  }
  const share = report.containment.net;
  let sentence = t("headline.resolved", { period, share: inTen(share, language), percent: String(Math.round(share * 100)), total: n(conversations) });
  if (report.work) sentence += ` ${t("headline.work", { hours: report.work.hours.toLocaleString(locale, { maximumFractionDigits: 1 }), rupiah: formatRupiah(report.work.rupiah) })}`;
  return sentence;
}
