/**
 * The plan, the AI add-on and the flag gate routing and the comparison (issue 15 item 5; 000_… §5, S01-NEG,
 * S01-NEG2): when an org loses eligibility its channels stop splitting — the next conversation arriving through the
 * signed webhook gets no variant and the bot — and this is recorded (audit + `bot_traffic_split_disabled`).
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/incoming-message/route";
import type { Db } from "@/db/client";
import { auditLog, channelIntegrations, conversations, events, organizations } from "@/db/schema";
import type { IngestResponse } from "@/lib/ingest/receive-message";
import { signWebhook } from "@/lib/ingest/sign";
import { updatePlanAndFlags } from "@/lib/org/update-plan-and-flags";
import { seedQuietOrg, testDb } from "@/test/db";
import { serve } from "@/test/http";
import { signInAs } from "@/test/members";
import { ROLES } from "@/lib/auth/roles";
import { canViewComparison, splitIneligibleReasons, trafficSplitAvailable } from "./split-eligibility";
import { saveTrafficSplit } from "./traffic-split-config";

let db: Db;
let server: Awaited<ReturnType<typeof serve>>;
type Org = Awaited<ReturnType<typeof seedQuietOrg>>;

beforeAll(async () => {
  db = await testDb();
  server = await serve(POST);
});
afterAll(() => server.close());

const ANSWERABLE = "just wanted to check on the status of a refund";
const ELIGIBLE = { plan: "professional", aiAgentAddon: true, botTrafficSplitEnabled: true, aiAgentImpactReport: true, aiAgentImpactReportForecast: true } as const;

async function deliver(org: Org, conversationId = `conv-${randomUUID()}`): Promise<{ status: number; body: IngestResponse; conversationId: string }> {
  const channel = org.channels[0]!;
  const raw = JSON.stringify({ channel_id: channel.id, conversation_id: conversationId, message_id: `m-${randomUUID()}`, contact: { id: "wa:62811" }, text: ANSWERABLE, sent_at: new Date().toISOString() });
  const res = await fetch(`${server.url}/api/webhooks/incoming-message`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(channel.secret, raw) } });
  return { status: res.status, body: (await res.json()) as IngestResponse, conversationId };
}

async function eventsNamed(org: Org, name: string) {
  return db.select().from(events).where(and(eq(events.orgId, org.orgId), eq(events.name, name))).orderBy(asc(events.id));
}

async function channelRow(org: Org) {
  const [row] = await db.select().from(channelIntegrations).where(eq(channelIntegrations.id, org.channels[0]!.id));
  return row!;
}

/** An eligible org whose first channel sends every new conversation to the human arm (0 %). */
async function splittingOrg(): Promise<Org> {
  const org = await seedQuietOrg(db);
  await db.update(organizations).set(ELIGIBLE).where(eq(organizations.id, org.orgId));
  await saveTrafficSplit(db, { actor: await signInAs(db, org, "admin"), channelId: org.channels[0]!.id, input: { enabled: true, botPercent: 0 } });
  return org;
}

describe("losing eligibility stops the split, recorded", () => {
  it.each([
    ["a plan downgrade to starter", "plan_not_eligible", { plan: "starter" }],
    ["the AI add-on removed", "ai_addon_off", { aiAgentAddon: false }],
    ["the flag bot_traffic_split_enabled turned off", "flag_off", { botTrafficSplitEnabled: false }],
  ] as const)("%s: the next conversation is not split; the channel's split is off; audit + bot_traffic_split_disabled (reason %s)", async (_name, reason, change) => {
    const org = await splittingOrg();
    const before = await deliver(org);
    expect(before).toMatchObject({ status: 200, body: { variant: "human", handled_by: "human", reply: null } });

    const owner = await signInAs(db, org, "owner");
    await updatePlanAndFlags(db, { actor: owner, input: { ...ELIGIBLE, ...change }, managed: false });

    // the stored config says what routing does; the percentage is kept for a later re-enable
    expect(await channelRow(org)).toMatchObject({ trafficSplitEnabled: false, botPercent: 0 });
    const disabled = await eventsNamed(org, "bot_traffic_split_disabled");
    expect(disabled).toHaveLength(1);
    expect(disabled[0]).toMatchObject({ userId: owner.userId });
    expect(disabled[0]!.properties).toMatchObject({ channel_integration_id: org.channels[0]!.id, reason, reasons: [reason], bot_percent: 0, actor_id: owner.userId });
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.orgId, org.orgId), eq(auditLog.action, "traffic_split.disabled")));
    expect(audit).toEqual([expect.objectContaining({ area: "split", targetId: org.channels[0]!.id, actorUserId: owner.userId, changes: { enabled: { from: true, to: false }, reason: { from: null, to: reason } } })]);

    // the next conversation: the bot, no variant, no split event, no fallback
    const after = await deliver(org);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ variant: null, handled_by: "bot", status: "OPEN" });
    expect(after.body.reply).not.toBeNull();
    const [row] = await db.select().from(conversations).where(eq(conversations.id, after.body.conversation_id));
    expect(row).toMatchObject({ variant: null, botPercent: null });
    expect((await eventsNamed(org, "bot_traffic_split_assigned")).map((e) => e.conversationId)).toEqual([before.body.conversation_id]);
    expect(await eventsNamed(org, "bot_traffic_split_decision_fallback")).toEqual([]);

    // a conversation already on the human arm keeps it (never re-rolled)
    const again = await deliver(org, before.conversationId);
    expect(again.body).toMatchObject({ conversation_id: before.body.conversation_id, variant: "human", reply: null });

    // the same values saved again record nothing more
    await updatePlanAndFlags(db, { actor: owner, input: { ...ELIGIBLE, ...change }, managed: false });
    expect(await eventsNamed(org, "bot_traffic_split_disabled")).toHaveLength(1);
  });

  it("a change that keeps the org eligible leaves the split alone", async () => {
    const org = await splittingOrg();
    await updatePlanAndFlags(db, { actor: await signInAs(db, org, "owner"), input: { ...ELIGIBLE, plan: "enterprise", aiAgentImpactReport: false }, managed: false });
    expect(await channelRow(org)).toMatchObject({ trafficSplitEnabled: true, botPercent: 0 });
    expect(await eventsNamed(org, "bot_traffic_split_disabled")).toEqual([]);
    expect((await deliver(org)).body.variant).toBe("human");
  });

  it("eligible again: the split stays off until an admin turns it back on (an experiment never resumes by itself)", async () => {
    const org = await splittingOrg();
    const owner = await signInAs(db, org, "owner");
    await updatePlanAndFlags(db, { actor: owner, input: { ...ELIGIBLE, plan: "starter" }, managed: false });
    await updatePlanAndFlags(db, { actor: owner, input: ELIGIBLE, managed: false });
    expect(await channelRow(org)).toMatchObject({ trafficSplitEnabled: false });
    expect((await deliver(org)).body.variant).toBeNull();
    await saveTrafficSplit(db, { actor: await signInAs(db, org, "admin"), channelId: org.channels[0]!.id, input: { enabled: true, botPercent: 0 } });
    expect((await deliver(org)).body.variant).toBe("human");
  });
});

describe("routing checks eligibility itself", () => {
  it.each([
    ["the starter plan", { plan: "starter" as const }],
    ["no AI add-on", { aiAgentAddon: false }],
    ["the flag off", { botTrafficSplitEnabled: false }],
  ])("with %s set outside the plan form (e.g. by a provider), a channel still marked as splitting does not split", async (_name, change) => {
    const org = await splittingOrg();
    await db.update(organizations).set(change).where(eq(organizations.id, org.orgId));
    expect(await channelRow(org)).toMatchObject({ trafficSplitEnabled: true, botPercent: 0 });
    const { status, body } = await deliver(org);
    expect(status).toBe(200);
    expect(body).toMatchObject({ variant: null, handled_by: "bot" });
    expect(await eventsNamed(org, "bot_traffic_split_assigned")).toEqual([]);
    expect(await eventsNamed(org, "bot_traffic_split_decision_fallback")).toEqual([]);
  });
});

describe("eligibility rules", () => {
  it("lists every reason, plan first", () => {
    expect(splitIneligibleReasons(ELIGIBLE)).toEqual([]);
    expect(splitIneligibleReasons({ plan: "starter", aiAgentAddon: false, botTrafficSplitEnabled: false })).toEqual(["plan_not_eligible", "ai_addon_off", "flag_off"]);
    expect(trafficSplitAvailable({ ...ELIGIBLE, plan: "enterprise" })).toBe(true);
  });

  it("the comparison is for owners, admins and supervisors of an org that may split — never agents, never without eligibility", () => {
    for (const role of ROLES) {
      expect(canViewComparison(ELIGIBLE, role), role).toBe(role !== "agent");
      expect(canViewComparison({ ...ELIGIBLE, plan: "starter" }, role), role).toBe(false);
      expect(canViewComparison({ ...ELIGIBLE, aiAgentAddon: false }, role), role).toBe(false);
      expect(canViewComparison({ ...ELIGIBLE, botTrafficSplitEnabled: false }, role), role).toBe(false);
    }
  });
});
