/**
 * The org's cost assumption (001_… IMPACT-S04 AC-1, AC-3, ERR-1, permission model; §11 `cost_assumption_updated`):
 * owners and admins save it (one row per org, an audit entry in area "reports", one event), everyone else — and orgs
 * without the report — are refused, and bad input is refused field by field with nothing persisted.
 */
import { asc, eq } from "drizzle-orm";
import { ZodError } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { costAssumptions, events, organizations } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { UserError } from "@/lib/errors/user-error";
import { seedTestOrg, testDb } from "@/test/db";
import { auditEntries, signInAs, userIdOf } from "@/test/members";
import { costAssumptionSchema, getCostAssumption, saveCostAssumption, workAbsorbed } from "./cost-assumption";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
});

async function rowsOf(org: Org) {
  return db.select().from(costAssumptions).where(eq(costAssumptions.orgId, org.orgId));
}

async function eventsOf(org: Org) {
  return db.select().from(events).where(eq(events.orgId, org.orgId)).orderBy(asc(events.id));
}

/** Everything a save could write for `org`. */
async function persisted(org: Org) {
  return { rows: (await rowsOf(org)).length, audit: (await auditEntries(db, org.orgId)).length, events: (await eventsOf(org)).length };
}

async function save(org: Org, role: Role, input: unknown) {
  return saveCostAssumption(db, { actor: await signInAs(db, org, role), input });
}

/** The rejection of `promise` (fails the test when it resolves). */
async function refusal(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, "expected the save to be refused").not.toBeNull();
  return error;
}

/** The schema's messages by field, or null when the input is valid. */
function messages(input: unknown): Record<string, string[]> | null {
  const r = costAssumptionSchema.safeParse(input);
  if (r.success) return null;
  const out: Record<string, string[]> = {};
  for (const issue of r.error.issues) (out[issue.path.join(".")] ??= []).push(issue.message);
  return out;
}

describe("workAbsorbed (IMPACT-S04 AC-1)", () => {
  it("contained × minutes → hours × rate", () => {
    // 120 × 6 min = 720 min = 12 h; 12 × Rp 50.000 = Rp 600.000
    expect(workAbsorbed(120, { agentHourRate: 50_000, minutesPerConversation: 6 })).toEqual({ minutes: 720, hours: 12, rupiah: 600_000 });
    // 7 × 5 min = 35 min = 0.5833 h; × 100 000 = 58 333.3 → Rp 58.333
    expect(workAbsorbed(7, { agentHourRate: 100_000, minutesPerConversation: 5 })).toEqual({ minutes: 35, hours: 35 / 60, rupiah: 58_333 });
    expect(workAbsorbed(0, { agentHourRate: 100_000, minutesPerConversation: 5 })).toEqual({ minutes: 0, hours: 0, rupiah: 0 });
  });
});

describe("saveCostAssumption: who may save", () => {
  it.each(["owner", "admin"] as const)("%s saves: the row, an audit entry (area reports) and cost_assumption_updated", async (role) => {
    const org = await seedTestOrg(db);
    const userId = await userIdOf(db, org, role);
    expect(await getCostAssumption(db, org.orgId)).toBeNull(); // no default (AC-3)

    const saved = await save(org, role, { agentHourRate: "50000", minutesPerConversation: "6" });
    expect(saved).toMatchObject({ agentHourRate: 50_000, minutesPerConversation: 6, updatedBy: userId });
    expect(await getCostAssumption(db, org.orgId)).toMatchObject({ agentHourRate: 50_000, minutesPerConversation: 6, updatedBy: userId });

    const audit = await auditEntries(db, org.orgId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      area: "reports",
      action: "impact.cost_assumption_updated",
      actorUserId: userId,
      changes: { agentHourRate: { from: null, to: 50_000 }, minutesPerConversation: { from: null, to: 6 } },
    });

    const evs = await eventsOf(org);
    expect(evs.map((e) => e.name)).toEqual(["cost_assumption_updated"]);
    expect(evs[0]!.userId).toBe(userId);
    expect(evs[0]!.properties).toEqual({ org_id: org.orgId, agent_hour_rate: 50_000, minutes_per_conversation: 6, timestamp: expect.any(String) });
    expect(Number.isNaN(Date.parse(evs[0]!.properties.timestamp as string))).toBe(false);
  });

  it.each(["supervisor", "agent"] as const)("%s is refused with 403 and nothing is written", async (role) => {
    const org = await seedTestOrg(db);
    const error = await refusal(save(org, role, { agentHourRate: "50000", minutesPerConversation: "6" }));
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).status).toBe(403);
    expect(await persisted(org)).toEqual({ rows: 0, audit: 0, events: 0 });
    // the role is checked before the input: bad values from a supervisor are a 403 too, not field errors
    expect(((await refusal(save(org, role, { agentHourRate: "-1", minutesPerConversation: "x" }))) as UserError).status).toBe(403);
  });

  it.each([
    ["without the AI add-on", { aiAgentAddon: false }],
    ["without the ai_agent_impact_report flag", { aiAgentImpactReport: false }],
  ] as const)("an owner of an org %s is refused with 403", async (_label, flags) => {
    const org = await seedTestOrg(db);
    await db.update(organizations).set(flags).where(eq(organizations.id, org.orgId));
    const error = await refusal(save(org, "owner", { agentHourRate: "50000", minutesPerConversation: "6" }));
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).status).toBe(403);
    expect(await persisted(org)).toEqual({ rows: 0, audit: 0, events: 0 });
  });
});

describe("saveCostAssumption: re-saving", () => {
  it("updates the one row in place and audits only what changed", async () => {
    const org = await seedTestOrg(db);
    const adminId = await userIdOf(db, org, "admin");
    await save(org, "owner", { agentHourRate: 50_000, minutesPerConversation: 6 });
    await save(org, "admin", { agentHourRate: "Rp 75.000", minutesPerConversation: "6" });

    const rows = await rowsOf(org);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ agentHourRate: 75_000, minutesPerConversation: 6, updatedBy: adminId });
    const audit = await auditEntries(db, org.orgId);
    expect(audit).toHaveLength(2);
    expect(audit[1]!.changes).toEqual({ agentHourRate: { from: 50_000, to: 75_000 } }); // minutes unchanged: not listed
    expect((await eventsOf(org)).map((e) => e.properties.agent_hour_rate)).toEqual([50_000, 75_000]);

    // the same values again: still one row, no audit entry without a change
    await save(org, "admin", { agentHourRate: "75000", minutesPerConversation: 6 });
    expect(await rowsOf(org)).toHaveLength(1);
    expect(await auditEntries(db, org.orgId)).toHaveLength(2);
  });
});

describe("costAssumptionSchema and saveCostAssumption: validation (IMPACT-S04 ERR-1)", () => {
  it.each([
    ["negative", { agentHourRate: "-5000", minutesPerConversation: "-1" }, ["Enter at least Rp 1.000 an hour."], ["Enter at least 1 minute."]],
    ["zero", { agentHourRate: "0", minutesPerConversation: "0" }, ["Enter at least Rp 1.000 an hour."], ["Enter at least 1 minute."]],
    ["non-numeric", { agentHourRate: "abc", minutesPerConversation: "ten" }, ["Enter an amount in rupiah."], ["Enter minutes as a number."]],
    ["decimals", { agentHourRate: "1500.5", minutesPerConversation: 2.5 }, ["Enter whole rupiah, without cents."], ["Enter whole minutes."]],
    ["above the bounds", { agentHourRate: "10000001", minutesPerConversation: "481" }, ["Enter at most Rp 10.000.000 an hour."], ["Enter at most 480 minutes (8 hours)."]],
    ["empty", { agentHourRate: "", minutesPerConversation: "" }, ["Enter your agents' cost per hour."], ["Enter the average minutes per conversation."]],
    ["missing (form fields absent → null)", { agentHourRate: null, minutesPerConversation: null }, ["Enter your agents' cost per hour."], ["Enter the average minutes per conversation."]],
    ["missing keys", {}, ["Enter your agents' cost per hour."], ["Enter the average minutes per conversation."]],
  ])("%s: a message per field, nothing persisted", async (_label, input, rate, minutes) => {
    expect(messages(input)).toEqual({ agentHourRate: rate, minutesPerConversation: minutes });

    const org = await seedTestOrg(db);
    const error = await refusal(save(org, "owner", input));
    expect(error).toBeInstanceOf(ZodError);
    expect(await persisted(org)).toEqual({ rows: 0, audit: 0, events: 0 });
  });

  it("one bad field refuses the whole save", async () => {
    expect(messages({ agentHourRate: "50000" })).toEqual({ minutesPerConversation: ["Enter the average minutes per conversation."] });
    expect(messages({ agentHourRate: "999", minutesPerConversation: "6" })).toEqual({ agentHourRate: ["Enter at least Rp 1.000 an hour."] });
    const org = await seedTestOrg(db);
    await refusal(save(org, "owner", { agentHourRate: "50000", minutesPerConversation: "481" }));
    expect(await persisted(org)).toEqual({ rows: 0, audit: 0, events: 0 });
  });

  it("reads rupiah the Indonesian way and accepts the bounds themselves", () => {
    expect(costAssumptionSchema.parse({ agentHourRate: "Rp 150.000", minutesPerConversation: "6" })).toEqual({ agentHourRate: 150_000, minutesPerConversation: 6 });
    expect(costAssumptionSchema.parse({ agentHourRate: "150.000", minutesPerConversation: 6 })).toEqual({ agentHourRate: 150_000, minutesPerConversation: 6 });
    expect(costAssumptionSchema.parse({ agentHourRate: "Rp1.250.000", minutesPerConversation: " 6 " })).toEqual({ agentHourRate: 1_250_000, minutesPerConversation: 6 });
    expect(costAssumptionSchema.parse({ agentHourRate: "1000", minutesPerConversation: "1" })).toEqual({ agentHourRate: 1_000, minutesPerConversation: 1 });
    expect(costAssumptionSchema.parse({ agentHourRate: "Rp 10.000.000", minutesPerConversation: "480" })).toEqual({ agentHourRate: 10_000_000, minutesPerConversation: 480 });
    // a comma is the decimal separator in id-ID: 150,000 reads as rupiah with cents
    expect(messages({ agentHourRate: "150,000", minutesPerConversation: "6" })).toEqual({ agentHourRate: ["Enter whole rupiah, without cents."] });
  });

  it("takes only digits: exponent, hex, booleans and blanks are not numbers", () => {
    expect(messages({ agentHourRate: "1e5", minutesPerConversation: "0x10" })).toEqual({ agentHourRate: ["Enter an amount in rupiah."], minutesPerConversation: ["Enter minutes as a number."] });
    expect(messages({ agentHourRate: true, minutesPerConversation: "   " })).toEqual({ agentHourRate: ["Enter an amount in rupiah."], minutesPerConversation: ["Enter the average minutes per conversation."] });
    expect(messages({ agentHourRate: "50000", minutesPerConversation: "1.5" })).toEqual({ minutesPerConversation: ["Enter whole minutes."] });
  });

  it("saves 'Rp 150.000' as 150000", async () => {
    const org = await seedTestOrg(db);
    await save(org, "owner", { agentHourRate: "Rp 150.000", minutesPerConversation: "10" });
    expect(await getCostAssumption(db, org.orgId)).toMatchObject({ agentHourRate: 150_000, minutesPerConversation: 10 });
  });
});
