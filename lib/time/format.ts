import { TZDate } from "@date-fns/tz";

/**
 * Formats an instant in the org's time zone, e.g. "21 Nov 2026, 14:05 WIB" for Asia/Jakarta (Intl, no offsets
 * computed by hand). `locale` is the org's (default id-ID gives WIB/WITA/WIT names).
 */
export function formatInZone(date: Date | string, timeZone: string, locale = "id-ID"): string {
  const d = typeof date === "string" ? new Date(date) : date;
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(d);
}

/**
 * An instant as ISO 8601 in the org's time zone, with its offset, e.g. "2026-12-02T21:37:00+07:00" for Asia/Jakarta:
 * what CSV exports write (issue 19 item 4), so a spreadsheet shows the team's own clock and still parses exactly.
 * @param date an instant (a Date or an ISO string)
 * @param timeZone an IANA zone, e.g. "Asia/Jakarta"
 */
export function isoInZone(date: Date | string, timeZone: string): string {
  const d = typeof date === "string" ? new Date(date) : date;
  const local = new TZDate(d.getTime(), timeZone); // its fields and offset are the zone's
  const two = (n: number) => String(n).padStart(2, "0");
  const offset = -local.getTimezoneOffset(); // minutes east of UTC
  const sign = offset < 0 ? "-" : "+";
  const zone = `${sign}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
  return `${local.getFullYear()}-${two(local.getMonth() + 1)}-${two(local.getDate())}T${two(local.getHours())}:${two(local.getMinutes())}:${two(local.getSeconds())}${zone}`;
}

/**
 * A local calendar day (`YYYY-MM-DD`, already in the org's zone) as the reader writes dates: "1 Mar 2026" (en-GB),
 * "1 Mar 2026" / "1 Mar" in Indonesian, "Mar 1, 2026" (en-US); `withYear: false` for chart axes.
 * @param day `YYYY-MM-DD`
 * @param locale a BCP 47 locale, e.g. the org's `id-ID`
 */
export function formatDay(day: string, locale: string, { withYear = true }: { withYear?: boolean } = {}): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", ...(withYear ? { year: "numeric" } : {}), timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
}
