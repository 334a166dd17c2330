/**
 * Experiment health (000_… §10 Alerts): decision-fallback rate > 1 % of split decisions in the last hour, and
 * human-arm queue wait p90 > 15 min during the org's business hours ("configured experiment hours"). Measured
 * from real rows with an injected `now`; alerts are stored once per channel, kind and hour.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, events, operatorAlerts, organizations } from "@/db/schema";
import { seal } from "@/lib/crypto/secret-box";
import { newWebhookSecret } from "@/lib/ingest/sign";
import { seedQuietOrg, seedTestOrg, testDb } from "@/test/db";
import {
  checkExperimentHealth, evaluateExperimentHealth, FALLBACK_RATE_THRESHOLD, listOperatorAlerts, measureExperimentHealth,
  QUEUE_WAIT_P90_THRESHOLD_MIN, type ChannelHealth,
} from "./experiment-health";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
});

const freshOrg = (): Promise<Org> => seedQuietOrg(db);

/** Wednesday 2026-03-04 12:30 in Jakarta (UTC+7): inside the seeded Mon–Fri 08:00–17:00 hours. */
const IN_HOURS = new Date("2026-03-04T05:30:00Z");
/** Wednesday 2026-03-04 22:30 in Jakarta: outside business hours. */
const OUT_OF_HOURS = new Date("2026-03-04T15:30:00Z");
const MIN = 60_000;
const ago = (now: Date, minutes: number) => new Date(now.getTime() - minutes * MIN);

async function splitOn(org: Org, channel = 0) {
  await db.update(channelIntegrations).set({ trafficSplitEnabled: true, botPercent: 30 }).where(eq(channelIntegrations.id, org.channels[channel]!.id));
}

async function tagged(
  org: Org,
  { variant, createdAt, assignedAt = null, channel = 0, status }: { variant: "bot" | "human" | null; createdAt: Date; assignedAt?: Date | null; channel?: number; status?: "OPEN" | "WAITING_ASSIGN_AGENT" | "ASSIGNED" | "RESOLVED" },
) {
  await db.insert(conversations).values({
    orgId: org.orgId,
    channelId: org.channels[channel]!.id,
    externalId: `c-${randomUUID()}`,
    contactId: "k",
    variant,
    botPercent: variant === null ? null : 30,
    status: status ?? (variant === "human" ? (assignedAt ? "ASSIGNED" : "WAITING_ASSIGN_AGENT") : "OPEN"),
    assignedAt,
    firstMessagePreview: "hi",
    lastMessageAt: createdAt,
    createdAt,
  });
}

async function fallback(org: Org, occurredAt: Date, channelId = org.channels[0]!.id) {
  await db.insert(events).values({
    orgId: org.orgId,
    name: "bot_traffic_split_decision_fallback",
    occurredAt,
    properties: { channel_integration_id: channelId, conversation_id: randomUUID(), reason: "invalid_bot_percent", timestamp: occurredAt.toISOString() },
  });
}

async function alertsOf(org: Org) {
  return db.select().from(operatorAlerts).where(eq(operatorAlerts.orgId, org.orgId)).orderBy(asc(operatorAlerts.kind), asc(operatorAlerts.windowStart));
}

const health = (h: Partial<ChannelHealth>): ChannelHealth => ({
  channelId: randomUUID(), channelName: "WhatsApp – Sales", decisions: 0, fallbacks: 0, queueWaitP90Min: null, duringExperimentHours: true, ...h,
});

describe("evaluateExperimentHealth", () => {
  it("alerts when more than 1 % of decisions fell back — not at exactly 1 %, not without decisions", () => {
    expect(FALLBACK_RATE_THRESHOLD).toBe(0.01);
    expect(evaluateExperimentHealth(health({ decisions: 100, fallbacks: 1 }))).toEqual([]);
    expect(evaluateExperimentHealth(health({ decisions: 0, fallbacks: 0 }))).toEqual([]);
    const [alert, ...rest] = evaluateExperimentHealth(health({ decisions: 100, fallbacks: 2 }));
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ kind: "decision_fallback_rate", value: 0.02, threshold: 0.01 });
    expect(alert!.message).toMatch(/^WhatsApp – Sales: 2\.0% of split decisions fell back to the bot in the last hour \(2 of 100\)/);
    // outside business hours the fallback alert still fires: it is about the config, not staffing
    expect(evaluateExperimentHealth(health({ decisions: 10, fallbacks: 10, duringExperimentHours: false })).map((a) => a.kind)).toEqual(["decision_fallback_rate"]);
  });

  it("alerts when the human-arm queue wait p90 is over 15 min, only during experiment hours", () => {
    expect(QUEUE_WAIT_P90_THRESHOLD_MIN).toBe(15);
    expect(evaluateExperimentHealth(health({ queueWaitP90Min: 15 }))).toEqual([]);
    expect(evaluateExperimentHealth(health({ queueWaitP90Min: null }))).toEqual([]);
    expect(evaluateExperimentHealth(health({ queueWaitP90Min: 90, duringExperimentHours: false }))).toEqual([]);
    const [alert] = evaluateExperimentHealth(health({ queueWaitP90Min: 15.5 }));
    expect(alert).toMatchObject({ kind: "queue_wait_p90", value: 15.5, threshold: 15 });
    expect(alert!.message).toMatch(/waited 16 min or longer/);
    expect(evaluateExperimentHealth(health({ decisions: 10, fallbacks: 5, queueWaitP90Min: 40 })).map((a) => a.kind)).toEqual(["decision_fallback_rate", "queue_wait_p90"]);
  });
});

describe("measureExperimentHealth", () => {
  it("counts decisions, fallbacks and the human-arm queue wait p90 of the hour before now, per split channel", async () => {
    const org = await freshOrg();
    await splitOn(org, 0); // channel 1 keeps the split off
    const now = IN_HOURS;
    // bot-arm and untagged conversations: decisions (bot arm only), never queue wait
    await tagged(org, { variant: "bot", createdAt: ago(now, 50) });
    await tagged(org, { variant: "bot", createdAt: ago(now, 1) });
    await tagged(org, { variant: null, createdAt: ago(now, 20) });
    // human arm in the window: waited 2 min, 20 min, and one still waiting for 20 min
    await tagged(org, { variant: "human", createdAt: ago(now, 40), assignedAt: ago(now, 38) });
    await tagged(org, { variant: "human", createdAt: ago(now, 30), assignedAt: ago(now, 10) });
    await tagged(org, { variant: "human", createdAt: ago(now, 20) });
    // still waiting since 5 h ago: its wait counts (300 min), though it is not a decision of this hour
    await tagged(org, { variant: "human", createdAt: ago(now, 300) });
    // not counted: waiting for over 24 h, assigned long ago, created (and assigned) at `now` (window is [now − 1 h, now)),
    // another channel
    await tagged(org, { variant: "human", createdAt: ago(now, 25 * 60) });
    await tagged(org, { variant: "human", createdAt: ago(now, 120), assignedAt: ago(now, 61) });
    await tagged(org, { variant: "human", createdAt: now, assignedAt: now });
    await tagged(org, { variant: "human", createdAt: ago(now, 10), channel: 1 });
    // fallbacks: one in the window; not counted: 61 min ago, at `now`, another channel
    await fallback(org, ago(now, 15));
    await fallback(org, ago(now, 61));
    await fallback(org, now);
    await fallback(org, ago(now, 5), org.channels[1]!.id);

    const measured = await measureExperimentHealth(db, { now, orgId: org.orgId });
    expect(measured).toHaveLength(1);
    const [h] = measured;
    expect(h).toMatchObject({ orgId: org.orgId, channelId: org.channels[0]!.id, channelName: org.channels[0]!.name, decisions: 6, fallbacks: 1, duringExperimentHours: true });
    // p90 of [2, 20, 20, 300] by linear interpolation: 20 + 0.7 · (300 − 20) = 216
    expect(h!.queueWaitP90Min).toBeCloseTo(216, 6);
    expect((await measureExperimentHealth(db, { now: OUT_OF_HOURS, orgId: org.orgId }))[0]!.duringExperimentHours).toBe(false);
  });

  it("has no queue wait without human-arm conversations", async () => {
    const org = await freshOrg();
    await splitOn(org);
    await tagged(org, { variant: "bot", createdAt: ago(IN_HOURS, 10) });
    expect(await measureExperimentHealth(db, { now: IN_HOURS, orgId: org.orgId })).toEqual([
      expect.objectContaining({ decisions: 1, fallbacks: 0, queueWaitP90Min: null }),
    ]);
  });

  it("skips channels with the split off, archived channels, and orgs with the flag off", async () => {
    const org = await freshOrg();
    expect(await measureExperimentHealth(db, { now: IN_HOURS, orgId: org.orgId })).toEqual([]);
    const [archived] = await db
      .insert(channelIntegrations)
      .values({ orgId: org.orgId, name: "Archived", type: "telegram", webhookSecretEncrypted: seal(newWebhookSecret()), trafficSplitEnabled: true, botPercent: 30, archivedAt: ago(IN_HOURS, 60) })
      .returning({ id: channelIntegrations.id });
    await fallback(org, ago(IN_HOURS, 5), archived!.id);
    expect(await measureExperimentHealth(db, { now: IN_HOURS, orgId: org.orgId })).toEqual([]);
    await splitOn(org);
    expect(await measureExperimentHealth(db, { now: IN_HOURS, orgId: org.orgId })).toHaveLength(1);
    await db.update(organizations).set({ botTrafficSplitEnabled: false }).where(eq(organizations.id, org.orgId));
    expect(await measureExperimentHealth(db, { now: IN_HOURS, orgId: org.orgId })).toEqual([]);
  });

  it.each([
    ["on the starter plan", { plan: "starter" as const }],
    ["without the AI add-on", { aiAgentAddon: false }],
  ])("skips orgs that may not split %s, even with the flag and a channel's split on (issue 15 item 5)", async (_name, change) => {
    const org = await freshOrg();
    await splitOn(org);
    expect(await measureExperimentHealth(db, { now: IN_HOURS, orgId: org.orgId })).toHaveLength(1);
    await db.update(organizations).set(change).where(eq(organizations.id, org.orgId));
    expect(await measureExperimentHealth(db, { now: IN_HOURS, orgId: org.orgId })).toEqual([]);
  });

  it("an empty schedule means always during experiment hours; a holiday means outside", async () => {
    const org = await freshOrg();
    await splitOn(org);
    await db.update(organizations).set({ businessHours: [] }).where(eq(organizations.id, org.orgId));
    expect((await measureExperimentHealth(db, { now: OUT_OF_HOURS, orgId: org.orgId }))[0]!.duringExperimentHours).toBe(true);
    const other = await freshOrg();
    await splitOn(other);
    await db.update(organizations).set({ holidays: ["2026-03-04"] }).where(eq(organizations.id, other.orgId));
    expect((await measureExperimentHealth(db, { now: IN_HOURS, orgId: other.orgId }))[0]!.duringExperimentHours).toBe(false);
  });
});

describe("checkExperimentHealth", () => {
  it("stores one alert per channel, kind and hour: a rerun in the same hour stores nothing, the next hour does", async () => {
    const org = await freshOrg();
    await splitOn(org);
    const now = IN_HOURS;
    await tagged(org, { variant: "bot", createdAt: ago(now, 30) });
    await tagged(org, { variant: "human", createdAt: ago(now, 40) }); // waiting 40 min
    await fallback(org, ago(now, 10));

    const stored = await checkExperimentHealth(db, { now, orgId: org.orgId });
    expect(stored.map((a) => a.kind).sort()).toEqual(["decision_fallback_rate", "queue_wait_p90"]);
    expect(stored.every((a) => a.orgId === org.orgId && a.channelId === org.channels[0]!.id)).toBe(true);
    const rows = await alertsOf(org);
    expect(rows.map((r) => ({ kind: r.kind, value: r.value, threshold: r.threshold, windowStart: r.windowStart, windowEnd: r.windowEnd }))).toEqual([
      { kind: "decision_fallback_rate", value: expect.closeTo(1 / 3, 5), threshold: 0.01, windowStart: new Date("2026-03-04T05:00:00Z"), windowEnd: new Date("2026-03-04T06:00:00Z") },
      { kind: "queue_wait_p90", value: expect.closeTo(40, 3), threshold: 15, windowStart: new Date("2026-03-04T05:00:00Z"), windowEnd: new Date("2026-03-04T06:00:00Z") },
    ]);
    expect(rows[0]!.message).toContain(org.channels[0]!.name);

    // the hourly job retried 20 minutes later: same clock hour, nothing new
    expect(await checkExperimentHealth(db, { now: new Date(now.getTime() + 20 * MIN), orgId: org.orgId })).toEqual([]);
    expect(await alertsOf(org)).toHaveLength(2);

    // an hour later the customer is still waiting (100 min); the fallback is out of the window
    const later = await checkExperimentHealth(db, { now: new Date(now.getTime() + 60 * MIN), orgId: org.orgId });
    expect(later.map((a) => a.kind)).toEqual(["queue_wait_p90"]);
    expect(later[0]!.value).toBeCloseTo(100, 3);
    expect((await alertsOf(org)).map((r) => [r.kind, r.windowStart.toISOString()])).toEqual([
      ["decision_fallback_rate", "2026-03-04T05:00:00.000Z"],
      ["queue_wait_p90", "2026-03-04T05:00:00.000Z"],
      ["queue_wait_p90", "2026-03-04T06:00:00.000Z"],
    ]);
  });

  it("outside business hours a long queue raises no alert, but a fallback rate still does", async () => {
    const org = await freshOrg();
    await splitOn(org);
    const now = OUT_OF_HOURS;
    await tagged(org, { variant: "human", createdAt: ago(now, 50) }); // waiting 50 min
    await tagged(org, { variant: "human", createdAt: ago(now, 45) });
    expect(await checkExperimentHealth(db, { now, orgId: org.orgId })).toEqual([]);
    await fallback(org, ago(now, 5));
    expect((await checkExperimentHealth(db, { now, orgId: org.orgId })).map((a) => a.kind)).toEqual(["decision_fallback_rate"]);
    expect((await alertsOf(org)).map((r) => r.kind)).toEqual(["decision_fallback_rate"]);
  });

  it("exactly 1 % of 100 decisions is healthy; 2 of 101 is not", async () => {
    const org = await freshOrg();
    await splitOn(org);
    const now = IN_HOURS;
    await db.insert(conversations).values(
      Array.from({ length: 99 }, (_, i) => ({
        orgId: org.orgId, channelId: org.channels[0]!.id, externalId: `c-${i}-${randomUUID()}`, contactId: "k",
        variant: "bot" as const, botPercent: 30, status: "OPEN" as const, firstMessagePreview: "hi", lastMessageAt: ago(now, 30), createdAt: ago(now, 30),
      })),
    );
    await fallback(org, ago(now, 20));
    expect(await checkExperimentHealth(db, { now, orgId: org.orgId })).toEqual([]);
    await fallback(org, ago(now, 10));
    const [alert] = await checkExperimentHealth(db, { now, orgId: org.orgId });
    expect(alert).toMatchObject({ kind: "decision_fallback_rate" });
    expect(alert!.value).toBeCloseTo(2 / 101, 6);
  });

  it("a queue wait p90 of exactly 15 min is healthy; just over is not", async () => {
    const org = await freshOrg();
    await splitOn(org);
    const now = IN_HOURS;
    await tagged(org, { variant: "human", createdAt: ago(now, 15), assignedAt: now });
    expect(await checkExperimentHealth(db, { now, orgId: org.orgId })).toEqual([]);
    const other = await freshOrg();
    await splitOn(other);
    await tagged(other, { variant: "human", createdAt: new Date(now.getTime() - 15 * MIN - 1000), assignedAt: now });
    expect((await checkExperimentHealth(db, { now, orgId: other.orgId })).map((a) => a.kind)).toEqual(["queue_wait_p90"]);
  });
});

describe("listOperatorAlerts", () => {
  it("lists only the org's alerts (optionally one channel's), newest first, with the channel name", async () => {
    const org = await freshOrg();
    const other = await freshOrg();
    for (const o of [org, other]) {
      await splitOn(o, 0);
      await splitOn(o, 1);
      await fallback(o, ago(IN_HOURS, 5), o.channels[0]!.id);
      await fallback(o, ago(IN_HOURS, 5), o.channels[1]!.id);
    }
    await checkExperimentHealth(db, { now: IN_HOURS, orgId: org.orgId });
    await checkExperimentHealth(db, { now: IN_HOURS, orgId: other.orgId });
    // a later alert on channel 0
    await tagged(org, { variant: "human", createdAt: ago(IN_HOURS, 30), channel: 0 });
    await checkExperimentHealth(db, { now: new Date(IN_HOURS.getTime() + 5 * MIN), orgId: org.orgId });

    const all = await listOperatorAlerts(db, { orgId: org.orgId });
    expect(all).toHaveLength(3);
    const ownIds = new Set((await alertsOf(org)).map((r) => r.id));
    expect(all.every((a) => ownIds.has(a.id))).toBe(true);
    expect(all[0]).toMatchObject({ kind: "queue_wait_p90", channelName: org.channels[0]!.name });
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.createdAt.getTime()).toBeGreaterThanOrEqual(all[i]!.createdAt.getTime());

    const channel1 = await listOperatorAlerts(db, { orgId: org.orgId, channelId: org.channels[1]!.id });
    expect(channel1.map((a) => [a.kind, a.channelName])).toEqual([["decision_fallback_rate", org.channels[1]!.name]]);
    // another org's channel id gives nothing
    expect(await listOperatorAlerts(db, { orgId: org.orgId, channelId: other.channels[0]!.id })).toEqual([]);
    // alerts older than `since` are left out
    expect(await listOperatorAlerts(db, { orgId: org.orgId, since: new Date(Date.now() + 60_000) })).toEqual([]);
    expect(await db.select().from(operatorAlerts).where(and(eq(operatorAlerts.orgId, other.orgId)))).toHaveLength(2);
  });
});
