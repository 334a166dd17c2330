import { TZDate } from "@date-fns/tz";

/**
 * The instant a local calendar day starts in an IANA time zone (handles DST where the zone has it).
 * @param date `YYYY-MM-DD`; @param timezone e.g. `Asia/Jakarta`
 * @returns a Date (UTC instant) of local midnight
 */
export function startOfLocalDay(date: string, timezone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, timezone).getTime());
}

/** The instant the local day after `date` starts (exclusive end of a date range). */
export function endOfLocalDay(date: string, timezone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d + 1, timezone).getTime());
}

/** Today's local date (`YYYY-MM-DD`) in an IANA time zone. */
export function localToday(timezone: string, now = new Date()): string {
  const d = new TZDate(now.getTime(), timezone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** `date` (`YYYY-MM-DD`) plus `days` (may be negative), as `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
