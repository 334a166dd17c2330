/**
 * The report's small pure parts: URL params → local date range in the org's zone (001_… §6 "up to 12 months"), the
 * `date_range` event label, the daily CSV export, rupiah formatting and the plain-language headline
 * (IMPACT-S01 plain headline, AC-6).
 */
import { describe, expect, it } from "vitest";
import { dailyCsv, DAILY_CSV_COLUMNS } from "./daily-csv";
import { formatRupiah } from "./format-rupiah";
import { impactHeadline, inTen } from "./headline";
import type { DailyRow, ImpactReport } from "./impact-report";
import { IMPACT_MAX_RANGE_DAYS, impactParamsSchema, rangeLabel, resolveImpactRange } from "./report-params";

const JAKARTA = "Asia/Jakarta";
/** 2026-03-01 18:00 UTC is already 2026-03-02 01:00 in Jakarta (UTC+7). */
const NOW = new Date("2026-03-01T18:00:00Z");

const resolve = (query: Record<string, string | string[]>) => resolveImpactRange(impactParamsSchema.parse(query), JAKARTA, NOW);
const dayCount = (r: { from: string; to: string }) => Math.round((Date.parse(r.to) - Date.parse(r.from)) / 86_400_000) + 1;

describe("resolveImpactRange", () => {
  it("presets are the last N local days ending today in Jakarta", () => {
    // today = 03-02 (not 03-01 as in UTC); 7 days back inclusive: 03-02 − 6 = 02-24 (February 2026 has 28 days)
    const week = resolve({ range: "7" });
    expect(week).toEqual({ from: "2026-02-24", to: "2026-03-02", start: new Date("2026-02-23T17:00:00Z"), end: new Date("2026-03-02T17:00:00Z") });
    // 30 days: 03-02 − 29 = 02-01
    expect(resolve({ range: "30" })).toMatchObject({ from: "2026-02-01", to: "2026-03-02" });
    // 365 days: 03-02 − 364 = 2025-03-03 (no 29 February in between)
    expect(resolve({ range: "365" })).toMatchObject({ from: "2025-03-03", to: "2026-03-02" });
  });

  it("a custom range is ordered and capped at 366 days, keeping its end", () => {
    expect(resolve({ range: "custom", from: "2026-02-10", to: "2026-01-05" })).toMatchObject({ from: "2026-01-05", to: "2026-02-10" });
    // 2024 is a leap year: 01-01..12-31 is exactly 366 days and kept
    const leap = resolve({ range: "custom", from: "2024-01-01", to: "2024-12-31" });
    expect(leap).toMatchObject({ from: "2024-01-01", to: "2024-12-31" });
    expect(dayCount(leap)).toBe(IMPACT_MAX_RANGE_DAYS);
    // 2024-01-01..2026-02-28 is cut to 2026-02-28 − 365 = 2025-02-28
    const capped = resolve({ range: "custom", from: "2024-01-01", to: "2026-02-28" });
    expect(capped).toMatchObject({ from: "2025-02-28", to: "2026-02-28" });
    expect(dayCount(capped)).toBe(366);
  });

  it("a custom range ends today at the latest (today is 2026-03-02 in Jakarta)", () => {
    expect(resolve({ range: "custom", from: "2026-02-20", to: "2026-05-01" })).toMatchObject({ from: "2026-02-20", to: "2026-03-02" });
    // entirely in the future: today only
    expect(resolve({ range: "custom", from: "2026-04-01", to: "2026-05-01" })).toMatchObject({ from: "2026-03-02", to: "2026-03-02" });
  });

  it("malformed params fall back to the last 30 days", () => {
    const last30 = { from: "2026-02-01", to: "2026-03-02" };
    expect(resolve({})).toMatchObject(last30);
    expect(resolve({ range: "14" })).toMatchObject(last30); // not a preset
    expect(resolve({ range: "custom", from: "2026-01-05" })).toMatchObject(last30); // no end
    expect(resolve({ range: "custom", from: "2026-13-01", to: "2026-02-10" })).toMatchObject(last30); // no 13th month
    expect(resolve({ range: ["7", "30"] })).toMatchObject({ from: "2026-02-24" }); // repeated param: the first wins
    expect(impactParamsSchema.parse({ channel: "not-a-uuid", range: "banana" })).toEqual({ channel: undefined, range: "30", from: undefined, to: undefined });
  });

  it("rangeLabel is the preset's days or from..to", () => {
    expect(rangeLabel(impactParamsSchema.parse({ range: "90" }), { from: "x", to: "y" })).toBe("90");
    const custom = impactParamsSchema.parse({ range: "custom", from: "2026-02-10", to: "2026-01-05" });
    expect(rangeLabel(custom, resolveImpactRange(custom, JAKARTA, NOW))).toBe("2026-01-05..2026-02-10");
  });
});

const ZERO_ROW: Omit<DailyRow, "day"> = {
  conversations: 0, aiResolved: 0, reopened: 0, aiAssisted: 0, escalated: 0, afterHours: 0, afterHoursContained: 0, aiAnswered: 0,
  openWithAi: 0, closedAfterSilence: 0, closedUnattended: 0, containedTurns: 0,
  containedSentimentSum: 0, containedSentimentN: 0, escalatedSentimentSum: 0, escalatedSentimentN: 0,
};

describe("dailyCsv", () => {
  it("has the header, one row per day, and zeros for days without data", () => {
    const daily: DailyRow[] = [
      { ...ZERO_ROW, day: "2026-03-01", conversations: 8, aiResolved: 5, reopened: 1, aiAssisted: 2, escalated: 1, afterHours: 3, containedTurns: 9, containedSentimentSum: 1.5, containedSentimentN: 2 },
      { ...ZERO_ROW, day: "2026-03-03", conversations: 3, aiResolved: 1, escalatedSentimentSum: -0.5, escalatedSentimentN: 1 },
    ];
    const lines = dailyCsv(daily, { from: "2026-03-01", to: "2026-03-03" }).trim().split(/\r?\n/);
    expect(lines[0]).toBe(DAILY_CSV_COLUMNS.join(","));
    expect(lines[0]).toBe("date,conversations,ai_resolved,asked_again_within_48h,ai_resolved_net,net_containment_pct,ai_assisted,escalated,no_confirmed_outcome,still_open_with_ai,closed_after_silence,ai_answered,after_hours,after_hours_ai_resolved_net,customer_messages_in_ai_resolved,mood_ai_resolved_avg,mood_escalated_avg");
    // 03-01: net 5 − 1 = 4; 4 / 8 = 50.0 %; mood 1.5 / 2 = 0.750, no escalated reading
    // the four segments sum to the conversations: 4 net + 2 assisted + 1 escalated + 1 no confirmed outcome = 8
    expect(lines[1]).toBe("2026-03-01,8,5,1,4,50.0,2,1,1,0,0,0,3,0,9,0.750,");
    expect(lines[2]).toBe("2026-03-02,0,0,0,0,,0,0,0,0,0,0,0,0,0,,"); // missing day
    // 03-03: net 1; 1 / 3 = 33.3 %; escalated mood −0.5 / 1
    expect(lines[3]).toBe("2026-03-03,3,1,0,1,33.3,0,0,2,0,0,0,0,0,0,,-0.500");
    expect(lines).toHaveLength(4);
  });
});

describe("formatRupiah", () => {
  const plain = (s: string) => s.replace(/\u00a0/g, " ");
  it("formats whole rupiah with Indonesian thousands dots", () => {
    expect(plain(formatRupiah(1_250_000))).toBe("Rp 1.250.000");
    expect(plain(formatRupiah(600_000.4))).toBe("Rp 600.000");
    expect(plain(formatRupiah(999.5))).toBe("Rp 1.000"); // rounded to whole rupiah
    expect(plain(formatRupiah(0))).toBe("Rp 0");
  });
});

describe("impactHeadline", () => {
  /** A report as the loader returns it, with the given overrides (only what the headline reads matters). */
  function report(over: Partial<ImpactReport> & { conversations: number; aiHandled: number }): ImpactReport {
    const { conversations, aiHandled, ...rest } = over;
    return {
      from: "2026-02-01", to: "2026-03-02", totals: { ...ZERO_ROW, conversations }, daysOfData: 30, baselineForming: false, contained: 0,
      containment: null, volume: { conversations, aiHandled, aiShare: null, verdict: null }, afterHours: { configured: true, count: 0, arrivals: 0, share: null, verdict: null },
      work: null, journey: null, reopen: null, sentiment: null, turns: null, trend: { granularity: "day", points: [], baseline: null },
      forecast: null, daily: [], updatedAt: null,
      ...rest,
    };
  }
  const opts = { period: "In the last 30 days", locale: "id-ID" };
  const plain = (s: string) => s.replace(/\u00a0/g, " ");

  it("baseline forming: volume only, no percentage", () => {
    const text = impactHeadline(report({ conversations: 20, aiHandled: 12, baselineForming: true, daysOfData: 10 }), opts);
    expect(text).toBe("In the last 30 days, your AI agent took part in 12 of 20 conversations. Percentages and verdicts appear once there are 30 days of data and at least 30 conversations.");
    expect(text).not.toMatch(/%/);
    expect(impactHeadline(report({ conversations: 0, aiHandled: 0, baselineForming: true }), opts)).toBe(
      "In the last 30 days, your AI agent has no conversations yet. This report fills in as customers write in.",
    );
  });

  it("full report: '6 in 10', the % of the total, and hours and rupiah by the org's own numbers", () => {
    const containment = { net: 0.6, gross: 0.65, gap: 0.05, verdict: { key: "strong" as const, label: "Strong", tone: "good" as const } };
    const base = report({ conversations: 1200, aiHandled: 900, containment });
    // 0.6 → round(6) in 10; 60 % of 1.200 (id-ID groups with a dot)
    expect(impactHeadline(base, opts)).toBe("In the last 30 days, your AI resolved 6 in 10 conversations on its own (60% of 1.200), counting only customers who didn't have to ask again.");
    // 720 contained × 1 min = 12 h × Rp 50.000 = Rp 600.000
    const withWork = report({ conversations: 1200, aiHandled: 900, containment, work: { minutes: 720, hours: 12, rupiah: 600_000, assumption: { agentHourRate: 50_000, minutesPerConversation: 1 } } });
    expect(plain(impactHeadline(withWork, opts))).toBe(
      "In the last 30 days, your AI resolved 6 in 10 conversations on its own (60% of 1.200), counting only customers who didn't have to ask again. By your own numbers, that is about 12 hours of your team's time, worth Rp 600.000.",
    );
  });

  it("inTen rounds to tenths with plain words at the ends", () => {
    expect(inTen(0.04)).toBe("fewer than 1 in 10");
    expect(inTen(0.05)).toBe("1 in 10"); // round(0.5) = 1
    expect(inTen(0.64)).toBe("6 in 10");
    expect(inTen(0.66)).toBe("7 in 10");
    expect(inTen(0.95)).toBe("nearly all");
  });

  it("in Bahasa Indonesia for an Indonesian reader (issue 19): the same facts, no English word", () => {
    const containment = { net: 0.6, gross: 0.65, gap: 0.05, verdict: { key: "strong" as const, label: "Strong", tone: "good" as const } };
    const withWork = report({ conversations: 1200, aiHandled: 900, containment, work: { minutes: 720, hours: 12, rupiah: 600_000, assumption: { agentHourRate: 50_000, minutesPerConversation: 1 } } });
    expect(plain(impactHeadline(withWork, { period: "Dalam 30 hari terakhir", locale: "id-ID", language: "id" }))).toBe(
      "Dalam 30 hari terakhir, AI Anda menyelesaikan 6 dari 10 percakapan secara mandiri (60% dari 1.200), hanya menghitung pelanggan yang tidak perlu bertanya lagi. Berdasarkan angka Anda sendiri, itu setara sekitar 12 jam waktu tim Anda, senilai Rp 600.000.",
    );
    expect(impactHeadline(report({ conversations: 20, aiHandled: 12, baselineForming: true, daysOfData: 10 }), { period: "Dalam 30 hari terakhir", locale: "id-ID", language: "id" })).toBe(
      "Dalam 30 hari terakhir, agen AI Anda ikut menangani 12 dari 20 percakapan. Persentase dan penilaian muncul setelah ada data 30 hari dan minimal 30 percakapan.",
    );
    expect(inTen(0.97, "id")).toBe("hampir semua");
  });
});
