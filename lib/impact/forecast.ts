/**
 * Next-period containment forecast (001_… IMPACT-S05 AC-2, flag `ai_agent_impact_report_forecast`).
 *
 * Method (deliberately simple, so its error can be judged against §10.5's 10-point rollback threshold): an ordinary
 * least-squares line through the weekly net-containment points of the last {@link FORECAST_WINDOW_WEEKS} complete
 * weeks (`simple-statistics` `linearRegression`), extended {@link FORECAST_HORIZON_WEEKS} weeks. The band is the
 * 80 % prediction interval of the regression (z = probit(0.9) ≈ 1.28, residual standard error with n − 2 degrees of
 * freedom): per week ŷ ± z·s·√(1 + 1/n + (x₀ − x̄)²/Sxx), and for the next period's average (mean of the horizon's
 * weeks) ŷ ± z·s·√(1/h + 1/n + (x̄₀ − x̄)²/Sxx). Values are clamped to 0..1. Only complete weeks are passed in;
 * when the latest of them falls outside its own 95 % band (ŷ ± z₉₅·s·√(1 + 1/n + (x − x̄)²/Sxx)) the forecast is flagged
 * `offTrack` and the page warns in plain words.
 */
import { linearRegression, linearRegressionLine, mean, probit } from "simple-statistics";

/** Weeks of history the line is fitted on (at most). */
export const FORECAST_WINDOW_WEEKS = 12;
/** Fewer usable weeks than this → no forecast ("not enough history"). */
export const FORECAST_MIN_WEEKS = 8;
/** A week counts only with at least this many eligible conversations (fewer makes its % noise). */
export const FORECAST_MIN_WEEK_CONVERSATIONS = 10;
/** Weeks projected (the "next period"). */
export const FORECAST_HORIZON_WEEKS = 4;
/** Two-sided coverage of the prediction band. */
export const FORECAST_BAND = 0.8;
/** Two-sided coverage of the band the latest complete week must fall outside for the off-track warning. */
export const OFF_TRACK_BAND = 0.95;

export type WeeklyPoint = { weekStart: string; net: number; conversations: number };
export type ForecastPoint = { weekStart: string; value: number; low: number; high: number };
export type Forecast = {
  /** projected average net containment (0..1) over the next {@link FORECAST_HORIZON_WEEKS} weeks, with its band */
  projected: number;
  low: number;
  high: number;
  /** change per week of the fitted line, in share points (0..1) */
  slopePerWeek: number;
  points: ForecastPoint[];
  /** the weekly points the line was fitted on (oldest first) */
  history: WeeklyPoint[];
  /**
   * Set when the latest complete week fell outside the line's own 95 % band for that week: the trend has changed and
   * the projection should not be trusted (issue 15 item 4). `low`/`high` are that week's band (0..1).
   */
  offTrack: { weekStart: string; net: number; low: number; high: number; direction: "below" | "above" } | null;
};

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** `YYYY-MM-DD` plus `days`. */
function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Projects next-period net containment from complete weekly points (oldest first).
 * @returns null when fewer than {@link FORECAST_MIN_WEEKS} weeks have enough conversations (IMPACT-S05 AC-4)
 */
export function forecastContainment(weeks: readonly WeeklyPoint[]): Forecast | null {
  const usable = weeks.filter((w) => w.conversations >= FORECAST_MIN_WEEK_CONVERSATIONS).slice(-FORECAST_WINDOW_WEEKS);
  if (usable.length < FORECAST_MIN_WEEKS) return null;
  const last = usable.at(-1)!;
  // x = weeks since the first usable week (gaps in the series keep their real distance)
  const origin = new Date(`${usable[0]!.weekStart}T12:00:00Z`).getTime();
  const xOf = (weekStart: string) => Math.round((new Date(`${weekStart}T12:00:00Z`).getTime() - origin) / (7 * 86_400_000));
  const data = usable.map((w) => [xOf(w.weekStart), w.net] as [number, number]);
  const fit = linearRegression(data);
  const line = linearRegressionLine(fit);
  const n = data.length;
  const xs = data.map(([x]) => x);
  const xBar = mean(xs);
  const sxx = xs.reduce((acc, x) => acc + (x - xBar) ** 2, 0);
  const sse = data.reduce((acc, [x, y]) => acc + (y - line(x)) ** 2, 0);
  const s = Math.sqrt(sse / (n - 2));
  const z = probit(0.5 + FORECAST_BAND / 2);
  const lastX = xOf(last.weekStart);
  const points: ForecastPoint[] = [];
  for (let h = 1; h <= FORECAST_HORIZON_WEEKS; h++) {
    const x0 = lastX + h;
    const y = line(x0);
    const half = z * s * Math.sqrt(1 + 1 / n + (x0 - xBar) ** 2 / sxx);
    points.push({ weekStart: plusDays(last.weekStart, 7 * h), value: clamp01(y), low: clamp01(y - half), high: clamp01(y + half) });
  }
  // the latest complete week against the line's 95 % band for it: outside means the trend broke (the 80 % band of the
  // projection would flag one ordinary week in five); a hair of slack keeps a perfectly straight series on track
  const lastFit = line(lastX);
  const lastHalf = probit(0.5 + OFF_TRACK_BAND / 2) * s * Math.sqrt(1 + 1 / n + (lastX - xBar) ** 2 / sxx) + 1e-9;
  const offTrack =
    last.net < lastFit - lastHalf || last.net > lastFit + lastHalf
      ? { weekStart: last.weekStart, net: last.net, low: clamp01(lastFit - lastHalf), high: clamp01(lastFit + lastHalf), direction: last.net < lastFit ? ("below" as const) : ("above" as const) }
      : null;
  const xMean = lastX + (FORECAST_HORIZON_WEEKS + 1) / 2;
  const yMean = line(xMean);
  const halfMean = z * s * Math.sqrt(1 / FORECAST_HORIZON_WEEKS + 1 / n + (xMean - xBar) ** 2 / sxx);
  return {
    projected: clamp01(yMean),
    low: clamp01(yMean - halfMean),
    high: clamp01(yMean + halfMean),
    slopePerWeek: fit.m,
    points,
    history: usable,
    offTrack,
  };
}
