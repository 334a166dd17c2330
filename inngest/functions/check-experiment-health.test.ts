import { InngestTestEngine } from "@inngest/test";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, events, operatorAlerts, organizations } from "@/db/schema";
import { onPostgresServer, seedTestOrg, testDb } from "@/test/db";
import { checkExperimentHealthFn } from "./check-experiment-health";
import { functions } from "./index";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
});

const HOUR_MS = 3600_000;

/** An org running a split on channel 0 only, with no business hours set (always "experiment hours"). */
async function splitOrg(): Promise<Org> {
  const org = await seedTestOrg(db);
  await db.update(channelIntegrations).set({ trafficSplitEnabled: false, botPercent: 100 }).where(eq(channelIntegrations.orgId, org.orgId));
  await db.update(channelIntegrations).set({ trafficSplitEnabled: true, botPercent: 30 }).where(eq(channelIntegrations.id, org.channels[0]!.id));
  await db.update(organizations).set({ businessHours: [] }).where(eq(organizations.id, org.orgId));
  return org;
}

async function conversation(org: Org, variant: "bot" | "human", minutesAgo: number) {
  const createdAt = new Date(Date.now() - minutesAgo * 60_000);
  await db.insert(conversations).values({
    orgId: org.orgId, channelId: org.channels[0]!.id, externalId: `c-${randomUUID()}`, contactId: "k", variant, botPercent: 30,
    status: variant === "human" ? "WAITING_ASSIGN_AGENT" : "OPEN", firstMessagePreview: "hi", lastMessageAt: createdAt, createdAt,
  });
}

const alertsOf = (org: Org) => db.select().from(operatorAlerts).where(eq(operatorAlerts.orgId, org.orgId));

describe("check-experiment-health (hourly cron)", () => {
  it("is served, runs on cron, and stores this hour's alerts once however often it runs", async () => {
    expect(functions).toContain(checkExperimentHealthFn);
    const org = await splitOrg();
    const healthy = await splitOrg();
    await conversation(healthy, "bot", 10);
    // unhealthy: 1 fallback of 3 decisions (2 tagged conversations + the fallback), and a human-arm customer waiting 40 min
    await conversation(org, "bot", 10);
    await conversation(org, "human", 40);
    await db.insert(events).values({
      orgId: org.orgId, name: "bot_traffic_split_decision_fallback", occurredAt: new Date(Date.now() - 5 * 60_000),
      properties: { channel_integration_id: org.channels[0]!.id, conversation_id: randomUUID(), reason: "invalid_bot_percent" },
    });

    const first = await new InngestTestEngine({ function: checkExperimentHealthFn }).execute();
    const rows = await alertsOf(org);
    expect(rows.map((r) => r.kind).sort()).toEqual(["decision_fallback_rate", "queue_wait_p90"]);
    expect(rows.every((r) => r.channelId === org.channels[0]!.id && r.windowEnd.getTime() - r.windowStart.getTime() === HOUR_MS)).toBe(true);
    expect(rows.find((r) => r.kind === "decision_fallback_rate")!.value).toBeCloseTo(1 / 3, 5);
    expect(rows.find((r) => r.kind === "queue_wait_p90")!.value).toBeGreaterThan(39);
    expect(await alertsOf(healthy)).toEqual([]);
    // the result counts the alerts it stored (on the shared PostgreSQL database other orgs may add their own)
    const result = first.result as { alerts: number };
    if (onPostgresServer()) expect(result.alerts).toBeGreaterThanOrEqual(2);
    else expect(result).toEqual({ alerts: 2 });

    // a retry or a second run in the same hour: nothing new for this org's windows
    const again = await new InngestTestEngine({ function: checkExperimentHealthFn }).execute();
    if (!onPostgresServer()) expect(again.result).toEqual({ alerts: 0 });
    const after = await alertsOf(org);
    for (const r of rows) {
      expect(after.filter((a) => a.kind === r.kind && a.windowStart.getTime() === r.windowStart.getTime())).toHaveLength(1);
    }
  });

  it("is scheduled hourly (§10: alerts are per hour)", () => {
    const triggers = (checkExperimentHealthFn as unknown as { opts: { triggers?: { cron?: string }[] } }).opts.triggers ?? [];
    expect(triggers.map((t) => t.cron)).toEqual([expect.stringMatching(/^\d{1,2} \* \* \* \*$/)]);
  });
});
