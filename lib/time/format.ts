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
