/**
 * One view of the impact report (001_… §8 Behavior 1, §11 events, IMPACT-S01 ERR-1): the events a view records —
 * `impact_report_viewed`, `impact_report_baseline_forming`, `impact_forecast_rendered` — or, when the read fails or
 * runs over budget, `impact_report_load_failed`; and who may see the report at all (§6, §9.1 step 2–3, NEG-1, NEG-2).
 * Datamart rows are inserted directly; orgs are in Asia/Jakarta (WIB, UTC+7). 2025-01-06 is a Monday, 2025-06-25 a
 * Wednesday.
 */
import { and, asc, eq, gt, max, type SQL } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { aiActivityDaily, costAssumptions, events, organizations } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import type { Membership } from "@/lib/auth/sessions";
import { addDays } from "@/lib/time/local-day";
import { seedQuietOrg, testDb } from "@/test/db";
import { signInAs } from "@/test/members";
import { impactAccess } from "./impact-access";
import { impactContext } from "./impact-context";
import { viewImpactReport } from "./view-impact-report";

let db: Db;
type Org = Awaited<ReturnType<typeof seedQuietOrg>>;

beforeAll(async () => {
  db = await testDb();
});

/** "Today" is Wednesday 2025-06-25 in Jakarta; the report shows the last 30 days. */
const now = new Date("2025-06-25T05:00:00+07:00");
const last30 = { from: "2025-05-27", to: "2025-06-25", rangeLabel: "30", now };

async function put(org: Org, day: string, counts: { conversations: number; aiResolved: number }) {
  await db.insert(aiActivityDaily).values({
    orgId: org.orgId, channelId: org.channels[0]!.id, day, ...counts,
    aiResolvedReopened: 0, aiAssisted: 0, escalated: 0, afterHours: 0, containedTurns: 0,
    containedSentimentSum: 0, containedSentimentN: 0, escalatedSentimentSum: 0, escalatedSentimentN: 0,
  });
}

/** Events of `org` written after event id `after`, oldest first. */
async function eventsAfter(org: Org, after: number) {
  return db.select().from(events).where(and(eq(events.orgId, org.orgId), gt(events.id, after))).orderBy(asc(events.id));
}
/** The newest event id (any org). */
async function lastEventId(): Promise<number> {
  const [row] = await db.select({ id: max(events.id) }).from(events);
  return Number(row?.id ?? 0);
}

type ViewParams = Parameters<typeof viewImpactReport>[1];
/** Views the report as `member` (business hours set, no forecast, no assumption unless given) and returns its events. */
async function view(org: Org, member: Membership, params: Partial<ViewParams> = {}, on: Db = db) {
  const before = await lastEventId();
  const result = await viewImpactReport(on, { member, businessHoursSet: true, forecast: false, assumption: null, ...last30, ...params });
  return { result, events: await eventsAfter(org, before) };
}

/**
 * `db` with its raw reads (`execute`, which the report uses) replaced; writes (events) still reach the database.
 * @param execute what a read does instead
 */
function withReads(execute: (query: SQL) => Promise<unknown>): Db {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "execute") return execute;
      const value: unknown = Reflect.get(target, prop);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe("viewImpactReport: a loaded report", () => {
  let org: Org;

  beforeAll(async () => {
    org = await seedQuietOrg(db);
    // every Monday from 01-06 (k = 0) to 06-23: 100 conversations, 30 + 2k resolved by the AI alone
    for (let k = 0, day = "2025-01-06"; day <= "2025-06-23"; k++, day = addDays(day, 7)) await put(org, day, { conversations: 100, aiResolved: 30 + 2 * k });
  });

  it("records impact_report_viewed with role, date_range and has_forecast", async () => {
    const supervisor = await signInAs(db, org, "supervisor");
    const { result, events: evs } = await view(org, supervisor);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.baselineForming).toBe(false);
    // 05-27..06-25 holds Mondays 06-02, 06-09, 06-16, 06-23 (k = 21..24): (72 + 74 + 76 + 78) / 400 = 0.75
    expect(result.report.containment!.net).toBeCloseTo(0.75, 12);
    expect(evs.map((e) => e.name)).toEqual(["impact_report_viewed"]);
    expect(evs[0]!.userId).toBe(supervisor.userId);
    expect(evs[0]!.properties).toEqual({ org_id: org.orgId, role: "supervisor", date_range: "30", has_forecast: false, timestamp: expect.any(String) });
  });

  it("with the forecast flag: has_forecast and impact_forecast_rendered with the projection and the baseline", async () => {
    const owner = await signInAs(db, org, "owner");
    const { result, events: evs } = await view(org, owner, { forecast: true, rangeLabel: "2025-05-27..2025-06-25" });
    expect(result.ok && result.report.forecast).toBeTruthy();
    expect(evs.map((e) => e.name)).toEqual(["impact_report_viewed", "impact_forecast_rendered"]);
    expect(evs[0]!.properties).toMatchObject({ role: "owner", date_range: "2025-05-27..2025-06-25", has_forecast: true });
    // fitted on the 12 complete weeks 03-31 (k = 12, net 0.54) … 06-16 (0.76), +0.02 a week; the next 4 weeks'
    // mean sits 13.5 weeks after 03-31 → 0.54 + 0.27 = 0.81. Baseline: Mondays 01-06 … 02-03 = (30 + 32 + 34 + 36 + 38) / 500 = 0.34
    expect(evs[1]!.properties).toEqual({ org_id: org.orgId, projected_containment: 0.81, baseline_containment: 0.34, timestamp: expect.any(String) });
  });
});

describe("viewImpactReport: baseline forming", () => {
  it("records impact_report_baseline_forming with days_of_data and conversation_count", async () => {
    const org = await seedQuietOrg(db);
    await put(org, "2025-06-10", { conversations: 12, aiResolved: 5 });
    const admin = await signInAs(db, org, "admin");
    const { result, events: evs } = await view(org, admin, { forecast: true });
    expect(result.ok && result.report.baselineForming).toBe(true);
    expect(evs.map((e) => e.name)).toEqual(["impact_report_viewed", "impact_report_baseline_forming"]);
    expect(evs[0]!.properties).toMatchObject({ role: "admin", has_forecast: false });
    // 06-10 .. 06-25 = 16 days; 12 conversations
    expect(evs[1]!.properties).toEqual({ org_id: org.orgId, days_of_data: 16, conversation_count: 12, timestamp: expect.any(String) });
  });
});

describe("viewImpactReport: failures (IMPACT-S01 ERR-1)", () => {
  let org: Org;
  let owner: Membership;

  beforeAll(async () => {
    org = await seedQuietOrg(db);
    await put(org, "2025-05-01", { conversations: 10, aiResolved: 5 }); // data since 05-01: 56 days
    await put(org, "2025-06-10", { conversations: 40, aiResolved: 20 });
    owner = await signInAs(db, org, "owner");
  });

  function expectFailure(res: Awaited<ReturnType<typeof view>>, reason: "timeout" | "query_failed") {
    expect(res.result).toEqual({ ok: false, reason, latencyMs: expect.any(Number) });
    expect(res.events.map((e) => e.name)).toEqual(["impact_report_load_failed"]);
    const props = res.events[0]!.properties;
    expect(props).toEqual({ org_id: org.orgId, reason, latency_ms: expect.any(Number), timestamp: expect.any(String) });
    expect(Number.isInteger(props.latency_ms)).toBe(true);
    expect(props.latency_ms).toBeGreaterThanOrEqual(0);
    return props.latency_ms as number;
  }

  it("Postgres rejecting the query (a channel id that is not a uuid) → query_failed", async () => {
    expectFailure(await view(org, owner, { channelId: "not-a-uuid" }), "query_failed");
  });

  it("a database whose reads reject → query_failed", async () => {
    const broken = withReads(() => Promise.reject(new Error("connection reset")));
    expectFailure(await view(org, owner, {}, broken), "query_failed");
  });

  it("a read slower than the budget → timeout, reported with its latency", async () => {
    // reads take 2 s; the budget is 50 ms
    const slow = withReads(() => new Promise((_, reject) => setTimeout(() => reject(new Error("too late")), 2_000)));
    const latency = expectFailure(await view(org, owner, { timeoutMs: 50 }, slow), "timeout");
    expect(latency).toBeGreaterThanOrEqual(45);
    expect(latency).toBeLessThan(2_000);
  });

  it("a slow read inside the budget is not a timeout", async () => {
    // each read waits 20 ms, then runs on the real database; the budget is 2 s
    const slowish = withReads(async (query) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return db.execute(query);
    });
    expect((await view(org, owner, { timeoutMs: 2_000 }, slowish)).result.ok).toBe(true);
  });

  it("the same org loads fine again with a normal budget (Retry)", async () => {
    const res = await view(org, owner);
    expect(res.result.ok).toBe(true);
    expect(res.events.map((e) => e.name)).toEqual(["impact_report_viewed"]);
  });
});

describe("impactAccess (§6, §9.1 step 2–3, IMPACT-S01-NEG)", () => {
  const on = { aiAgentAddon: true, aiAgentImpactReport: true, aiAgentImpactReportForecast: true };

  it.each<[string, Partial<typeof on>, Role, { canView: boolean; canEditCost: boolean; forecast: boolean }]>([
    ["owner, everything on", {}, "owner", { canView: true, canEditCost: true, forecast: true }],
    ["admin, everything on", {}, "admin", { canView: true, canEditCost: true, forecast: true }],
    ["supervisor sees but can't edit the cost", {}, "supervisor", { canView: true, canEditCost: false, forecast: true }],
    ["agent sees nothing", {}, "agent", { canView: false, canEditCost: false, forecast: false }],
    ["report flag off", { aiAgentImpactReport: false }, "owner", { canView: false, canEditCost: false, forecast: false }],
    ["no AI add-on", { aiAgentAddon: false }, "owner", { canView: false, canEditCost: false, forecast: false }],
    ["forecast sub-flag off", { aiAgentImpactReportForecast: false }, "admin", { canView: true, canEditCost: true, forecast: false }],
    ["forecast sub-flag alone is not enough", { aiAgentImpactReport: false }, "supervisor", { canView: false, canEditCost: false, forecast: false }],
  ])("%s", (_label, flags, role, expected) => {
    expect(impactAccess({ ...on, ...flags }, role)).toEqual(expected);
  });
});

describe("impactContext", () => {
  it("null for members who may not see the report; the org's access and assumption otherwise", async () => {
    const org = await seedQuietOrg(db);
    expect(await impactContext(db, { orgId: org.orgId, role: "agent" })).toBeNull();
    const supervisor = await impactContext(db, { orgId: org.orgId, role: "supervisor" });
    expect(supervisor).toMatchObject({ org: { id: org.orgId }, access: { canView: true, canEditCost: false, forecast: true }, assumption: null });

    await db.insert(costAssumptions).values({ orgId: org.orgId, agentHourRate: 50_000, minutesPerConversation: 6 });
    expect((await impactContext(db, { orgId: org.orgId, role: "owner" }))?.assumption).toMatchObject({ agentHourRate: 50_000, minutesPerConversation: 6 });

    await db.update(organizations).set({ aiAgentAddon: false }).where(eq(organizations.id, org.orgId));
    expect(await impactContext(db, { orgId: org.orgId, role: "owner" })).toBeNull();
  });
});
