/**
 * Saving a channel's traffic split (000_… BTS-S01, S01-NEG, S01-NEG2, §7 behaviour 1, §10): who may save, the
 * org flag and plan, the channel's org, the percentage rules — and that a refusal persists nothing (channel row,
 * audit log, events), while a save writes the channel, one audit entry and `bot_traffic_split_config_saved`.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { z, ZodError } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { channelIntegrations, events, organizations } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { seedTestOrg, testDb } from "@/test/db";
import { auditEntries, signInAs } from "@/test/members";
import { BOT_PERCENT_ERROR, recordTrafficSplitSaveFailed, saveTrafficSplit, trafficSplitAvailable } from "./traffic-split-config";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
});

async function channelRow(id: string) {
  const [row] = await db
    .select({ enabled: channelIntegrations.trafficSplitEnabled, botPercent: channelIntegrations.botPercent, updatedAt: channelIntegrations.updatedAt })
    .from(channelIntegrations)
    .where(eq(channelIntegrations.id, id));
  return row!;
}

async function orgEvents(orgId: string) {
  return db.select().from(events).where(eq(events.orgId, orgId)).orderBy(asc(events.id));
}

/** Everything a save could write for `org`: both channels, the audit log and the events. */
async function persisted(org: Org) {
  return {
    channels: await Promise.all(org.channels.map((c) => channelRow(c.id))),
    audit: (await auditEntries(db, org.orgId)).length,
    events: (await orgEvents(org.orgId)).length,
  };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, "expected the save to be refused").not.toBeNull();
  return error;
}

describe("saveTrafficSplit", () => {
  it("an admin saves 30 %: the channel, one audit entry (area split) and bot_traffic_split_config_saved (AC-1)", async () => {
    const org = await seedTestOrg(db);
    const admin = await signInAs(db, org, "admin");
    const channel = org.channels[0]!;
    const now = new Date("2026-03-02T04:05:06Z");
    expect(await saveTrafficSplit(db, { actor: admin, channelId: channel.id, input: { enabled: true, botPercent: 30 }, now })).toEqual({ enabled: true, botPercent: 30 });

    expect(await channelRow(channel.id)).toEqual({ enabled: true, botPercent: 30, updatedAt: now });
    // the other channel keeps its own setting
    expect(await channelRow(org.channels[1]!.id)).toMatchObject({ enabled: false, botPercent: 100 });
    const audit = await auditEntries(db, org.orgId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      area: "split", action: "traffic_split.saved", actorUserId: admin.userId, actorName: admin.name, targetId: channel.id, targetLabel: channel.name,
      changes: { enabled: { from: false, to: true }, bot_percent: { from: 100, to: 30 } },
    });
    const saved = (await orgEvents(org.orgId)).filter((e) => e.name === "bot_traffic_split_config_saved");
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ userId: admin.userId, occurredAt: now });
    expect(saved[0]!.properties).toEqual({ channel_integration_id: channel.id, bot_percent: 30, enabled: true, actor_id: admin.userId, timestamp: now.toISOString() });
  });

  it("an owner saves too; the edges 0 and 100 and a typed \"45\" are accepted; turning the split off keeps the percentage", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    const channelId = org.channels[1]!.id;
    for (const [input, expected] of [
      [{ enabled: true, botPercent: 0 }, { enabled: true, botPercent: 0 }],
      [{ enabled: true, botPercent: 100 }, { enabled: true, botPercent: 100 }],
      [{ enabled: true, botPercent: " 45 " }, { enabled: true, botPercent: 45 }],
      [{ enabled: false, botPercent: "45" }, { enabled: false, botPercent: 45 }],
    ] as const) {
      expect(await saveTrafficSplit(db, { actor: owner, channelId, input })).toEqual(expected);
      expect(await channelRow(channelId)).toMatchObject(expected);
    }
    const audit = await auditEntries(db, org.orgId);
    expect(audit.map((a) => a.changes)).toEqual([
      { enabled: { from: false, to: true }, bot_percent: { from: 100, to: 0 } },
      { bot_percent: { from: 0, to: 100 } },
      { bot_percent: { from: 100, to: 45 } },
      { enabled: { from: true, to: false } },
    ]);
    const saved = (await orgEvents(org.orgId)).filter((e) => e.name === "bot_traffic_split_config_saved");
    expect(saved.map((e) => [e.properties.enabled, e.properties.bot_percent, e.properties.actor_id])).toEqual([
      [true, 0, owner.userId], [true, 100, owner.userId], [true, 45, owner.userId], [false, 45, owner.userId],
    ]);
  });

  it.each([[150], [-5], ["30%"], [2.5], [""], ["abc"], ["1e2"], [101]])(
    "refuses bot_percent %j with \"Enter a whole number between 0 and 100\" and persists nothing (ERR-1)",
    async (botPercent) => {
      const org = await seedTestOrg(db);
      const admin = await signInAs(db, org, "admin");
      const before = await persisted(org);
      const error = await refusal(saveTrafficSplit(db, { actor: admin, channelId: org.channels[0]!.id, input: { enabled: true, botPercent } }));
      expect(error).toBeInstanceOf(ZodError);
      expect(z.flattenError(error as ZodError).fieldErrors).toEqual({ botPercent: [BOT_PERCENT_ERROR] });
      expect(BOT_PERCENT_ERROR).toBe("Enter a whole number between 0 and 100");
      expect(await persisted(org)).toEqual(before);
    },
  );

  it.each(["supervisor", "agent"] as const)("a %s is refused with 403 and nothing is persisted (permission model)", async (role) => {
    const org = await seedTestOrg(db);
    const actor = await signInAs(db, org, role);
    const before = await persisted(org);
    const error = await refusal(saveTrafficSplit(db, { actor, channelId: org.channels[0]!.id, input: { enabled: true, botPercent: 30 } }));
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).status).toBe(403);
    expect(await persisted(org)).toEqual(before);
  });

  it.each([
    ["the org flag bot_traffic_split_enabled is off (S01-NEG NEG-1)", { botTrafficSplitEnabled: false }],
    ["the org is on the starter plan (S01-NEG2 NEG-2)", { plan: "starter" as const }],
    ["the org has no AI add-on (issue 15 item 5)", { aiAgentAddon: false }],
  ])("refuses with 403 when %s, persisting nothing — even a valid admin request", async (_name, orgChange) => {
    const org = await seedTestOrg(db);
    const admin = await signInAs(db, org, "admin");
    await db.update(organizations).set(orgChange).where(eq(organizations.id, org.orgId));
    const before = await persisted(org);
    const error = await refusal(saveTrafficSplit(db, { actor: admin, channelId: org.channels[0]!.id, input: { enabled: true, botPercent: 30 } }));
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).status).toBe(403);
    expect(await persisted(org)).toEqual(before);
  });

  it("the enterprise plan may use the split", async () => {
    const org = await seedTestOrg(db);
    await db.update(organizations).set({ plan: "enterprise" }).where(eq(organizations.id, org.orgId));
    const admin = await signInAs(db, org, "admin");
    expect(await saveTrafficSplit(db, { actor: admin, channelId: org.channels[0]!.id, input: { enabled: true, botPercent: 10 } })).toEqual({ enabled: true, botPercent: 10 });
  });

  it("answers 404 for another org's channel (or a made-up id) and changes neither org", async () => {
    const org = await seedTestOrg(db);
    const other = await seedTestOrg(db);
    const admin = await signInAs(db, org, "admin");
    const before = [await persisted(org), await persisted(other)];
    for (const channelId of [other.channels[0]!.id, randomUUID(), "not-a-uuid"]) {
      const error = await refusal(saveTrafficSplit(db, { actor: admin, channelId, input: { enabled: true, botPercent: 30 } }));
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).status).toBe(404);
    }
    expect([await persisted(org), await persisted(other)]).toEqual(before);
  });

  it("a refused save keeps the previously saved value (ERR-2: prior value kept)", async () => {
    const org = await seedTestOrg(db);
    const admin = await signInAs(db, org, "admin");
    const channelId = org.channels[0]!.id;
    await saveTrafficSplit(db, { actor: admin, channelId, input: { enabled: true, botPercent: 40 } });
    const before = await persisted(org);
    await refusal(saveTrafficSplit(db, { actor: admin, channelId, input: { enabled: true, botPercent: "400" } }));
    await refusal(saveTrafficSplit(db, { actor: admin, channelId, input: { enabled: "yes", botPercent: 20 } }));
    expect(await persisted(org)).toEqual(before);
    expect(await channelRow(channelId)).toMatchObject({ enabled: true, botPercent: 40 });
  });
});

describe("recordTrafficSplitSaveFailed", () => {
  it("logs bot_traffic_split_save_failed with the channel, actor and error code, changing nothing else", async () => {
    const org = await seedTestOrg(db);
    const admin: Membership = await signInAs(db, org, "admin");
    const channelId = org.channels[0]!.id;
    const before = await channelRow(channelId);
    await recordTrafficSplitSaveFailed(db, { actor: admin, channelId, errorCode: "server_error" });
    await recordTrafficSplitSaveFailed(db, { actor: admin, channelId: "garbage", errorCode: "network" });

    const failed = (await orgEvents(org.orgId)).filter((e) => e.name === "bot_traffic_split_save_failed");
    expect(failed.map((e) => ({ userId: e.userId, ...e.properties, timestamp: typeof e.properties.timestamp }))).toEqual([
      { userId: admin.userId, channel_integration_id: channelId, actor_id: admin.userId, error_code: "server_error", timestamp: "string" },
      { userId: admin.userId, channel_integration_id: null, actor_id: admin.userId, error_code: "network", timestamp: "string" },
    ]);
    expect(await channelRow(channelId)).toEqual(before);
    expect(await auditEntries(db, org.orgId)).toEqual([]);
  });

  it("cuts a long error code to 40 characters and never throws", async () => {
    const org = await seedTestOrg(db);
    const admin = await signInAs(db, org, "admin");
    await expect(recordTrafficSplitSaveFailed(db, { actor: admin, channelId: org.channels[0]!.id, errorCode: "x".repeat(300) })).resolves.toBeUndefined();
    // an actor of an org that doesn't exist can't be recorded (foreign key) — still no throw
    await expect(recordTrafficSplitSaveFailed(db, { actor: { ...admin, orgId: randomUUID() }, channelId: org.channels[0]!.id, errorCode: "db_error" })).resolves.toBeUndefined();
    const [failed] = await db.select().from(events).where(and(eq(events.orgId, org.orgId), eq(events.name, "bot_traffic_split_save_failed")));
    expect(failed!.properties.error_code).toBe("x".repeat(40));
  });
});

describe("trafficSplitAvailable", () => {
  it.each([
    [true, "professional", true, true],
    [true, "enterprise", true, true],
    [true, "starter", true, false],
    [false, "professional", true, false],
    [false, "enterprise", true, false],
    [true, "professional", false, false],
    [true, "enterprise", false, false],
  ] as const)("flag %s on plan %s with the AI add-on %s → %s", (botTrafficSplitEnabled, plan, aiAgentAddon, expected) => {
    expect(trafficSplitAvailable({ botTrafficSplitEnabled, plan, aiAgentAddon })).toBe(expected);
  });
});
