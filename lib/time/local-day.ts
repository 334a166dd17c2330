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
