/**
 * SLA clocks per priority (004_… §6): first response and resolution targets. P0/P1 run on the wall clock; P2/P3 on
 * the org's business hours (its calendar and holidays; Mon–Fri 09:00–17:00 when it has none).
 */
import { TZDate } from "@date-fns/tz";
import type { BusinessHours } from "@/db/schema";
import type { Priority } from "./triage-rules";

const MINUTE = 60_000;
/** Targets in minutes: first response and resolution (004_… §6 table). */
export const SLA_TARGETS: Record<Priority, { firstResponse: number; resolution: number; businessHours: boolean }> = {
  P0: { firstResponse: 15, resolution: 120, businessHours: false },
  P1: { firstResponse: 60, resolution: 480, businessHours: false },
  P2: { firstResponse: 240, resolution: 1440, businessHours: true },
  P3: { firstResponse: 1440, resolution: 4320, businessHours: true },
};

/** The seed's default calendar: Monday–Friday 9 AM–5 PM. */
export const DEFAULT_SLA_HOURS: BusinessHours = ([1, 2, 3, 4, 5] as const).map((day) => ({ day, open: "09:00", close: "17:00" }));

export type Calendar = { businessHours: BusinessHours; holidays: string[]; timezone: string };

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The instant `minutes` of business time after `start` in the calendar (time outside the calendar's ranges and on
 * holidays doesn't count). Walks day by day in the org's zone, up to two years ahead.
 * @throws Error when the calendar has no business time at all
 */
export function addBusinessMinutes(start: Date, minutes: number, cal: Calendar): Date {
  const hours = cal.businessHours.length > 0 ? cal.businessHours : DEFAULT_SLA_HOURS;
  let left = minutes;
  const s = new TZDate(start.getTime(), cal.timezone);
  for (let i = 0; i < 800; i++) {
    const day = new TZDate(s.getFullYear(), s.getMonth(), s.getDate() + i, cal.timezone);
    const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
    if (cal.holidays.includes(date)) continue;
    const ranges = hours.filter((r) => r.day === day.getDay()).sort((a, b) => toMinutes(a.open) - toMinutes(b.open));
    for (const r of ranges) {
      const open = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), 0, toMinutes(r.open), cal.timezone).getTime();
      const close = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), 0, toMinutes(r.close), cal.timezone).getTime();
      const from = Math.max(open, start.getTime());
      if (from >= close) continue;
      const available = (close - from) / MINUTE;
      if (available >= left) return new Date(from + left * MINUTE);
      left -= available;
    }
  }
  throw new Error("sla: the calendar has no business time in the next two years");
}

/**
 * The SLA due times of a conversation opened at `start` with `priority`.
 * @returns first response and resolution due instants
 */
export function slaDueTimes(priority: Priority, start: Date, cal: Calendar): { firstResponseDueAt: Date; resolutionDueAt: Date } {
  const t = SLA_TARGETS[priority];
  const due = (m: number) => (t.businessHours ? addBusinessMinutes(start, m, cal) : new Date(start.getTime() + m * MINUTE));
  return { firstResponseDueAt: due(t.firstResponse), resolutionDueAt: due(t.resolution) };
}

export type SlaState = "met" | "on_track" | "due_soon" | "breached";

/**
 * A clock's state: met (done by the due time), breached (done late, or not done and past due), due soon (under 25 % of
 * the target left), on track.
 */
export function slaState({ dueAt, doneAt, now, targetMinutes }: { dueAt: Date; doneAt: Date | null; now: Date; targetMinutes: number }): SlaState {
  if (doneAt) return doneAt <= dueAt ? "met" : "breached";
  if (now > dueAt) return "breached";
  return dueAt.getTime() - now.getTime() <= targetMinutes * 0.25 * MINUTE ? "due_soon" : "on_track";
}
