/**
 * Scheduled jobs in plain words, in the reader's language (issue 19; catalogue `settings.jobText`): their schedule, a
 * run's duration and its summary.
 */
import { translatorFor } from "@/lib/i18n/translator";
import type { UiLanguage } from "@/lib/i18n/ui-language";

/** Digits as the reader writes them: "1.200" and "3,2" in Indonesian, "1,200" and "3.2" in English. */
const numberLocale = (language: UiLanguage) => (language === "id" ? "id-ID" : "en");

/**
 * A job's schedule in plain words ("Every minute", "Hourly at :15", "Daily at 02:30 Asia/Jakarta"); other patterns
 * are shown as the cron itself, labelled.
 * @param cron a 5-field cron of the schedule table
 * @param timezone IANA zone the cron is read in
 */
export function describeSchedule(cron: string, timezone: string, language: UiLanguage = "en"): string {
  const t = translatorFor(language, "settings");
  const [minute, hour, dom, month, dow, ...rest] = cron.trim().split(/\s+/);
  const daily = dom === "*" && month === "*" && dow === "*" && rest.length === 0;
  if (!daily) return t("jobText.schedule.cron", { cron, timezone });
  if (hour === "*" && minute === "*") return t("jobText.schedule.everyMinute");
  const every = /^\*\/(\d+)$/.exec(minute ?? "");
  if (hour === "*" && every) return t("jobText.schedule.everyN", { n: every[1]! });
  if (hour === "*" && /^\d+$/.test(minute ?? "")) return t("jobText.schedule.hourlyAt", { minute: minute!.padStart(2, "0") });
  if (/^\d+$/.test(hour ?? "") && /^\d+$/.test(minute ?? "")) return t("jobText.schedule.dailyAt", { time: `${hour!.padStart(2, "0")}:${minute!.padStart(2, "0")}`, timezone });
  return t("jobText.schedule.cron", { cron, timezone });
}

/** A duration in ms as people read it: "85 ms", "3.2 s", "4 min 10 s" ("3.2 dtk", "4 mnt 10 dtk"). */
export function describeDuration(ms: number, language: UiLanguage = "en"): string {
  const t = translatorFor(language, "settings");
  if (ms < 1000) return t("jobText.duration.ms", { n: String(Math.round(ms)) });
  if (ms < 60_000) return t("jobText.duration.s", { n: (ms / 1000).toLocaleString(numberLocale(language), { minimumFractionDigits: 1, maximumFractionDigits: 1 }) });
  return t("jobText.duration.min", { m: String(Math.floor(ms / 60_000)), s: String(Math.round((ms % 60_000) / 1000)) });
}

/**
 * A job run's summary in plain words, e.g. `{ timeouts: 2, breaches: 0 }` → "2 approval notices, 0 SLA breaches"; an
 * unknown key is shown as it is.
 * @returns the phrase ("" for an empty summary)
 */
export function describeSummary(summary: Record<string, number | string | null> | null, language: UiLanguage = "en"): string {
  if (!summary) return "";
  const t = translatorFor(language, "settings");
  return Object.entries(summary)
    .map(([key, value]) => {
      const label = t.has(`jobText.summary.${key}` as never) ? t(`jobText.summary.${key}` as never) : key;
      return `${typeof value === "number" ? value.toLocaleString(numberLocale(language)) : (value ?? "—")} ${label}`;
    })
    .join(", ");
}

/** A scheduled job's name in `language` (by its id), else the name it was declared with. */
export function jobName(job: { id: string; name: string }, language: UiLanguage = "en"): string {
  const t = translatorFor(language, "settings");
  return t.has(`jobText.jobNames.${job.id}` as never) ? t(`jobText.jobNames.${job.id}` as never) : job.name;
}
