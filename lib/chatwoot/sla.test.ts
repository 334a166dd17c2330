import { describe, expect, it } from "vitest";
import type { BusinessHours } from "@/db/schema";
import { addBusinessMinutes, type Calendar, DEFAULT_SLA_HOURS, SLA_TARGETS, slaDueTimes, slaState } from "./sla";

/** An instant given as Jakarta wall-clock time (UTC+7, no daylight saving). */
const jkt = (local: string) => new Date(`${local}+07:00`);
/** The seed's default calendar (Mon–Fri 09:00–17:00) in Asia/Jakarta. */
const JAKARTA: Calendar = { businessHours: DEFAULT_SLA_HOURS, holidays: [], timezone: "Asia/Jakarta" };
const HOUR = 60;

// 2026-11-20 is a Friday, 2026-11-21 a Saturday, 2026-11-23 a Monday.

describe("SLA targets (seed §6)", () => {
  it("are 15 min/2 h, 1 h/8 h, 4 h/24 h, 24 h/72 h — wall clock for P0/P1, business hours for P2/P3", () => {
    expect(SLA_TARGETS).toEqual({
      P0: { firstResponse: 15, resolution: 120, businessHours: false },
      P1: { firstResponse: 60, resolution: 480, businessHours: false },
      P2: { firstResponse: 240, resolution: 1440, businessHours: true },
      P3: { firstResponse: 1440, resolution: 4320, businessHours: true },
    });
    expect(DEFAULT_SLA_HOURS).toEqual([1, 2, 3, 4, 5].map((day) => ({ day, open: "09:00", close: "17:00" })));
  });
});

describe("slaDueTimes", () => {
  it("runs P0 on the wall clock, even on a Saturday night", () => {
    const start = jkt("2026-11-21T23:50:00");
    expect(slaDueTimes("P0", start, JAKARTA)).toEqual({ firstResponseDueAt: jkt("2026-11-22T00:05:00"), resolutionDueAt: jkt("2026-11-22T01:50:00") });
  });

  it("runs P1 on the wall clock across the weekend", () => {
    const start = jkt("2026-11-20T16:00:00");
    expect(slaDueTimes("P1", start, JAKARTA)).toEqual({ firstResponseDueAt: jkt("2026-11-20T17:00:00"), resolutionDueAt: jkt("2026-11-21T00:00:00") });
  });

  it("gives P2 four business hours across the weekend: Friday 16:00 → Monday 12:00; resolution 24 business hours → Wednesday 16:00", () => {
    expect(slaDueTimes("P2", jkt("2026-11-20T16:00:00"), JAKARTA)).toEqual({
      firstResponseDueAt: jkt("2026-11-23T12:00:00"),
      resolutionDueAt: jkt("2026-11-25T16:00:00"),
    });
  });

  it("gives P3 24 business hours (three 8-hour days)", () => {
    expect(slaDueTimes("P3", jkt("2026-11-23T09:00:00"), JAKARTA).firstResponseDueAt).toEqual(jkt("2026-11-25T17:00:00"));
  });

  it("uses the default Mon–Fri 09–17 calendar when the org has no hours", () => {
    expect(slaDueTimes("P2", jkt("2026-11-20T16:00:00"), { ...JAKARTA, businessHours: [] }).firstResponseDueAt).toEqual(jkt("2026-11-23T12:00:00"));
  });
});

describe("addBusinessMinutes", () => {
  it.each([
    ["Saturday 10:00 (weekend)", "2026-11-21T10:00:00", "2026-11-23T13:00:00"],
    ["Sunday 23:59", "2026-11-22T23:59:00", "2026-11-23T13:00:00"],
    ["Tuesday 06:00 (before opening)", "2026-11-24T06:00:00", "2026-11-24T13:00:00"],
    ["Tuesday 17:00 (at closing)", "2026-11-24T17:00:00", "2026-11-25T13:00:00"],
    ["Tuesday 18:30 (after closing)", "2026-11-24T18:30:00", "2026-11-25T13:00:00"],
    ["Friday 17:30 (after closing, before the weekend)", "2026-11-20T17:30:00", "2026-11-23T13:00:00"],
    ["Tuesday 10:15 (inside hours)", "2026-11-24T10:15:00", "2026-11-24T14:15:00"],
    ["Tuesday 13:00 (ends exactly at closing)", "2026-11-24T13:00:00", "2026-11-24T17:00:00"],
  ])("starting %s, 4 business hours end at %s", (_name, start, due) => {
    expect(addBusinessMinutes(jkt(start), 4 * HOUR, JAKARTA)).toEqual(jkt(due));
  });

  it("starts the clock at the next opening for 0 minutes outside hours, and at once inside hours", () => {
    expect(addBusinessMinutes(jkt("2026-11-21T10:00:00"), 0, JAKARTA)).toEqual(jkt("2026-11-23T09:00:00"));
    expect(addBusinessMinutes(jkt("2026-11-24T10:00:00"), 0, JAKARTA)).toEqual(jkt("2026-11-24T10:00:00"));
  });

  it("skips holidays (local dates)", () => {
    const cal = { ...JAKARTA, holidays: ["2026-11-23"] };
    expect(addBusinessMinutes(jkt("2026-11-20T16:00:00"), 4 * HOUR, cal)).toEqual(jkt("2026-11-24T12:00:00"));
    // a holiday on the starting day: nothing counts that day
    expect(addBusinessMinutes(jkt("2026-11-23T10:00:00"), 4 * HOUR, cal)).toEqual(jkt("2026-11-24T13:00:00"));
    // Christmas Day (a Friday) and the weekend after it
    const christmas = { ...JAKARTA, holidays: ["2026-12-25"] };
    expect(addBusinessMinutes(jkt("2026-12-24T15:00:00"), 4 * HOUR, christmas)).toEqual(jkt("2026-12-28T11:00:00"));
  });

  it("follows an org calendar with several ranges a day (lunch break) and a short Saturday, given in any order", () => {
    const hours: BusinessHours = [
      { day: 6, open: "09:00", close: "14:00" },
      ...([1, 2, 3, 4, 5] as const).flatMap((day) => [
        { day, open: "13:00", close: "17:00" },
        { day, open: "08:00", close: "12:00" },
      ]),
    ];
    const cal: Calendar = { businessHours: hours, holidays: [], timezone: "Asia/Jakarta" };
    // Friday 11:00: 1 h before lunch, 3 h after
    expect(addBusinessMinutes(jkt("2026-11-20T11:00:00"), 4 * HOUR, cal)).toEqual(jkt("2026-11-20T16:00:00"));
    // Friday 15:00: 2 h on Friday, 2 h on Saturday morning
    expect(addBusinessMinutes(jkt("2026-11-20T15:00:00"), 4 * HOUR, cal)).toEqual(jkt("2026-11-21T11:00:00"));
    // during lunch: the clock waits for 13:00
    expect(addBusinessMinutes(jkt("2026-11-24T12:30:00"), 30, cal)).toEqual(jkt("2026-11-24T13:30:00"));
    // Saturday 13:00: 1 h on Saturday, then Monday from 08:00
    expect(addBusinessMinutes(jkt("2026-11-21T13:00:00"), 4 * HOUR, cal)).toEqual(jkt("2026-11-23T11:00:00"));
  });

  it("counts in the org's own zone, across a daylight-saving change (New York, seed's EST)", () => {
    const ny: Calendar = { businessHours: DEFAULT_SLA_HOURS, holidays: [], timezone: "America/New_York" };
    // Friday 2026-10-30 16:00 EDT (UTC-4) → Monday 2026-11-02 12:00 EST (UTC-5): clocks went back on Sunday
    expect(addBusinessMinutes(new Date("2026-10-30T16:00:00-04:00"), 4 * HOUR, ny)).toEqual(new Date("2026-11-02T12:00:00-05:00"));
    // the same instant is Saturday 03:00 in Jakarta
    expect(addBusinessMinutes(new Date("2026-10-30T16:00:00-04:00"), 4 * HOUR, JAKARTA)).toEqual(jkt("2026-11-02T13:00:00"));
  });

  it("refuses a calendar without any business time", () => {
    const none: Calendar = { businessHours: [{ day: 1, open: "09:00", close: "09:00" }], holidays: [], timezone: "Asia/Jakarta" };
    expect(() => addBusinessMinutes(jkt("2026-11-20T16:00:00"), 60, none)).toThrow(/no business time/);
  });
});

describe("slaState", () => {
  const dueAt = jkt("2026-11-23T12:00:00");
  const targetMinutes = 240;
  const at = (local: string) => jkt(local);

  it("is met when done by the due time (also exactly at it)", () => {
    expect(slaState({ dueAt, doneAt: at("2026-11-23T11:59:00"), now: at("2026-11-30T00:00:00"), targetMinutes })).toBe("met");
    expect(slaState({ dueAt, doneAt: dueAt, now: at("2026-11-30T00:00:00"), targetMinutes })).toBe("met");
  });

  it("is breached when done late, or not done and past due", () => {
    expect(slaState({ dueAt, doneAt: at("2026-11-23T12:00:01"), now: at("2026-11-23T12:00:01"), targetMinutes })).toBe("breached");
    expect(slaState({ dueAt, doneAt: null, now: at("2026-11-23T12:00:01"), targetMinutes })).toBe("breached");
  });

  it("is due soon with 25 % of the target (60 of 240 min) or less left, on track before", () => {
    expect(slaState({ dueAt, doneAt: null, now: at("2026-11-23T10:59:00"), targetMinutes })).toBe("on_track");
    expect(slaState({ dueAt, doneAt: null, now: at("2026-11-23T11:00:00"), targetMinutes })).toBe("due_soon");
    expect(slaState({ dueAt, doneAt: null, now: dueAt, targetMinutes })).toBe("due_soon");
  });
});
