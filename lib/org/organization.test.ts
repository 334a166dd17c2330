import { ZodError } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import type { BusinessHours } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { loadSessionMember } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { seedTestOrg, testDb } from "@/test/db";
import { auditCount, auditEntries, signInAs } from "@/test/members";
import { businessHoursSchema, holidaysSchema, isWithinBusinessHours, timeZoneSchema } from "./business-hours";
import { getOrganization } from "./get-organization";
import { updateOrganizationSettings } from "./update-organization";
import { updatePlanAndFlags } from "./update-plan-and-flags";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
});

const WEEKDAYS_8_TO_5: BusinessHours = ([1, 2, 3, 4, 5] as const).map((day) => ({ day, open: "08:00", close: "17:00" }));

/** The settings form as the seeded org has it. */
function settings(overrides: Record<string, unknown> = {}) {
  return {
    name: "Busana Nusantara",
    timezone: "Asia/Jakarta",
    locale: "id-ID",
    currency: "IDR",
    businessHours: [...WEEKDAYS_8_TO_5, { day: 6, open: "09:00", close: "14:00" }],
    holidays: [],
    ...overrides,
  };
}

async function expectUserError(promise: Promise<unknown>, status: number, message?: RegExp): Promise<void> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, "expected a UserError").toBeInstanceOf(UserError);
  expect((error as UserError).status).toBe(status);
  if (message) expect((error as UserError).message).toMatch(message);
}

describe("organization settings", () => {
  let org: Org;
  let admin: Membership;
  beforeAll(async () => {
    org = await seedTestOrg(db);
    admin = await signInAs(db, org, "admin");
  });

  it("saves several non-overlapping ranges a day (sorted), holidays (sorted, de-duplicated) and one audit entry", async () => {
    const fresh = await seedTestOrg(db);
    const actor = await signInAs(db, fresh, "admin");
    const businessHours = [
      { day: 1, open: "13:00", close: "17:00" },
      { day: 1, open: "08:00", close: "12:00" },
      { day: 1, open: "12:00", close: "13:00" }, // touching ranges are fine
      { day: "2", open: "00:00", close: "24:00" },
    ];
    const changed = await updateOrganizationSettings(db, {
      actor, input: settings({ name: "Busana Nusantara", currency: "usd", businessHours, holidays: ["2026-12-25", "2026-08-17", "2026-12-25"] }),
    });
    expect(changed.sort()).toEqual(["businessHours", "currency", "holidays", "name"]);

    const saved = await getOrganization(db, { orgId: fresh.orgId });
    expect(saved).toMatchObject({
      name: "Busana Nusantara",
      currency: "USD",
      holidays: ["2026-08-17", "2026-12-25"],
      businessHours: [
        { day: 1, open: "08:00", close: "12:00" },
        { day: 1, open: "12:00", close: "13:00" },
        { day: 1, open: "13:00", close: "17:00" },
        { day: 2, open: "00:00", close: "24:00" },
      ],
    });
    const entries = await auditEntries(db, fresh.orgId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorName: "Budi Santoso", area: "organization", action: "organization.updated", targetLabel: "Busana Nusantara",
      changes: { currency: { from: "IDR", to: "USD" }, holidays: { from: [], to: ["2026-08-17", "2026-12-25"] } },
    });
    expect(entries[0]!.changes.businessHours?.to).toEqual(saved!.businessHours);
  });

  it("saving unchanged settings writes nothing", async () => {
    const fresh = await seedTestOrg(db);
    const actor = await signInAs(db, fresh, "owner");
    const current = (await getOrganization(db, { orgId: fresh.orgId }))!;
    const input = settings({ name: current.name, holidays: ["2026-01-01"] });
    expect(await updateOrganizationSettings(db, { actor, input })).toEqual(["holidays"]);
    expect(await updateOrganizationSettings(db, { actor, input })).toEqual([]);
    expect(await auditCount(db, fresh.orgId)).toBe(1);
  });

  it("a new time zone applies to signed-in members at their next request", async () => {
    const fresh = await seedTestOrg(db);
    const actor = await signInAs(db, fresh, "owner");
    const agent = await signInAs(db, fresh, "agent");
    await updateOrganizationSettings(db, { actor, input: settings({ name: actor.orgName, timezone: " Asia/Makassar " }) });
    expect(await loadSessionMember(db, { sessionId: agent.sessionId, userId: agent.userId })).toMatchObject({ timezone: "Asia/Makassar" });
  });

  const range = (day: number, open: string, close: string) => ({ day, open, close });
  it.each([
    ["overlapping ranges on a day", { businessHours: [range(1, "08:00", "12:00"), range(1, "11:30", "17:00")] }, "businessHours.1.open"],
    ["overlap listed in reverse order", { businessHours: [range(3, "13:00", "18:00"), range(3, "09:00", "14:00")] }, "businessHours.0.open"],
    ["a range inside another", { businessHours: [range(4, "08:00", "17:00"), range(4, "10:00", "11:00")] }, "businessHours.1.open"],
    ["closing before opening", { businessHours: [range(1, "17:00", "08:00")] }, "businessHours.0.close"],
    ["closing when opening", { businessHours: [range(1, "09:00", "09:00")] }, "businessHours.0.close"],
    ["an hour without a leading zero", { businessHours: [range(1, "8:00", "17:00")] }, "businessHours.0.open"],
    ["hour 24 past midnight", { businessHours: [range(1, "08:00", "24:30")] }, "businessHours.0.close"],
    ["minute 60", { businessHours: [range(1, "08:00", "12:60")] }, "businessHours.0.close"],
    ["a time in words", { businessHours: [range(1, "noon", "17:00")] }, "businessHours.0.open"],
    ["day 7", { businessHours: [range(7, "08:00", "17:00")] }, "businessHours.0.day"],
    ["seven ranges on one day", { businessHours: Array.from({ length: 7 }, (_, h) => range(2, `0${h}:00`, `0${h}:30`)) }, "businessHours.6"],
    ["an unknown time zone", { timezone: "Mars/Olympus" }, "timezone"],
    ["an empty time zone", { timezone: "" }, "timezone"],
    ["a date that doesn't exist as holiday", { holidays: ["2026-02-30"] }, "holidays.0"],
    ["a holiday in another format", { holidays: ["2026-08-17", "25/12/2026"] }, "holidays.1"],
    ["a locale not offered", { locale: "fr-FR" }, "locale"],
    ["an unknown currency", { currency: "RUPIAH" }, "currency"],
    ["an empty name", { name: "   " }, "name"],
  ])("refuses %s with a field error and leaves the organization unchanged", async (_name, overrides, path) => {
    const before = await getOrganization(db, { orgId: org.orgId });
    const audit = await auditCount(db, org.orgId);
    const error = await updateOrganizationSettings(db, { actor: admin, input: settings(overrides) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((i) => i.path.join("."))).toContain(path);
    expect(await getOrganization(db, { orgId: org.orgId })).toEqual(before);
    expect(await auditCount(db, org.orgId)).toBe(audit);
  });

  it.each(["supervisor", "agent"] as const)("%s can't change settings (403)", async (role) => {
    const actor = await signInAs(db, org, role);
    const before = await getOrganization(db, { orgId: org.orgId });
    await expectUserError(updateOrganizationSettings(db, { actor, input: settings({ name: "Renamed by " + role }) }), 403);
    expect(await getOrganization(db, { orgId: org.orgId })).toEqual(before);
  });

  it("schemas: time zones must be IANA names; holiday dates are real calendar dates", () => {
    expect(timeZoneSchema.safeParse("Asia/Jakarta").success).toBe(true);
    expect(timeZoneSchema.safeParse("UTC").success).toBe(true);
    expect(timeZoneSchema.safeParse("Mars/Olympus").success).toBe(false);
    expect(timeZoneSchema.safeParse("Asia/Jakarta".repeat(6)).success).toBe(false);
    expect(holidaysSchema.safeParse(["2028-02-29"]).success).toBe(true);
    expect(holidaysSchema.safeParse(["2026-02-29"]).success).toBe(false);
    expect(holidaysSchema.safeParse(Array.from({ length: 101 }, (_, i) => `2027-01-${String((i % 28) + 1).padStart(2, "0")}`)).success).toBe(false);
    expect(businessHoursSchema.parse([{ day: "5", open: "09:00", close: "10:00" }])).toEqual([{ day: 5, open: "09:00", close: "10:00" }]);
  });
});

describe("isWithinBusinessHours", () => {
  const jakarta = { businessHours: WEEKDAYS_8_TO_5, holidays: [] as string[], timezone: "Asia/Jakarta" };
  const at = (iso: string) => new Date(iso);

  it("reads the schedule in the org's time zone: Monday 08:30 in Jakarta is Monday 01:30 UTC", () => {
    expect(isWithinBusinessHours(jakarta, at("2026-03-02T01:30:00Z"))).toBe(true);
    expect(isWithinBusinessHours({ ...jakarta, timezone: "UTC" }, at("2026-03-02T01:30:00Z"))).toBe(false);
    expect(isWithinBusinessHours({ ...jakarta, timezone: "UTC" }, at("2026-03-02T08:30:00Z"))).toBe(true);
  });

  it("opens inclusive and closes exclusive", () => {
    expect(isWithinBusinessHours(jakarta, at("2026-03-02T00:59:59Z"))).toBe(false); // 07:59:59
    expect(isWithinBusinessHours(jakarta, at("2026-03-02T01:00:00Z"))).toBe(true); // 08:00
    expect(isWithinBusinessHours(jakarta, at("2026-03-02T09:59:59Z"))).toBe(true); // 16:59:59
    expect(isWithinBusinessHours(jakarta, at("2026-03-02T10:00:00Z"))).toBe(false); // 17:00
  });

  it("takes the weekday from the local date (Sunday evening UTC is Monday morning in Jakarta)", () => {
    const earlyMonday = { ...jakarta, businessHours: [{ day: 1, open: "00:00", close: "02:00" }] as BusinessHours };
    expect(isWithinBusinessHours(earlyMonday, at("2026-03-01T18:00:00Z"))).toBe(true); // Mon 01:00 WIB
    expect(isWithinBusinessHours({ ...earlyMonday, timezone: "UTC" }, at("2026-03-01T18:00:00Z"))).toBe(false); // Sun 18:00
    expect(isWithinBusinessHours(jakarta, at("2026-03-07T02:00:00Z"))).toBe(false); // Saturday 09:00
  });

  it("is closed all day on a holiday, by the local date", () => {
    expect(isWithinBusinessHours({ ...jakarta, holidays: ["2026-03-02"] }, at("2026-03-02T01:30:00Z"))).toBe(false);
    // 2026-03-03 03:00 WIB is still 2026-03-02 in UTC
    const allDayTuesday = { ...jakarta, businessHours: [{ day: 2, open: "00:00", close: "24:00" }] as BusinessHours };
    expect(isWithinBusinessHours(allDayTuesday, at("2026-03-02T20:00:00Z"))).toBe(true);
    expect(isWithinBusinessHours({ ...allDayTuesday, holidays: ["2026-03-03"] }, at("2026-03-02T20:00:00Z"))).toBe(false);
    expect(isWithinBusinessHours({ ...allDayTuesday, holidays: ["2026-03-02"] }, at("2026-03-02T20:00:00Z"))).toBe(true);
  });

  it("follows daylight saving time where the zone has it", () => {
    const newYork = { businessHours: [{ day: 1, open: "09:00", close: "17:00" }, { day: 5, open: "09:00", close: "17:00" }] as BusinessHours, holidays: [], timezone: "America/New_York" };
    expect(isWithinBusinessHours(newYork, at("2026-03-06T13:30:00Z"))).toBe(false); // Fri 08:30 EST
    expect(isWithinBusinessHours(newYork, at("2026-03-09T13:30:00Z"))).toBe(true); // Mon 09:30 EDT
  });

  it("uses several ranges a day (a lunch break is closed)", () => {
    const split = { ...jakarta, businessHours: [{ day: 1, open: "08:00", close: "12:00" }, { day: 1, open: "13:00", close: "17:00" }] as BusinessHours };
    expect(isWithinBusinessHours(split, at("2026-03-02T04:59:00Z"))).toBe(true); // 11:59
    expect(isWithinBusinessHours(split, at("2026-03-02T05:30:00Z"))).toBe(false); // 12:30
    expect(isWithinBusinessHours(split, at("2026-03-02T06:00:00Z"))).toBe(true); // 13:00
  });
});

describe("plan and feature flags", () => {
  const enterpriseNoForecast = { plan: "enterprise", aiAgentAddon: true, botTrafficSplitEnabled: true, aiAgentImpactReport: true, aiAgentImpactReportForecast: false };
  const flagsOf = async (orgId: string) => {
    const o = (await getOrganization(db, { orgId }))!;
    return { plan: o.plan, aiAgentAddon: o.aiAgentAddon, botTrafficSplitEnabled: o.botTrafficSplitEnabled, aiAgentImpactReport: o.aiAgentImpactReport, aiAgentImpactReportForecast: o.aiAgentImpactReportForecast };
  };

  it.each(["admin", "supervisor", "agent"] as const)("%s can't change them (403) and nothing is written", async (role) => {
    const org = await seedTestOrg(db);
    const before = await flagsOf(org.orgId);
    await expectUserError(updatePlanAndFlags(db, { actor: await signInAs(db, org, role), input: enterpriseNoForecast, managed: false }), 403, /owner/);
    expect(await flagsOf(org.orgId)).toEqual(before);
    expect(await auditCount(db, org.orgId)).toBe(0);
  });

  it("the owner changes them; each change writes one audit entry with from/to; the same values again write none", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    expect(await updatePlanAndFlags(db, { actor: owner, input: enterpriseNoForecast, managed: false })).toEqual(["plan", "aiAgentImpactReportForecast"]);
    expect(await flagsOf(org.orgId)).toEqual(enterpriseNoForecast);
    // unchecked boxes are absent from the form: they mean "off"
    expect(await updatePlanAndFlags(db, { actor: owner, input: { plan: "starter", aiAgentAddon: true }, managed: false })).toEqual(["plan", "botTrafficSplitEnabled", "aiAgentImpactReport"]);
    expect(await updatePlanAndFlags(db, { actor: owner, input: { plan: "starter", aiAgentAddon: true }, managed: false })).toEqual([]);

    const entries = await auditEntries(db, org.orgId);
    expect(entries.map((e) => ({ actor: e.actorName, area: e.area, action: e.action, changes: e.changes }))).toEqual([
      {
        actor: "Dewi Lestari", area: "flags", action: "organization.plan_and_flags_changed",
        changes: { plan: { from: "professional", to: "enterprise" }, aiAgentImpactReportForecast: { from: true, to: false } },
      },
      {
        actor: "Dewi Lestari", area: "flags", action: "organization.plan_and_flags_changed",
        changes: { plan: { from: "enterprise", to: "starter" }, botTrafficSplitEnabled: { from: true, to: false }, aiAgentImpactReport: { from: true, to: false } },
      },
      // no longer eligible for the traffic split: the demo's split channel stops splitting (issue 15 item 5)
      {
        actor: "Dewi Lestari", area: "split", action: "traffic_split.disabled",
        changes: { enabled: { from: true, to: false }, reason: { from: null, to: "plan_not_eligible, flag_off" } },
      },
    ]);
  });

  it("when the provider manages plans even the owner is refused (403)", async () => {
    const org = await seedTestOrg(db);
    const before = await flagsOf(org.orgId);
    await expectUserError(updatePlanAndFlags(db, { actor: await signInAs(db, org, "owner"), input: enterpriseNoForecast, managed: true }), 403, /managed by your provider/);
    expect(await flagsOf(org.orgId)).toEqual(before);
    expect(await auditCount(db, org.orgId)).toBe(0);
  });

  it("refuses an unknown plan with a field error", async () => {
    const org = await seedTestOrg(db);
    const error = await updatePlanAndFlags(db, { actor: await signInAs(db, org, "owner"), input: { plan: "platinum" }, managed: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((i) => i.path.join("."))).toEqual(["plan"]);
    expect((await flagsOf(org.orgId)).plan).toBe("professional");
  });
});
