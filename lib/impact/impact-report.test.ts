/**
 * The AI Agent Impact report (001_… §8 Behavior 1; IMPACT-S01..S05) read from the datamart `ai_activity_daily`, which
 * the tests fill directly (it is the report's only source) with hand-picked counts; every expected value is worked out
 * by hand in a comment. Orgs are seeded in Asia/Jakarta (WIB, UTC+7). 2025-06-30, 2025-03-31 and 2025-01-06 are
 * Mondays; 2025-06-25 is a Wednesday.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { aiActivityDaily } from "@/db/schema";
import { seedQuietOrg, testDb } from "@/test/db";
import { addDays } from "@/lib/time/local-day";
import { percentagesKeepingFirst, percentagesSummingTo100 } from "./journey-split";
import { BASELINE_DAYS, loadImpactReport, MIN_CONVERSATIONS, MIN_DAYS_OF_DATA, netContainment, sumCounts, weekStart } from "./impact-report";

let db: Db;
type Org = Awaited<ReturnType<typeof seedQuietOrg>>;

beforeAll(async () => {
  db = await testDb();
});

type Counts = Partial<Omit<typeof aiActivityDaily.$inferInsert, "orgId" | "channelId" | "day" | "computedAt">>;

/** Inserts one datamart row (org × channel × day), every count not given being 0. */
async function put(org: Org, channelId: string, day: string, counts: Counts) {
  await db.insert(aiActivityDaily).values({
    orgId: org.orgId, channelId, day,
    conversations: 0, aiResolved: 0, aiResolvedReopened: 0, aiAssisted: 0, escalated: 0, afterHours: 0, containedTurns: 0,
    containedSentimentSum: 0, containedSentimentN: 0, escalatedSentimentSum: 0, escalatedSentimentN: 0,
    ...counts,
  });
}

const channelsOf = (org: Org) => org.channels.map((c) => c.id) as [string, string, string];

/** An instant given as a local Jakarta (WIB, UTC+7) date and time. */
const wib = (date: string, time: string) => new Date(`${date}T${time}+07:00`);

type LoadParams = Parameters<typeof loadImpactReport>[1];
/** Loads the report with the test defaults (Jakarta, business hours set, no forecast, no assumption). */
function load(org: Org, params: Partial<LoadParams> & Pick<LoadParams, "from" | "to" | "now">) {
  return loadImpactReport(db, { orgId: org.orgId, timezone: "Asia/Jakarta", businessHoursSet: true, forecast: false, assumption: null, ...params });
}

describe("pure helpers", () => {
  it("weekStart is the Monday of the week; netContainment is null without conversations; sumCounts adds every count", () => {
    expect(weekStart("2025-06-30")).toBe("2025-06-30"); // a Monday is its own week start
    expect(weekStart("2025-06-29")).toBe("2025-06-23"); // Sunday belongs to the week that began 6 days earlier
    expect(weekStart("2025-06-25")).toBe("2025-06-23"); // Wednesday − 2 days
    expect(netContainment({ conversations: 0, aiResolved: 0, reopened: 0 })).toBeNull();
    expect(netContainment({ conversations: 8, aiResolved: 5, reopened: 1 })).toBe(0.5); // (5 − 1) / 8
    const one = { conversations: 1, aiResolved: 2, reopened: 3, aiAssisted: 4, escalated: 5, afterHours: 6, afterHoursContained: 10, aiAnswered: 11, openWithAi: 12, closedAfterSilence: 13, closedUnattended: 14, containedTurns: 7, containedSentimentSum: 0.5, containedSentimentN: 8, escalatedSentimentSum: -0.25, escalatedSentimentN: 9 };
    expect(sumCounts([one, one])).toEqual({ conversations: 2, aiResolved: 4, reopened: 6, aiAssisted: 8, escalated: 10, afterHours: 12, afterHoursContained: 20, aiAnswered: 22, openWithAi: 24, closedAfterSilence: 26, closedUnattended: 28, containedTurns: 14, containedSentimentSum: 1, containedSentimentN: 16, escalatedSentimentSum: -0.5, escalatedSentimentN: 18 });
  });

  it("journey percentages sum to exactly 100 with the largest remainders rounded up", () => {
    expect(percentagesSummingTo100([1, 1, 1])).toEqual([34, 33, 33]); // 33.3 each: 99 → the first (ties by order) gets +1
    expect(percentagesSummingTo100([2, 1, 1])).toEqual([50, 25, 25]);
    expect(percentagesSummingTo100([0, 0, 0])).toEqual([0, 0, 0]);
  });

  it("the bar's first segment keeps the headline's rounding and the four segments still sum to 100", () => {
    // 48.2 % contained: the headline says 48 %; plain largest remainder over four segments could give it 49
    const counts = [482, 171, 171, 176];
    expect(percentagesKeepingFirst(counts)[0]).toBe(48);
    expect(percentagesKeepingFirst(counts).reduce((a, b) => a + b, 0)).toBe(100);
    expect(percentagesKeepingFirst([1, 1, 1])).toEqual([33, 34, 33]);
    expect(percentagesKeepingFirst([5, 0, 0, 0])).toEqual([100, 0, 0, 0]);
    expect(percentagesKeepingFirst([0, 0, 0, 0])).toEqual([0, 0, 0, 0]);
    for (let i = 0; i < 200; i++) {
      const c = [i % 7, (i * 3) % 11, (i * 5) % 13, (i * 7) % 17];
      const p = percentagesKeepingFirst(c);
      const total = c.reduce((a, b) => a + b, 0);
      if (total === 0) continue;
      expect(p.reduce((a, b) => a + b, 0)).toBe(100);
      expect(p[0]).toBe(Math.round((c[0]! / total) * 100));
    }
  });
});

describe("loadImpactReport: a full report (IMPACT-S01, S02, S03, S04)", () => {
  // Range 2025-06-01..2025-06-30 (30 days); today (Jakarta) is 2025-07-01.
  const range = { from: "2025-06-01", to: "2025-06-30", now: wib("2025-07-01", "12:00") };
  let org: Org;
  let other: Org;

  beforeAll(async () => {
    org = await seedQuietOrg(db);
    other = await seedQuietOrg(db);
    const [ch0, ch1] = channelsOf(org);
    // first day of data, channel 0: contained = 30 − 6 = 24 (2 customer messages each = 48 turns)
    await put(org, ch0, "2025-06-01", {
      // segments: 24 alone + 8 assisted + 10 escalated + 8 no outcome (6 came back, 1 open with the AI, 1 went quiet)
      conversations: 50, aiResolved: 30, aiResolvedReopened: 6, aiAssisted: 8, escalated: 10, afterHours: 12, containedTurns: 48,
      aiAnswered: 45, afterHoursContained: 5, openWithAi: 1, closedAfterSilence: 1,
      containedSentimentSum: 7, containedSentimentN: 10, escalatedSentimentSum: -1.5, escalatedSentimentN: 5,
    });
    // last day of the range, channel 1: contained = 100 − 4 = 96 (2.5 customer messages each = 240 turns)
    await put(org, ch1, "2025-06-30", {
      // segments: 96 alone + 22 assisted + 20 escalated + 12 no outcome (4 came back, 3 open with the AI, 5 went quiet)
      conversations: 150, aiResolved: 100, aiResolvedReopened: 4, aiAssisted: 22, escalated: 20, afterHours: 28, containedTurns: 240,
      aiAnswered: 140, afterHoursContained: 15, openWithAi: 3, closedAfterSilence: 5,
      containedSentimentSum: 21, containedSentimentN: 30, escalatedSentimentSum: -0.5, escalatedSentimentN: 15,
    });
    // after the range (must not count)
    await put(org, ch0, "2025-07-01", { conversations: 500, aiResolved: 500 });
    // another org on the same days (must never count)
    const [o0] = channelsOf(other);
    await put(other, o0, "2025-06-01", { conversations: 1000, aiResolved: 10, aiAssisted: 900, escalated: 50, afterHours: 999 });
    await put(other, o0, "2025-06-15", { conversations: 1000, aiResolved: 1000, containedTurns: 9000 });
  });

  it("net = (AI resolved − reopened) / conversations, with gross and the reopen gap (AC-1, AC-2)", async () => {
    const r = await load(org, range);
    // totals: conversations 50 + 150 = 200; AI resolved 30 + 100 = 130; reopened 6 + 4 = 10
    expect(r.totals).toMatchObject({ conversations: 200, aiResolved: 130, reopened: 10 });
    expect(r.baselineForming).toBe(false);
    expect(r.daysOfData).toBe(30); // 06-01..06-30
    expect(r.contained).toBe(120); // 130 − 10
    expect(r.containment!.net).toBeCloseTo(0.6, 12); // 120 / 200
    expect(r.containment!.gross).toBeCloseTo(0.65, 12); // 130 / 200
    expect(r.containment!.gap).toBeCloseTo(0.05, 12); // 0.65 − 0.60 = the 10 reopens / 200
    expect(r.containment!.verdict.label).toBe("Strong"); // 60 % ≥ 50 %
  });

  it("volume, after-hours, journey, reopen, sentiment and turns", async () => {
    const r = await load(org, range);
    // took part in = every conversation with an AI answer: 45 + 140 = 185; share 185 / 200 = 0.925
    expect(r.volume).toEqual({ conversations: 200, aiHandled: 185, aiShare: 0.925, verdict: { key: "carryingMost", label: "Carrying most of the load", tone: "good" } });
    // handled while offline = after-hours conversations contained: 5 + 15 = 20, of 12 + 28 = 40 after-hours arrivals
    expect(r.afterHours).toEqual({ configured: true, count: 20, arrivals: 40, share: 0.5, verdict: { key: "alwaysOn", label: "Always-on", tone: "good" } });
    // one base for the bar and the headline (200): 120 alone (60 %, the headline's rounding) + 30 + 30 + 20 no outcome;
    // the other 40 points split 30 : 30 : 20 → 15 / 15 / 10
    expect(r.journey).toEqual({
      aiAlone: 120, aiAssisted: 30, escalated: 30, noOutcome: 20,
      breakdown: { cameBack: 10, openWithAi: 4, silence: 6, other: 0 },
      total: 200, percent: [60, 15, 15, 10],
    });
    // reopen rate = 10 / 130
    expect(r.reopen).toMatchObject({ reopened: 10, aiResolved: 130, verdict: { label: "Low — good" } });
    expect(r.reopen!.rate).toBeCloseTo(10 / 130, 12);
    // sentiment: contained (7 + 21) / (10 + 30) = 0.7; escalated (−1.5 − 0.5) / (5 + 15) = −0.1; delta 0.8
    // coverage = readings (40 + 20 = 60) / (contained 120 + escalated 30 = 150) = 0.4
    expect(r.sentiment!.contained).toBeCloseTo(0.7, 12);
    expect(r.sentiment!.escalated).toBeCloseTo(-0.1, 12);
    expect(r.sentiment!.delta).toBeCloseTo(0.8, 12);
    expect(r.sentiment).toMatchObject({ readings: 60, lowCoverage: false, verdict: { label: "More positive" } });
    expect(r.sentiment!.coverage).toBeCloseTo(0.4, 12);
    // turns = contained turns (48 + 240 = 288) / contained 120 = 2.4
    expect(r.turns).toEqual({ average: 2.4, verdict: { key: "quick", label: "Quick", tone: "good" } });
  });

  it("work absorbed only with the org's own assumption: 120 contained × 6 min = 12 h × Rp 50.000 = Rp 600.000 (IMPACT-S04)", async () => {
    expect((await load(org, range)).work).toBeNull();
    const assumption = { agentHourRate: 50_000, minutesPerConversation: 6 };
    const r = await load(org, { ...range, assumption });
    // 120 × 6 = 720 min = 12 h; 12 × 50 000 = 600 000
    expect(r.work).toEqual({ minutes: 720, hours: 12, rupiah: 600_000, assumption });
  });

  it("without business hours the after-hours count stays a bare number and the tile is not configured", async () => {
    const r = await load(org, { ...range, businessHoursSet: false });
    expect(r.afterHours).toEqual({ configured: false, count: 20, arrivals: 40, share: null, verdict: null });
    expect(r.volume.aiHandled).toBe(185); // the rest is unaffected
  });

  it("the channel filter reads only that channel", async () => {
    const [ch0] = channelsOf(org);
    const r = await load(org, { ...range, channelId: ch0 });
    // channel 0: 50 conversations, (30 − 6) / 50 = 0.48
    expect(r.totals).toMatchObject({ conversations: 50, aiResolved: 30, reopened: 6, aiAssisted: 8 });
    expect(r.containment!.net).toBeCloseTo(0.48, 12);
    expect(r.turns!.average).toBe(2); // 48 / 24
  });

  it("changing the range changes the numbers; daysOfData still counts from the first datamart day", async () => {
    const r = await load(org, { ...range, from: "2025-06-02" });
    // only 06-30 is left: (100 − 4) / 150 = 0.64; gross 100 / 150
    expect(r.totals.conversations).toBe(150);
    expect(r.containment!.net).toBeCloseTo(0.64, 12);
    expect(r.containment!.gross).toBeCloseTo(100 / 150, 12);
    expect(r.daysOfData).toBe(30); // first datamart day 06-01 .. 06-30
    expect(r.daily.map((d) => d.day)).toEqual(["2025-06-30"]);
  });

  it("another org's rows on the same days never count, and an org without rows has nothing", async () => {
    const o = await load(other, range);
    // the other org alone: 2000 conversations — proves its rows exist and are separate
    expect(o.totals.conversations).toBe(2000);
    expect((await load(org, range)).totals.conversations).toBe(200);

    const empty = await load(await seedQuietOrg(db), range);
    expect(empty).toMatchObject({ daysOfData: 0, baselineForming: true, containment: null, journey: null, forecast: null, updatedAt: null, daily: [] });
    expect(empty.trend.baseline).toBeNull();
    expect(empty.totals.conversations).toBe(0);
  });

  it("trend: per day up to 31 days", async () => {
    const r = await load(org, range);
    expect(r.trend.granularity).toBe("day");
    expect(r.trend.points).toHaveLength(30);
    expect(r.trend.points[0]).toEqual({ start: "2025-06-01", end: "2025-06-01", conversations: 50, net: 0.48 }); // 24 / 50
    expect(r.trend.points[1]).toEqual({ start: "2025-06-02", end: "2025-06-02", conversations: 0, net: null });
    expect(r.trend.points[29]).toEqual({ start: "2025-06-30", end: "2025-06-30", conversations: 150, net: 0.64 }); // 96 / 150
    // 31 days (05-31..06-30) is still daily, 32 days (05-30..06-30) is weekly
    const d31 = await load(org, { ...range, from: "2025-05-31" });
    expect(d31.trend.granularity).toBe("day");
    expect(d31.trend.points).toHaveLength(31);
    expect((await load(org, { ...range, from: "2025-05-30" })).trend.granularity).toBe("week");
  });

  it("trend: per Monday-based week beyond 31 days, the first and last weeks clipped to the range", async () => {
    // 2025-05-28 (Wednesday) .. 2025-06-30 (Monday) = 34 days
    const r = await load(org, { ...range, from: "2025-05-28" });
    expect(r.trend.granularity).toBe("week");
    expect(r.trend.points).toEqual([
      { start: "2025-05-28", end: "2025-06-01", conversations: 50, net: 0.48 }, // week of Mon 05-26, clipped; holds 06-01
      { start: "2025-06-02", end: "2025-06-08", conversations: 0, net: null },
      { start: "2025-06-09", end: "2025-06-15", conversations: 0, net: null },
      { start: "2025-06-16", end: "2025-06-22", conversations: 0, net: null },
      { start: "2025-06-23", end: "2025-06-29", conversations: 0, net: null },
      { start: "2025-06-30", end: "2025-06-30", conversations: 150, net: 0.64 }, // week of Mon 06-30, clipped to `to`
    ]);
  });
});

describe("loadImpactReport: journey and quality edge cases (IMPACT-S02 AC-1, ERR-1; IMPACT-S03 AC-4)", () => {
  const now = wib("2025-07-01", "12:00");

  it("awkward journey counts still sum to 100 over every conversation; conversations with no outcome fill the fourth segment", async () => {
    const org = await seedQuietOrg(db);
    const [ch0, ch1] = channelsOf(org);
    await put(org, ch0, "2025-06-01", { conversations: 30, aiResolved: 1, aiAssisted: 1, escalated: 1 });
    await put(org, ch1, "2025-06-01", { conversations: 30 }); // e.g. all bare RESOLVE: no AI, no escalation
    const range = { from: "2025-06-01", to: "2025-06-30", now };

    const awkward = await load(org, { ...range, channelId: ch0 });
    // of 30: 1 alone (3.33 % → 3), then 97 points over 1 : 1 : 27 → 3.34 / 3.34 / 90.31 → 3 + 3 + 90 = 96, +1 to the first remainder
    expect(awkward.journey).toEqual({ aiAlone: 1, aiAssisted: 1, escalated: 1, noOutcome: 27, breakdown: { cameBack: 0, openWithAi: 0, silence: 0, other: 27 }, total: 30, percent: [3, 4, 3, 90] });

    const none = await load(org, { ...range, channelId: ch1 });
    expect(none.baselineForming).toBe(false); // 30 days, 30 conversations
    expect(none.journey).toMatchObject({ aiAlone: 0, aiAssisted: 0, escalated: 0, noOutcome: 30, total: 30, percent: [0, 0, 0, 100] });
    expect(none.reopen).toBeNull(); // no AI resolutions to reopen
    expect(none.turns).toBeNull(); // nothing contained
    expect(none.containment).toMatchObject({ net: 0, gross: 0, gap: 0, verdict: { label: "Low" } });
  });

  it("sentiment is 'not available' when either side has no readings; with both, coverage = readings / (contained + escalated)", async () => {
    const org = await seedQuietOrg(db);
    const [ch0] = channelsOf(org);
    // 05-01: contained readings only (4 readings, sum 2); 06-30: escalated readings only (2 readings, sum −1)
    await put(org, ch0, "2025-05-01", { conversations: 30, aiResolved: 10, escalated: 5, containedSentimentSum: 2, containedSentimentN: 4 });
    await put(org, ch0, "2025-06-30", { conversations: 30, aiResolved: 10, escalated: 5, escalatedSentimentSum: -1, escalatedSentimentN: 2 });

    expect((await load(org, { from: "2025-05-01", to: "2025-06-29", now })).sentiment).toBeNull(); // no escalated reading
    expect((await load(org, { from: "2025-05-02", to: "2025-06-30", now })).sentiment).toBeNull(); // no contained reading

    const both = await load(org, { from: "2025-05-01", to: "2025-06-30", now });
    // contained 2 / 4 = 0.5; escalated −1 / 2 = −0.5; delta 1.0
    // coverage = (4 + 2) / (contained 20 + escalated 10) = 0.2 → not below the 0.2 threshold
    expect(both.sentiment).toEqual({ delta: 1, contained: 0.5, escalated: -0.5, coverage: 0.2, lowCoverage: false, readings: 6, verdict: { key: "morePositive", label: "More positive", tone: "good" } });
  });
});

describe("loadImpactReport: baseline forming (IMPACT-S01 AC-6)", () => {
  /** Everything derived (a %) is withheld; volume stays. */
  function expectVolumeOnly(r: Awaited<ReturnType<typeof load>>) {
    expect(r.baselineForming).toBe(true);
    expect(r.containment).toBeNull();
    expect(r.reopen).toBeNull();
    expect(r.sentiment).toBeNull();
    expect(r.turns).toBeNull();
    expect(r.journey).toBeNull();
    expect(r.work).toBeNull();
    expect(r.volume.aiShare).toBeNull();
    expect(r.volume.verdict).toBeNull();
    expect(r.afterHours.share).toBeNull();
  }
  const counts = { conversations: 40, aiResolved: 20, aiResolvedReopened: 2, aiAssisted: 5, escalated: 5, afterHours: 3, afterHoursContained: 2, aiAnswered: 25, containedTurns: 36, containedSentimentSum: 1, containedSentimentN: 2, escalatedSentimentSum: 0.5, escalatedSentimentN: 1 };
  const assumption = { agentHourRate: 50_000, minutesPerConversation: 6 };

  it(`${MIN_DAYS_OF_DATA - 1} days of data forms, ${MIN_DAYS_OF_DATA} days is a full report`, async () => {
    const org = await seedQuietOrg(db);
    await put(org, channelsOf(org)[0], "2025-06-01", counts);
    const now = wib("2025-07-01", "12:00");

    const d29 = await load(org, { from: "2025-06-01", to: "2025-06-29", now, assumption }); // 06-01..06-29 = 29 days
    expect(d29.daysOfData).toBe(29);
    expectVolumeOnly(d29);
    // volume is still there: 40 conversations, the AI answered in 25
    expect(d29.volume).toMatchObject({ conversations: 40, aiHandled: 25 });
    expect(d29.afterHours).toMatchObject({ count: 2, arrivals: 3 });

    const d30 = await load(org, { from: "2025-06-01", to: "2025-06-30", now, assumption }); // 30 days
    expect(d30.daysOfData).toBe(30);
    expect(d30.baselineForming).toBe(false);
    expect(d30.containment!.net).toBeCloseTo(0.45, 12); // (20 − 2) / 40
  });

  it(`${MIN_CONVERSATIONS - 1} conversations forms, ${MIN_CONVERSATIONS} is a full report`, async () => {
    const org = await seedQuietOrg(db);
    const [ch0, ch1] = channelsOf(org);
    await put(org, ch0, "2025-06-01", { conversations: 29, aiResolved: 10, aiAssisted: 4, aiAnswered: 14 });
    await put(org, ch1, "2025-06-01", { conversations: 1, aiResolved: 1, aiAnswered: 1 });
    const range = { from: "2025-06-01", to: "2025-06-30", now: wib("2025-07-01", "12:00") };

    const c29 = await load(org, { ...range, channelId: ch0 }); // 29 conversations, 30 days
    expect(c29.daysOfData).toBe(30);
    expectVolumeOnly(c29);
    expect(c29.volume).toMatchObject({ conversations: 29, aiHandled: 14 }); // the AI answered in 14

    const c30 = await load(org, range); // 29 + 1 = 30
    expect(c30.baselineForming).toBe(false);
    expect(c30.containment!.net).toBeCloseTo(11 / 30, 12); // (10 + 1 − 0) / 30
  });

  it("daysOfData runs from the first datamart day to min(to, today) in the org's zone", async () => {
    const org = await seedQuietOrg(db);
    await put(org, channelsOf(org)[0], "2025-06-01", counts);
    const range = { from: "2025-06-01", to: "2025-06-30" };

    // today 06-20 (to is in the future): 06-01..06-20 = 20 days
    expect((await load(org, { ...range, now: wib("2025-06-20", "12:00") })).daysOfData).toBe(20);
    // 2025-06-29 12:00 WIB → today 06-29: 29 days, still forming
    const before = await load(org, { ...range, now: new Date("2025-06-29T05:00:00Z") });
    expect(before).toMatchObject({ daysOfData: 29, baselineForming: true });
    // 2025-06-29 18:00 UTC is already 06-30 01:00 in Jakarta: 30 days (UTC would still say 29)
    const after = await load(org, { ...range, now: new Date("2025-06-29T18:00:00Z") });
    expect(after).toMatchObject({ daysOfData: 30, baselineForming: false });
    // a range ending before the first day has no data days
    expect((await load(org, { from: "2025-05-01", to: "2025-05-31", now: wib("2025-07-01", "12:00") })).daysOfData).toBe(0);
  });
});

describe("loadImpactReport: onboarding baseline (IMPACT-S05 AC-1, AC-4)", () => {
  it(`is the net containment of the first ${BASELINE_DAYS} days of AI activity, forming until that window ends`, async () => {
    const org = await seedQuietOrg(db);
    const [ch0] = channelsOf(org);
    await put(org, ch0, "2025-03-01", { conversations: 20, escalated: 5 }); // data, but no AI yet
    await put(org, ch0, "2025-03-03", { conversations: 40, aiResolved: 10, aiResolvedReopened: 2 }); // first AI day
    await put(org, ch0, "2025-04-01", { conversations: 10, aiResolved: 8 }); // 03-03 + 29 days = last baseline day
    await put(org, ch0, "2025-04-02", { conversations: 100, aiResolved: 90 }); // after the window
    // baseline = (10 − 2 + 8) / (40 + 10) = 16 / 50 = 0.32
    const expected = { value: 0.32, from: "2025-03-03", to: "2025-04-01" };
    const range = { from: "2025-03-01", to: "2025-04-02" };
    expect(addDays("2025-03-03", BASELINE_DAYS - 1)).toBe("2025-04-01");

    // 2025-04-01 23:59:59 WIB: the window's last day isn't over
    const open = await load(org, { ...range, now: new Date("2025-04-01T16:59:59Z") });
    expect(open.trend.baseline).toEqual({ ...expected, forming: true });
    // 2025-04-02 00:00 WIB: it is
    const closed = await load(org, { ...range, now: new Date("2025-04-01T17:00:00Z") });
    expect(closed.trend.baseline).toEqual({ ...expected, forming: false });
    // the baseline doesn't depend on the selected range
    expect((await load(org, { from: "2025-04-02", to: "2025-04-02", now: wib("2025-05-01", "12:00") })).trend.baseline).toEqual({ ...expected, forming: false });
  });
});

describe("loadImpactReport: forecast (IMPACT-S05 AC-2..AC-4)", () => {
  // "Today" is Wednesday 2025-06-25 in Jakarta: the last complete week is Mon 06-16..Sun 06-22, and the forecast fits
  // the 12 complete weeks starting Mon 03-31.
  const now = wib("2025-06-25", "12:00");
  const last90 = { from: "2025-03-28", to: "2025-06-25", now };
  let org: Org;

  /** One row every Monday from `first` (week k = 0, 1, …) through `last`, with `aiResolved(k)` of 100 conversations. */
  async function weekly(o: Org, channelId: string, first: string, last: string, aiResolved: (k: number) => number) {
    for (let k = 0, day = first; day <= last; k++, day = addDays(day, 7)) await put(o, channelId, day, { conversations: 100, aiResolved: aiResolved(k) });
  }

  beforeAll(async () => {
    org = await seedQuietOrg(db);
    const [ch0, ch1, ch2] = channelsOf(org);
    // channel 0: from Mon 01-06, week k resolves 30 + 2k of 100 (net rises 2 points a week) …
    await weekly(org, ch0, "2025-01-06", "2025-06-16", (k) => 30 + 2 * k);
    // … except the incomplete current week, far off the line (it must not be fitted)
    await put(org, ch0, "2025-06-23", { conversations: 100, aiResolved: 0 });
    // channel 1: 12 weeks of conversations, but the AI starts only on Mon 06-09 (its baseline runs to 07-08)
    await weekly(org, ch1, "2025-03-31", "2025-06-23", (k) => (k >= 10 ? 50 : 0));
    // channel 2: no AI for 3 weeks, then a flat 50 % from Mon 04-21 (its baseline ran to 05-20)
    await weekly(org, ch2, "2025-03-31", "2025-06-23", (k) => (k >= 3 ? 50 : 0));
  });

  it("is null when the forecast flag is off (AC-3)", async () => {
    const r = await load(org, { ...last90, channelId: channelsOf(org)[0], forecast: false });
    expect(r.baselineForming).toBe(false);
    expect(r.trend.baseline!.forming).toBe(false);
    expect(r.forecast).toBeNull();
  });

  it("projects the rising series from the 12 complete weeks when the flag is on", async () => {
    const r = await load(org, { ...last90, channelId: channelsOf(org)[0], forecast: true });
    const f = r.forecast!;
    expect(f).not.toBeNull();
    // 03-31 is week k = 12 (84 days after 01-06): nets 0.54, 0.56, … 0.76 for 03-31 … 06-16
    expect(f.history.map((h) => h.weekStart)).toEqual(Array.from({ length: 12 }, (_, i) => addDays("2025-03-31", 7 * i)));
    expect(f.history.map((h) => h.net)).toEqual(Array.from({ length: 12 }, (_, i) => (54 + 2 * i) / 100));
    expect(f.slopePerWeek).toBeCloseTo(0.02, 10);
    // next period = weeks x = 12..15 → 0.54 + 0.02 × 12 … 15 = 0.78, 0.80, 0.82, 0.84; their mean 0.81
    expect(f.points.map((p) => p.weekStart)).toEqual(["2025-06-23", "2025-06-30", "2025-07-07", "2025-07-14"]);
    f.points.forEach((p, h) => expect(p.value).toBeCloseTo(0.78 + 0.02 * h, 10));
    expect(f.projected).toBeCloseTo(0.81, 10);
    expect(f.projected).toBeGreaterThan(f.history.at(-1)!.net);
    // baseline: Mondays 01-06 … 02-03 resolve 30 + 32 + 34 + 36 + 38 = 170 of 500 = 0.34
    expect(r.trend.baseline).toEqual({ value: 0.34, from: "2025-01-06", to: "2025-02-04", forming: false });
  });

  it("reads the forecast's weeks even when the selected range is shorter", async () => {
    const r = await load(org, { from: "2025-06-19", to: "2025-06-25", now, channelId: channelsOf(org)[0], forecast: true });
    expect(r.totals.conversations).toBe(100); // only 06-23 is in the range
    expect(r.forecast!.projected).toBeCloseTo(0.81, 10);
  });

  it("is null while the onboarding baseline is forming, even with 12 weeks of conversations (AC-4)", async () => {
    const r = await load(org, { ...last90, channelId: channelsOf(org)[1], forecast: true });
    expect(r.baselineForming).toBe(false); // data since 03-31 (87 days), 13 Mondays × 100 conversations in the range
    expect(r.trend.baseline).toMatchObject({ from: "2025-06-09", to: "2025-07-08", forming: true });
    expect(r.forecast).toBeNull();
  });

  it("fits only weeks since the AI started: a flat 50 % stays 50 %, the zeros before don't fake a rise", async () => {
    const r = await load(org, { ...last90, channelId: channelsOf(org)[2], forecast: true });
    expect(r.trend.baseline).toEqual({ value: 0.5, from: "2025-04-21", to: "2025-05-20", forming: false });
    // complete weeks 04-21 … 06-16 = 9, each 50 / 100; a flat line projects 0.5
    // (with the 3 zero weeks 03-31 … 04-14 in the fit, the slope would be positive and the projection above 0.5)
    expect(r.forecast!.history.map((h) => h.net)).toEqual(Array(9).fill(0.5));
    expect(r.forecast!.slopePerWeek).toBeCloseTo(0, 12);
    expect(r.forecast!.projected).toBeCloseTo(0.5, 12);
  });

  it("is null with 7 complete weeks and present with 8 (AC-4)", async () => {
    const short = await seedQuietOrg(db);
    const [ch0, ch1] = channelsOf(short);
    // channel 0: Mondays 05-05 … 06-16 = 7 complete weeks (k = 1..7), plus the current week; channel 1: Mon 04-28 (k = 0)
    await weekly(short, ch0, "2025-05-05", "2025-06-23", (k) => 32 + 2 * k);
    await put(short, ch1, "2025-04-28", { conversations: 100, aiResolved: 30 });

    const seven = await load(short, { ...last90, channelId: ch0, forecast: true });
    expect(seven.baselineForming).toBe(false);
    expect(seven.trend.baseline!.forming).toBe(false); // 05-05 + 29 = 06-03 < 06-25
    expect(seven.forecast).toBeNull();

    const eight = await load(short, { ...last90, forecast: true });
    // nets 0.30, 0.32, … 0.44 for 04-28 … 06-16 (x = 0..7); next period mean at x = 9.5 → 0.30 + 0.02 × 9.5 = 0.49
    expect(eight.forecast!.history).toHaveLength(8);
    expect(eight.forecast!.projected).toBeCloseTo(0.49, 10);
  });
});
