/**
 * Business hours of an organization (issue 8): a weekly schedule with any number of ranges per day plus holiday
 * dates, in the org's IANA time zone. Used by after-hours metrics (001), SLA clocks (004), alert quiet hours (003)
 * and agent routing (000).
 */
import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import type { BusinessHours } from "@/db/schema";
import { say, localized, type ErrorKey } from "@/lib/i18n/language-scope";

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `tz` is an IANA time zone this runtime knows (e.g. `Asia/Jakarta`, `UTC`). */
export function isTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().trim().refine(isTimeZone, localized("org.chooseTimeZone"));

export const businessHoursRangeSchema = z
  .object({
    day: z.coerce.number().int().min(0).max(6).transform((d) => d as BusinessHours[number]["day"]),
    open: z.string().regex(HHMM, localized("org.timeFormat")),
    close: z.string().regex(HHMM, localized("org.timeFormat")),
  })
  .refine((r) => minutes(r.close) > minutes(r.open), { ...localized("org.closeAfterOpen"), path: ["close"] });

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export { DAY_NAMES };
/** The catalogue keys of the day names (0 = Sunday), for the schedule's errors in the reader's language. */
const DAY_KEYS = ["org.days.sunday", "org.days.monday", "org.days.tuesday", "org.days.wednesday", "org.days.thursday", "org.days.friday", "org.days.saturday"] as const satisfies readonly ErrorKey[];

/** A weekly schedule: ranges may not overlap within a day; at most 6 ranges per day. */
export const businessHoursSchema = z
  .array(businessHoursRangeSchema)
  .max(42)
  .superRefine((ranges, ctx) => {
    for (let day = 0; day < 7; day++) {
      const today = ranges.map((r, i) => ({ ...r, i })).filter((r) => r.day === day).sort((a, b) => minutes(a.open) - minutes(b.open));
      if (today.length > 6) ctx.addIssue({ code: "custom", message: say("org.tooManyRanges", { max: 6, day: say(DAY_KEYS[day]!) }), path: [today[6]!.i] });
      for (let k = 1; k < today.length; k++) {
        if (minutes(today[k]!.open) < minutes(today[k - 1]!.close)) {
          ctx.addIssue({
            code: "custom",
            message: say("org.rangesOverlap", { day: say(DAY_KEYS[day]!), open: today[k]!.open, close: today[k]!.close, previousOpen: today[k - 1]!.open, previousClose: today[k - 1]!.close }),
            path: [today[k]!.i, "open"],
          });
        }
      }
    }
  })
  .transform((ranges) => [...ranges].sort((a, b) => a.day - b.day || minutes(a.open) - minutes(b.open)) as BusinessHours);

const isoDate = z.iso.date(localized("org.dateFormat"));

/** Holiday dates (`YYYY-MM-DD`), de-duplicated and sorted; at most 100. */
export const holidaysSchema = z
  .array(isoDate)
  .max(100, localized("org.tooManyHolidays", { max: 100 }))
  .transform((dates) => [...new Set(dates)].sort());

/**
 * Whether `at` falls inside the org's business hours: the local weekday/time in `timezone` is inside one of the
 * day's ranges (open inclusive, close exclusive) and the local date is not a holiday.
 * @param at an instant; @param timezone IANA zone
 */
export function isWithinBusinessHours(
  { businessHours, holidays, timezone }: { businessHours: BusinessHours; holidays: string[]; timezone: string },
  at: Date,
): boolean {
  const local = new TZDate(at.getTime(), timezone);
  const date = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, "0")}-${String(local.getDate()).padStart(2, "0")}`;
  if (holidays.includes(date)) return false;
  const minute = local.getHours() * 60 + local.getMinutes();
  return businessHours.some((r) => r.day === local.getDay() && minute >= minutes(r.open) && minute < minutes(r.close));
}
