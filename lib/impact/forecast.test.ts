/**
 * The next-period containment forecast (001_… IMPACT-S05 AC-2, AC-4; §10.5): a least-squares line through the weekly
 * net-containment points, extended 4 weeks with an 80 % prediction band. Expected values are worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/time/local-day";
import { forecastContainment, FORECAST_HORIZON_WEEKS, FORECAST_MIN_WEEK_CONVERSATIONS, FORECAST_MIN_WEEKS, type WeeklyPoint } from "./forecast";

const MONDAY = "2025-03-31";

/** Weekly points from {@link MONDAY}, one per value, each with `conversations` (default 100). */
function series(nets: readonly number[], conversations: (i: number) => number = () => 100): WeeklyPoint[] {
  return nets.map((net, i) => ({ weekStart: addDays(MONDAY, 7 * i), net, conversations: conversations(i) }));
}

/** z of an 80 % two-sided band: probit(0.9) ≈ 1.2816 (the library approximates it within ~1e-3, well inside 4 decimals of the band). */
const Z80 = 1.2816;

describe("forecastContainment", () => {
  it("flags the forecast off-track when the latest complete week falls outside the band the line gives it (issue 15)", () => {
    // 11 steady weeks around 38 % then a week at 7 %: the line still promises ~33–43 %, the last week broke away
    const steady = [0.38, 0.4, 0.36, 0.39, 0.37, 0.41, 0.38, 0.4, 0.37, 0.39, 0.38];
    const broken = forecastContainment(series([...steady, 0.07]))!;
    expect(broken.offTrack).toMatchObject({ weekStart: addDays(MONDAY, 7 * 11), net: 0.07, direction: "below" });
    expect(broken.offTrack!.low).toBeGreaterThan(0.07);
    // the same weeks without the break: on track
    expect(forecastContainment(series([...steady, 0.38]))!.offTrack).toBeNull();
    // a perfectly linear series is never off-track (its last week is on the line)
    expect(forecastContainment(series(Array.from({ length: 8 }, (_, x) => 0.2 + 0.01 * x)))!.offTrack).toBeNull();
  });

  it("a perfectly linear series projects exactly the continued line with a collapsed band", () => {
    // x = 0..7, net = 0.20 + 0.01 x
    const f = forecastContainment(series(Array.from({ length: 8 }, (_, x) => 0.2 + 0.01 * x)))!;
    expect(f).not.toBeNull();
    expect(f.slopePerWeek).toBeCloseTo(0.01, 12);
    // x = 8..11 → 0.28, 0.29, 0.30, 0.31, one week after another from the last point (Mon 05-19)
    expect(f.points.map((p) => p.weekStart)).toEqual(["2025-05-26", "2025-06-02", "2025-06-09", "2025-06-16"]);
    f.points.forEach((p, h) => {
      expect(p.value).toBeCloseTo(0.28 + 0.01 * h, 12);
      expect(p.high - p.low).toBeLessThan(1e-9); // residuals are 0 → s = 0
    });
    // next period = mean of x = 8..11 = 9.5 → 0.20 + 0.095 = 0.295
    expect(f.projected).toBeCloseTo(0.295, 12);
    expect(f.high - f.low).toBeLessThan(1e-9);
    expect(f.history).toHaveLength(8);
  });

  it("a noisy series: the band holds the projection and widens with the horizon", () => {
    // net = 0.5 + 0.01 x + e with e = +,−,−,+,+,−,−,+ 0.02: Σe = 0 and Σ(x − 3.5)·e = 0, so the fitted line is still
    // 0.5 + 0.01 x and the residuals are exactly e → SSE = 8 × 0.0004 = 0.0032, s = √(0.0032 / 6)
    const e = [1, -1, -1, 1, 1, -1, -1, 1].map((sign) => 0.02 * sign);
    const f = forecastContainment(series(e.map((err, x) => 0.5 + 0.01 * x + err)))!;
    expect(f.slopePerWeek).toBeCloseTo(0.01, 12);
    const s = Math.sqrt(0.0032 / 6);
    const sxx = 42; // Σ(x − 3.5)² for x = 0..7 = 2 × (3.5² + 2.5² + 1.5² + 0.5²)
    f.points.forEach((p, i) => {
      const x0 = 8 + i;
      const y = 0.5 + 0.01 * x0; // 0.58, 0.59, 0.60, 0.61
      const half = Z80 * s * Math.sqrt(1 + 1 / 8 + (x0 - 3.5) ** 2 / sxx); // h = 1: 1.2816 × 0.023094 × 1.26773 ≈ 0.03752
      expect(p.value).toBeCloseTo(y, 12);
      expect(p.low).toBeCloseTo(y - half, 4);
      expect(p.high).toBeCloseTo(y + half, 4);
      expect(p.low).toBeLessThan(p.value);
      expect(p.high).toBeGreaterThan(p.value);
    });
    const widths = f.points.map((p) => p.high - p.low);
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeGreaterThan(widths[i - 1]!);
    // next period: mean x = 9.5 → 0.595, half = z·s·√(1/4 + 1/8 + 6²/42) ≈ 1.2816 × 0.023094 × 1.11002 ≈ 0.03285
    const halfMean = Z80 * s * Math.sqrt(1 / FORECAST_HORIZON_WEEKS + 1 / 8 + 36 / sxx);
    expect(f.projected).toBeCloseTo(0.595, 12);
    expect(f.low).toBeCloseTo(0.595 - halfMean, 4);
    expect(f.high).toBeCloseTo(0.595 + halfMean, 4);
    expect(f.low).toBeLessThan(f.projected);
    expect(f.high).toBeGreaterThan(f.projected);
  });

  it(`needs ${FORECAST_MIN_WEEKS} usable weeks`, () => {
    const nets = Array.from({ length: FORECAST_MIN_WEEKS }, (_, x) => 0.3 + 0.01 * x);
    expect(forecastContainment(series(nets.slice(1)))).toBeNull(); // 7
    expect(forecastContainment(series(nets))).not.toBeNull(); // 8
    expect(forecastContainment([])).toBeNull();
  });

  it(`ignores weeks with fewer than ${FORECAST_MIN_WEEK_CONVERSATIONS} conversations (exactly ${FORECAST_MIN_WEEK_CONVERSATIONS} counts)`, () => {
    // 9 weeks on the line 0.3 + 0.01 x, except week x = 4 with 9 conversations and a wild 0.95
    const nets = Array.from({ length: 9 }, (_, x) => (x === 4 ? 0.95 : 0.3 + 0.01 * x));
    const f = forecastContainment(series(nets, (x) => (x === 4 ? 9 : x === 5 ? 10 : 100)))!;
    expect(f.history.map((w) => w.weekStart)).not.toContain(addDays(MONDAY, 28));
    expect(f.history).toHaveLength(8); // week 5 (exactly 10 conversations) is kept
    // the gap keeps its real distance: the line is still 0.3 + 0.01 x; next period mean x = 8 + 2.5 → 0.405
    expect(f.slopePerWeek).toBeCloseTo(0.01, 12);
    expect(f.projected).toBeCloseTo(0.405, 12);

    // the same series with a second thin week leaves 7 usable weeks
    expect(forecastContainment(series(nets, (x) => (x === 4 || x === 5 ? 9 : 100)))).toBeNull();
  });

  it("fits only the last 12 usable weeks", () => {
    // 14 weeks: the first two far off, then x = 2..13 on 0.4 + 0.01 x
    const nets = Array.from({ length: 14 }, (_, x) => (x < 2 ? 0.9 : 0.4 + 0.01 * x));
    const f = forecastContainment(series(nets))!;
    expect(f.history).toHaveLength(12);
    expect(f.history[0]!.weekStart).toBe(addDays(MONDAY, 14));
    // next period mean x = 13 + 2.5 = 15.5 → 0.4 + 0.155 = 0.555
    expect(f.projected).toBeCloseTo(0.555, 12);
  });

  it("clamps values and bands to 0..1", () => {
    // rising 0.10 a week from 0.2: x = 8..11 → 1.0, 1.1, 1.2, 1.3 → clamped to 1; mean x = 9.5 → 1.15 → 1
    const up = forecastContainment(series(Array.from({ length: 8 }, (_, x) => 0.2 + 0.1 * x)))!;
    expect(up.points[0]!.value).toBeCloseTo(1, 9); // 1.0 (± rounding, never above 1)
    expect(up.points[0]!.value).toBeLessThanOrEqual(1);
    expect(up.points.slice(1).map((p) => p.value)).toEqual([1, 1, 1]);
    expect(up.projected).toBe(1);
    expect(up.high).toBe(1);
    expect(up.slopePerWeek).toBeCloseTo(0.1, 12); // the slope itself is not clamped
    // falling 0.10 a week from 0.8: x = 8..11 → 0, −0.1, −0.2, −0.3 → 0
    const down = forecastContainment(series(Array.from({ length: 8 }, (_, x) => 0.8 - 0.1 * x)))!;
    for (const p of down.points) {
      expect(p.value).toBeGreaterThanOrEqual(0);
      expect(p.low).toBeGreaterThanOrEqual(0);
    }
    expect(down.points.slice(1).map((p) => p.value)).toEqual([0, 0, 0]);
    expect(down.projected).toBe(0);
    expect(down.low).toBe(0);
  });
});
