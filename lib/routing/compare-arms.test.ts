/**
 * Bot-vs-human comparison per arm (000_… BTS-S04, §11): conversations with known outcomes are written directly,
 * and every number the comparison view shows is checked by hand — resolution, CSAT, handover, parity, CSAT delta,
 * observed share and routing fidelity, the daily series in the org's local dates, and what is never counted.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversations } from "@/db/schema";
import { seedTestOrg, testDb } from "@/test/db";
import { compareArms, localDates, TARGETS } from "./compare-arms";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
});

type Status = "OPEN" | "WAITING_ASSIGN_AGENT" | "ASSIGNED" | "RESOLVED";
type ClosedReason = "RESOLVE_AI" | "RESOLVE" | "ASSIGN_AGENT" | "ASSIGN_AGENT_AI" | "WAITING_ASSIGN_AGENT" | "SPAM";

/** A conversation with a known outcome. */
async function add(
  org: Org,
  {
    variant, botPercent = 30, status = "OPEN", closedReason = null, csat = null, handoverAt = null,
    createdAt = new Date("2026-03-02T03:00:00Z"), channel = 0,
  }: {
    variant: "bot" | "human" | null; botPercent?: number; status?: Status; closedReason?: ClosedReason | null; csat?: number | null;
    handoverAt?: Date | null; createdAt?: Date; channel?: number;
  },
): Promise<void> {
  await db.insert(conversations).values({
    orgId: org.orgId,
    channelId: org.channels[channel]!.id,
    externalId: `c-${randomUUID()}`,
    contactId: `k-${randomUUID().slice(0, 8)}`,
    variant,
    botPercent: variant === null ? null : botPercent,
    status,
    closedReason,
    closedAt: status === "RESOLVED" ? createdAt : null,
    csatScore: csat,
    handoverAt,
    firstMessagePreview: "hi",
    lastMessageAt: createdAt,
    createdAt,
  });
}

/** Local dates 2026-03-01..2026-03-03 in Asia/Jakarta (UTC+7) as instants. */
const RANGE = {
  from: "2026-03-01",
  to: "2026-03-03",
  start: new Date("2026-02-28T17:00:00Z"),
  end: new Date("2026-03-03T17:00:00Z"),
  timezone: "Asia/Jakarta",
};

const compare = (org: Org, channel?: number) => compareArms(db, { orgId: org.orgId, channelId: channel === undefined ? undefined : org.channels[channel]!.id, ...RANGE });

describe("compareArms", () => {
  it("computes resolution, CSAT and handover per arm, parity, CSAT delta, observed share and fidelity", async () => {
    const org = await seedTestOrg(db);
    const handover = new Date("2026-03-02T03:10:00Z");
    // bot arm: 4 counted conversations, 2 resolved (by the bot and by an agent), CSAT 5 and 3, 2 handed over
    await add(org, { variant: "bot", status: "RESOLVED", closedReason: "RESOLVE_AI", csat: 5 });
    await add(org, { variant: "bot", status: "RESOLVED", closedReason: "RESOLVE", csat: 3, handoverAt: handover });
    await add(org, { variant: "bot", status: "RESOLVED", closedReason: "WAITING_ASSIGN_AGENT", handoverAt: handover });
    await add(org, { variant: "bot", status: "OPEN" });
    // spam never counts, in either arm, whatever else it carries
    await add(org, { variant: "bot", status: "RESOLVED", closedReason: "SPAM", csat: 1, handoverAt: handover });
    await add(org, { variant: "human", status: "RESOLVED", closedReason: "SPAM", csat: 1 });
    // human arm: 6 counted conversations, 4 resolved, CSAT 4 and 5
    await add(org, { variant: "human", status: "RESOLVED", closedReason: "RESOLVE", csat: 4 });
    await add(org, { variant: "human", status: "RESOLVED", closedReason: "RESOLVE", csat: 5 });
    await add(org, { variant: "human", status: "RESOLVED", closedReason: "RESOLVE" });
    await add(org, { variant: "human", status: "RESOLVED", closedReason: "RESOLVE_AI" });
    await add(org, { variant: "human", status: "RESOLVED", closedReason: "ASSIGN_AGENT" });
    await add(org, { variant: "human", status: "RESOLVED", closedReason: "ASSIGN_AGENT_AI" });
    // conversations outside the split never count
    await add(org, { variant: null, status: "RESOLVED", closedReason: "RESOLVE_AI", csat: 5 });

    const result = await compare(org, 0);
    expect(result.bot).toEqual({ conversations: 4, resolved: 2, resolutionRate: 0.5, csatAverage: 4, csatCount: 2, handovers: 2, handoverRate: 0.5 });
    expect(result.human).toMatchObject({ conversations: 6, resolved: 4, csatAverage: 4.5, csatCount: 2, handovers: 0, handoverRate: 0 });
    expect(result.human.resolutionRate).toBeCloseTo(4 / 6, 10);
    expect(result.total).toBe(10);
    expect(result.parity).toBeCloseTo(0.5 / (4 / 6), 10); // 0.75: below the 90 % target
    expect(result.parity!).toBeLessThan(TARGETS.parity);
    expect(result.csatDelta).toBeCloseTo(-0.5, 10);
    expect(result.observedBotShare).toBeCloseTo(0.4, 10);
    expect(result.configuredBotPercent).toBeCloseTo(30, 10);
    expect(result.fidelityPp).toBeCloseTo(10, 10);
  });

  it("a resolved status alone is not 'resolved': only RESOLVE_AI and RESOLVE closings count", async () => {
    const org = await seedTestOrg(db);
    for (const closedReason of ["RESOLVE_AI", "RESOLVE", "WAITING_ASSIGN_AGENT", "ASSIGN_AGENT", "ASSIGN_AGENT_AI", null] as const) {
      await add(org, { variant: "human", status: "RESOLVED", closedReason });
    }
    await add(org, { variant: "human", status: "ASSIGNED" });
    const { human } = await compare(org);
    expect(human).toMatchObject({ conversations: 7, resolved: 2 });
  });

  it("configured bot_percent is the mean in force over the range's conversations", async () => {
    const org = await seedTestOrg(db);
    await add(org, { variant: "bot", botPercent: 20 });
    await add(org, { variant: "human", botPercent: 20 });
    await add(org, { variant: "human", botPercent: 20 });
    await add(org, { variant: "bot", botPercent: 60 });
    const result = await compare(org);
    expect(result.configuredBotPercent).toBeCloseTo(30, 10);
    expect(result.observedBotShare).toBeCloseTo(0.5, 10);
    expect(result.fidelityPp).toBeCloseTo(20, 10);
  });

  it("groups the daily series by the org's local date and counts only the range [start, end)", async () => {
    const org = await seedTestOrg(db);
    await add(org, { variant: "bot", createdAt: new Date("2026-02-28T17:00:00Z") }); // 03-01 00:00 local: first instant
    await add(org, { variant: "human", createdAt: new Date("2026-03-01T16:59:59Z") }); // 03-01 23:59:59 local
    await add(org, { variant: "bot", createdAt: new Date("2026-03-01T18:00:00Z") }); // 03-02 01:00 local (03-01 in UTC)
    await add(org, { variant: "human", createdAt: new Date("2026-03-03T16:59:59Z") }); // 03-03 23:59:59 local
    await add(org, { variant: "bot", createdAt: new Date("2026-03-03T17:00:00Z") }); // 03-04 local: outside
    await add(org, { variant: "human", createdAt: new Date("2026-02-28T16:59:59Z") }); // 02-28 local: outside

    const result = await compare(org);
    expect(result.daily).toEqual([
      { date: "2026-03-01", bot: 1, human: 1 },
      { date: "2026-03-02", bot: 1, human: 0 },
      { date: "2026-03-03", bot: 0, human: 1 },
    ]);
    expect(result.total).toBe(4);
  });

  it("filters by channel, and all channels without one", async () => {
    const org = await seedTestOrg(db);
    await add(org, { variant: "bot", channel: 0, status: "RESOLVED", closedReason: "RESOLVE_AI" });
    await add(org, { variant: "human", channel: 0 });
    await add(org, { variant: "human", channel: 1, status: "RESOLVED", closedReason: "RESOLVE" });
    await add(org, { variant: "human", channel: 1 });
    await add(org, { variant: "human", channel: 1 });

    expect(await compare(org, 0)).toMatchObject({ total: 2, bot: { conversations: 1, resolved: 1 }, human: { conversations: 1, resolved: 0 } });
    expect(await compare(org, 1)).toMatchObject({ total: 3, bot: { conversations: 0 }, human: { conversations: 3, resolved: 1 } });
    expect(await compare(org)).toMatchObject({ total: 5, bot: { conversations: 1 }, human: { conversations: 4, resolved: 1 } });
  });

  it("with no bot-arm conversations (bot % 0) the bot column is 'No data yet' (null), not 0 % (AC-2)", async () => {
    const org = await seedTestOrg(db);
    await add(org, { variant: "human", botPercent: 0, status: "RESOLVED", closedReason: "RESOLVE", csat: 4 });
    await add(org, { variant: "human", botPercent: 0 });
    const result = await compare(org);
    expect(result.bot).toEqual({ conversations: 0, resolved: 0, resolutionRate: null, csatAverage: null, csatCount: 0, handovers: 0, handoverRate: null });
    expect(result.human).toMatchObject({ conversations: 2, resolutionRate: 0.5, csatAverage: 4 });
    expect(result.parity).toBeNull();
    expect(result.csatDelta).toBeNull();
    expect(result.observedBotShare).toBe(0);
    expect(result.configuredBotPercent).toBe(0);
    expect(result.fidelityPp).toBe(0);
  });

  it("parity is null when no human-arm conversation is resolved, and CSAT delta null when one arm has no score", async () => {
    const org = await seedTestOrg(db);
    await add(org, { variant: "bot", status: "RESOLVED", closedReason: "RESOLVE_AI", csat: 5 });
    await add(org, { variant: "human", status: "ASSIGNED" });
    const result = await compare(org);
    expect(result.bot.resolutionRate).toBe(1);
    expect(result.human.resolutionRate).toBe(0);
    expect(result.parity).toBeNull();
    expect(result.human.csatAverage).toBeNull();
    expect(result.csatDelta).toBeNull();
  });

  it("an empty range has no numbers at all, and every day still appears with zeros", async () => {
    const org = await seedTestOrg(db);
    const result = await compare(org);
    expect(result).toMatchObject({ total: 0, parity: null, csatDelta: null, configuredBotPercent: null, observedBotShare: null, fidelityPp: null });
    expect(result.bot.resolutionRate).toBeNull();
    expect(result.human.resolutionRate).toBeNull();
    expect(result.daily).toEqual(localDates("2026-03-01", "2026-03-03").map((date) => ({ date, bot: 0, human: 0 })));
  });

  it("never counts another org's conversations, even on the same dates", async () => {
    const org = await seedTestOrg(db);
    const other = await seedTestOrg(db);
    await add(other, { variant: "bot", status: "RESOLVED", closedReason: "RESOLVE_AI", csat: 1 });
    await add(other, { variant: "human" });
    await add(org, { variant: "human", status: "RESOLVED", closedReason: "RESOLVE", csat: 5 });
    const result = await compare(org);
    expect(result).toMatchObject({ total: 1, bot: { conversations: 0 }, human: { conversations: 1, csatAverage: 5 } });
    // nor when asked for the other org's channel
    expect((await compareArms(db, { orgId: org.orgId, channelId: other.channels[0]!.id, ...RANGE })).total).toBe(0);
  });
});

describe("localDates", () => {
  it("lists every date from..to inclusive, across a month end", () => {
    expect(localDates("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(localDates("2026-03-01", "2026-03-01")).toEqual(["2026-03-01"]);
    expect(localDates("2026-03-02", "2026-03-01")).toEqual([]);
  });
});
