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
