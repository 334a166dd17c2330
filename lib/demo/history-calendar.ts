/**
 * The demo history's calendar (lib/demo/simulate-history.ts): the org's local days, when customers write (weekday and
 * local-hour weights, the onboarding ramp), and when its team works (business hours and holidays), so a hand-over
 * after hours waits for the next opening. Instants are epoch milliseconds; dates are local `YYYY-MM-DD` of the org's
 * time zone.
 */
import { TZDate } from "@date-fns/tz";
import type { BusinessHours } from "@/db/schema";
import { addDays, startOfLocalDay } from "@/lib/time/local-day";
import type { Rng } from "./history-rng";

/** Time units in milliseconds. */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** `a` at progress 0, `b` at progress 1, linear in between. */
export const lerp = (a: number, b: number, progress: number) => a + (b - a) * progress;

/** What the calendar needs of the organization. */
export type CalendarOrg = { timezone: string; businessHours: BusinessHours; holidays: string[] };

/** Local-calendar helpers over the simulated days (plus margin for waits running past the last day). */
export class Calendar {
  /** local dates, from the day before the range to 15 days after it */
  private readonly days: string[] = [];
  private readonly starts: number[] = [];
  /** per day: business intervals [open, close) in epoch ms, sorted; undefined when the org has no hours (always open) */
  private readonly open: ([number, number][] | undefined)[] = [];
  constructor(
    private readonly org: CalendarOrg,
    from: string,
    to: string,
  ) {
    const holidays = new Set(org.holidays);
    for (let d = addDays(from, -1); d <= addDays(to, 15); d = addDays(d, 1)) {
      this.days.push(d);
      this.starts.push(startOfLocalDay(d, org.timezone).getTime());
      if (org.businessHours.length === 0) {
        this.open.push(undefined);
        continue;
      }
      const dow = weekday(d);
      this.open.push(
        holidays.has(d)
          ? []
          : org.businessHours
              .filter((r) => r.day === dow)
              .map((r): [number, number] => [this.at(d, r.open), this.at(d, r.close)])
              .sort((a, b) => a[0] - b[0]),
      );
    }
  }
  /** The instant of local `HH:MM[:SS]` on local date `date`. */
  at(date: string, time: string): number {
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    const [hh = 0, mm = 0, ss = 0] = time.split(":").map(Number);
    return new TZDate(y, m - 1, d, hh, mm, ss, this.org.timezone).getTime();
  }
  private dayIndex(t: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  /** Whether `t` falls outside business hours (or on a holiday), as the datamart counts it. */
  afterHours(t: number): boolean {
    const hours = this.open[this.dayIndex(t)];
    return hours !== undefined && !hours.some(([o, c]) => t >= o && t < c);
  }
  /** The first instant ≥ `t` inside business hours (`t` itself when open or when the org has no hours). */
  nextOpen(t: number): number {
    for (let i = this.dayIndex(t); i < this.open.length; i++) {
      const hours = this.open[i];
      if (hours === undefined) return t;
      for (const [o, c] of hours) if (t < c) return Math.max(t, o);
    }
    return t;
  }
}

/** 0 = Sunday … 6 = Saturday, for a local `YYYY-MM-DD`. */
export function weekday(date: string): 0 | 1 | 2 | 3 | 4 | 5 | 6 {
  return new Date(`${date}T12:00:00Z`).getUTCDay() as 0 | 1 | 2 | 3 | 4 | 5 | 6;
}

/** `date` minus `months` calendar months, clamped to the month's last day (as PostgreSQL's date − interval). */
export function minusMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** The volume knobs of the history (see `HistoryParams` in ./history-params). */
export type VolumeParams = { dailyVolume: number; rampDays: number; rampStartShare: number; weekdayWeights: number[] };

/**
 * Expected eligible conversations (per local day) on day `index` of the range: the onboarding ramp (from
 * `rampStartShare` to 100 % over `rampDays`) × the weekday's weight (normalised to a weekly mean of 1) × `dailyVolume`.
 */
export function dayVolume(p: VolumeParams, index: number, day: string): number {
  const weekdayMean = p.weekdayWeights.reduce((a, b) => a + b, 0) / 7;
  const ramp = index < p.rampDays ? lerp(p.rampStartShare, 1, index / p.rampDays) : 1;
  return p.dailyVolume * ramp * (p.weekdayWeights[(weekday(day) + 6) % 7]! / weekdayMean);
}

/**
 * `n` instants on local day `day`, sorted: hours drawn from `hours` — relative weights per local hour 0..23, or an
 * inclusive `[first, last]` range of hours drawn uniformly — then a uniform minute and second.
 */
export function drawInstants(rng: Rng, cal: Calendar, day: string, n: number, hours: number[] | [number, number]): number[] {
  const list: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = hours.length === 24 ? rng.weighted(hours) : rng.int(hours[0]!, hours[1]!);
    list.push(cal.at(day, `${h}:${rng.int(0, 59)}:${rng.int(0, 59)}`));
  }
  return list.sort((a, b) => a - b);
}
