/**
 * Supervisor alerts (003_…) on a real database: raising alerts from the four signals (severity, sentence, ids),
 * dedup inside the org's window and after it, concurrent repeats (PostgreSQL), storm grouping, recipients (explicit,
 * channel-scoped, opt-in, quiet hours, owner/admin fallback), time-to-intervene, the monitoring queries, and Web Push
 * delivery through an injected transport (`send`) — the database is always real.
 */
import { setUiLanguage } from "@/lib/members/set-ui-language";
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { WebPushError, type RequestOptions } from "web-push";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  aiAgents,
  aiAgentVersions,
  alertDeliveries,
  alertGroups,
  alertRecipients,
  alerts,
  channelIntegrations,
  conversations,
  memberships,
  organizations,
  outbox,
  pushSubscriptions,
  users,
  type AgentSignal,
  type AgentSignalName,
  type QuietHours,
} from "@/db/schema";
import { BUILT_IN_AGENT_NAME } from "@/lib/agent/channel-agent";
import { seal } from "@/lib/crypto/secret-box";
import { loadChannelContext } from "@/lib/ingest/load-channel";
import { receiveMessage } from "@/lib/ingest/receive-message";
import { onPostgresServer, seedQuietOrg, testDb } from "@/test/db";
import { signInAs, userIdOf } from "@/test/members";
import { newDeviceKeys, subscriptionInput } from "@/test/push-service";
import { markAlertActed, markAlertOpened, recordIntervention } from "./act-on-alert";
import { DEFAULT_ALERT_SETTINGS, DEFAULT_SEVERITY, getAlertSettings, saveAlertSettings } from "./alert-settings";
import { deliverPush, PUSH_TTL_SECONDS, RetryablePushError, sendTestNotification, topicOf, type PushSender } from "./deliver-push";
import { ACT_WITHIN_MS, interventionStats, listAlertFeed, signalBreakdown, unreadAlertCount } from "./monitoring";
import { saveSubscription } from "./push-subscriptions";
import { dedupKeyOf, raiseAlert, type RaisedAlert } from "./raise-alert";
import { inQuietHours, resolveRecipients } from "./recipients";
import { vapidKeys } from "./vapid";
import { pushRequestedSchema } from "@/lib/outbox/payloads";

let db: Db;
type Org = Awaited<ReturnType<typeof seedQuietOrg>>;

beforeAll(async () => {
  db = await testDb();
});

/** Wednesday 2025-06-04 10:00 WIB (03:00 UTC), on a 5-minute boundary (storm buckets). */
const T0 = Date.parse("2025-06-04T03:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms);
const MIN = 60_000;

/** The signals as the engine raises them (lib/agent/engine.ts). */
const SIGNALS: Record<AgentSignalName, AgentSignal> = {
  agent_error: { signal: "agent_error", value: "model_failure", detail: "upstream timeout" },
  unexpected_handoff: { signal: "unexpected_handoff", value: "handover_keyword", detail: "manager" },
  message_cap: { signal: "message_cap", value: 20, threshold: 20 },
  low_confidence: { signal: "low_confidence", value: 0.21, threshold: 0.4 },
  // the Chatwoot loop's (lib/chatwoot/process-event.ts, lib/chatwoot/sla-breaches.ts)
  draft_engine_failed: { signal: "draft_engine_failed", value: "engine_timeout" },
  p0_escalation: { signal: "p0_escalation", value: "keyword:lawsuit", detail: "keyword “lawsuit”" },
  sla_breach: { signal: "sla_breach", value: "first_response", detail: "P1" },
};

async function conversation(org: Org, { channel = 0, createdAt = at(0), agentVersionId = null, variant = null }: { channel?: number; createdAt?: Date; agentVersionId?: string | null; variant?: "bot" | "human" | null } = {}): Promise<string> {
  const [row] = await db
    .insert(conversations)
    .values({
      orgId: org.orgId, channelId: org.channels[channel]!.id, externalId: `c-${randomUUID()}`, contactId: "k", firstMessagePreview: "hi",
      lastMessageAt: createdAt, createdAt, agentVersionId, variant, botPercent: variant ? 30 : null,
      status: variant === "human" ? "WAITING_ASSIGN_AGENT" : "OPEN",
    })
    .returning({ id: conversations.id });
  return row!.id;
}

async function aiAgent(org: Org, name = "Agent Sari"): Promise<{ agentId: string; versionId: string }> {
  const [agent] = await db.insert(aiAgents).values({ orgId: org.orgId, name, config: {} }).returning({ id: aiAgents.id });
  const [version] = await db
    .insert(aiAgentVersions)
    .values({ orgId: org.orgId, agentId: agent!.id, version: 1, config: {}, publishedByName: "Test" })
    .returning({ id: aiAgentVersions.id });
  return { agentId: agent!.id, versionId: version!.id };
}

type RaiseOpts = { signal?: AgentSignalName | AgentSignal; conversationId: string; channel?: number; agent?: { agentId: string; versionId: string; name?: string } | null; at?: Date };

function raise(org: Org, { signal = "low_confidence", conversationId, channel = 0, agent = null, at: when = at(0) }: RaiseOpts, tx: Db = db): Promise<RaisedAlert> {
  return raiseAlert(tx, {
    orgId: org.orgId,
    signal: typeof signal === "string" ? SIGNALS[signal] : signal,
    conversationId,
    channelId: org.channels[channel]!.id,
    channelName: org.channels[channel]!.name,
    agentId: agent?.agentId ?? null,
    agentName: agent ? (agent.name ?? "Agent Sari") : BUILT_IN_AGENT_NAME,
    agentVersionId: agent?.versionId ?? null,
    at: when,
  });
}

const alertsOf = (org: Org) => db.select().from(alerts).where(eq(alerts.orgId, org.orgId)).orderBy(asc(alerts.firstSeenAt), asc(alerts.createdAt));
const alertById = async (id: string) => (await db.select().from(alerts).where(eq(alerts.id, id)))[0]!;

async function saveSettings(org: Org, input: { dedupWindowMinutes?: number; stormThreshold?: number; severities?: Partial<Record<AgentSignalName, string>> }) {
  const owner = await signInAs(db, org, "owner");
  // the form always sends all four severities (the schema's record of the signal enum is exhaustive)
  return saveAlertSettings(db, { actor: owner, input: { dedupWindowMinutes: 10, stormThreshold: 5, ...input, severities: { ...DEFAULT_SEVERITY, ...input.severities } } });
}

describe("raising an alert per signal", () => {
  it("each of the seven signals makes exactly one alert with its default severity, sentence, value, threshold and ids", async () => {
    const org = await seedQuietOrg(db);
    const sari = await aiAgent(org);
    const channel = org.channels[0]!;
    const expected: Record<AgentSignalName, { severity: string; message: string; value: number | string; threshold: number | null }> = {
      agent_error: { severity: "high", message: `Agent Sari ran into an error answering a customer on ${channel.name}`, value: "model_failure", threshold: null },
      unexpected_handoff: { severity: "high", message: `Agent Sari handed a customer on ${channel.name} to your team unexpectedly (keyword “manager”)`, value: "handover_keyword", threshold: null },
      message_cap: { severity: "medium", message: `Agent Sari reached its 20-message limit with a customer on ${channel.name}`, value: 20, threshold: 20 },
      low_confidence: { severity: "low", message: `Agent Sari could not answer a customer on ${channel.name} (confidence 21%)`, value: 0.21, threshold: 0.4 },
      draft_engine_failed: { severity: "medium", message: `Agent Sari could not draft a reply for a Chatwoot customer on ${channel.name} (it took too long): a person must answer`, value: "engine_timeout", threshold: null },
      p0_escalation: { severity: "high", message: `P0 escalation on ${channel.name} (keyword “lawsuit”): answer this customer now`, value: "keyword:lawsuit", threshold: null },
      sla_breach: { severity: "high", message: `A P1 conversation on ${channel.name} missed its first-response SLA`, value: "first_response", threshold: null },
    };
    expect(await getAlertSettings(db, org.orgId)).toEqual(DEFAULT_ALERT_SETTINGS);
    for (const signal of Object.keys(expected) as AgentSignalName[]) {
      const conversationId = await conversation(org);
      const raised = await raise(org, { signal, conversationId, agent: sari });
      expect(raised).toEqual({ alertId: expect.any(String), created: true, push: { kind: "alert", orgId: org.orgId, alertId: raised.alertId }, outboxId: expect.any(String) });
      const rows = (await alertsOf(org)).filter((a) => a.conversationId === conversationId);
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      const want = expected[signal];
      expect(row).toMatchObject({
        id: raised.alertId, orgId: org.orgId, signal, severity: want.severity, message: want.message, value: want.value,
        dedupKey: dedupKeyOf(org.orgId, conversationId, signal), open: true, occurrences: 1,
        conversationId, channelId: channel.id, agentId: sari.agentId, agentVersionId: sari.versionId,
        noSupervisor: false, groupId: null, actedAt: null, timeToInterveneMs: null,
      });
      if (want.threshold === null) expect(row.threshold).toBeNull();
      else expect(row.threshold).toBeCloseTo(want.threshold, 5);
      expect(row.firstSeenAt.getTime()).toBe(T0);
      expect(row.lastSeenAt.getTime()).toBe(T0);
    }
    expect(await alertsOf(org)).toHaveLength(7);
  });

  it("the sentence for a handoff outside the agent's capabilities, and the built-in assistant (no agent)", async () => {
    const org = await seedQuietOrg(db);
    const conversationId = await conversation(org, { channel: 1 });
    const raised = await raise(org, { signal: { signal: "unexpected_handoff", value: "outside_capabilities", detail: "billing" }, conversationId, channel: 1 });
    expect(await alertById(raised.alertId)).toMatchObject({
      message: `${BUILT_IN_AGENT_NAME} handed a customer on ${org.channels[1]!.name} to your team unexpectedly (question outside its capabilities)`,
      agentId: null, agentVersionId: null, channelId: org.channels[1]!.id, severity: "high",
    });
  });

  it("uses the severities saved in the org's alert settings (others keep their defaults)", async () => {
    const org = await seedQuietOrg(db);
    const saved = await saveSettings(org, { severities: { low_confidence: "high", agent_error: "low" } });
    expect(saved.severities).toEqual({ ...DEFAULT_SEVERITY, agent_error: "low", unexpected_handoff: "high", message_cap: "medium", low_confidence: "high" });
    const severities: Record<string, string> = {};
    for (const signal of ["low_confidence", "agent_error", "message_cap", "unexpected_handoff"] as const) {
      const raised = await raise(org, { signal, conversationId: await conversation(org) });
      severities[signal] = (await alertById(raised.alertId)).severity;
    }
    expect(severities).toEqual({ low_confidence: "high", agent_error: "low", message_cap: "medium", unexpected_handoff: "high" });
  });

  it("a signal from the engine through receiveMessage raises the alert and returns its push; a preview chat alerts nobody", async () => {
    const org = await seedQuietOrg(db);
    const ctx = (await loadChannelContext(db, org.channels[1]!.id))!;
    const input = (text: string, channelId = ctx.channelId) => ({
      channel_id: channelId, conversation_id: `conv-${randomUUID()}`, message_id: randomUUID(), contact: { id: "wa:1" }, text, sent_at: new Date(T0).toISOString(),
    });
    const result = await receiveMessage(db, { ctx, input: input("my video got taken down for copyright, please help"), model: null });
    expect(result.response.reply!.signals.map((s) => s.signal)).toEqual(["low_confidence"]);
    const rows = await alertsOf(org);
    expect(rows).toHaveLength(1);
    expect(result.pushes).toEqual([{ kind: "alert", orgId: org.orgId, alertId: rows[0]!.id }]);
    expect(rows[0]).toMatchObject({ signal: "low_confidence", severity: "low", conversationId: result.response.conversation_id, channelId: ctx.channelId, agentId: null });
    expect(rows[0]!.value).toBeCloseTo(result.response.reply!.confidence, 6);
    expect(rows[0]!.firstSeenAt.getTime()).toBeGreaterThan(T0);

    const [preview] = await db
      .insert(channelIntegrations)
      .values({ orgId: org.orgId, name: "Preview", type: "bot_preview", webhookSecretEncrypted: seal("preview-secret") })
      .returning({ id: channelIntegrations.id });
    const previewCtx = (await loadChannelContext(db, preview!.id))!;
    const fromPreview = await receiveMessage(db, { ctx: previewCtx, input: input("my video got taken down for copyright, please help", preview!.id), model: null });
    expect(fromPreview.response.reply!.signals.map((s) => s.signal)).toEqual(["low_confidence"]);
    expect(fromPreview.pushes).toEqual([]);
    expect(await alertsOf(org)).toHaveLength(1);
  });
});

describe("dedup inside the window", () => {
  it("20 repeats on one conversation make one alert: occurrences 20, last_seen_at the last, and one push", async () => {
    const org = await seedQuietOrg(db);
    const conversationId = await conversation(org);
    const results: RaisedAlert[] = [];
    for (let i = 0; i < 20; i++) results.push(await raise(org, { conversationId, at: at(i * 20_000) }));
    expect(new Set(results.map((r) => r.alertId)).size).toBe(1);
    expect(results.filter((r) => r.push !== null)).toHaveLength(1);
    expect(results[0]).toMatchObject({ created: true, push: { kind: "alert" } });
    expect(results.slice(1).every((r) => !r.created && r.push === null)).toBe(true);
    const rows = await alertsOf(org);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ occurrences: 20, open: true });
    expect(rows[0]!.firstSeenAt.getTime()).toBe(T0);
    expect(rows[0]!.lastSeenAt.getTime()).toBe(T0 + 19 * 20_000);
  });

  it("a late-arriving repeat does not move last_seen_at backwards", async () => {
    const org = await seedQuietOrg(db);
    const conversationId = await conversation(org);
    const first = await raise(org, { conversationId, at: at(0) });
    await raise(org, { conversationId, at: at(5 * MIN) });
    await raise(org, { conversationId, at: at(2 * MIN) });
    expect(await alertById(first.alertId)).toMatchObject({ occurrences: 3, lastSeenAt: at(5 * MIN) });
  });

  it("the same signal on another conversation, or another signal on the same conversation, is its own alert", async () => {
    const org = await seedQuietOrg(db);
    const c1 = await conversation(org);
    const c2 = await conversation(org);
    const a = await raise(org, { conversationId: c1 });
    const b = await raise(org, { conversationId: c2 });
    const c = await raise(org, { conversationId: c1, signal: "agent_error" });
    expect(new Set([a.alertId, b.alertId, c.alertId]).size).toBe(3);
    expect([a, b, c].every((r) => r.created && r.push?.kind === "alert")).toBe(true);
  });

  it("after the default 10-minute window (from first_seen_at) a repeat starts a new alert and closes the old one", async () => {
    const org = await seedQuietOrg(db);
    const conversationId = await conversation(org);
    const first = await raise(org, { conversationId, at: at(0) });
    const inside = await raise(org, { conversationId, at: at(10 * MIN - 1) });
    expect(inside).toEqual({ alertId: first.alertId, created: false, push: null, outboxId: null });
    const after = await raise(org, { conversationId, at: at(10 * MIN) });
    expect(after.alertId).not.toBe(first.alertId);
    expect(after).toMatchObject({ created: true, push: { kind: "alert", alertId: after.alertId } });
    expect(await alertById(first.alertId)).toMatchObject({ open: false, occurrences: 2 });
    expect(await alertById(after.alertId)).toMatchObject({ open: true, occurrences: 1, firstSeenAt: at(10 * MIN) });
    // the new alert's own window counts from its own first_seen_at
    expect((await raise(org, { conversationId, at: at(19 * MIN) })).alertId).toBe(after.alertId);
    expect(await alertsOf(org)).toHaveLength(2);
  });

  it("respects a custom window (2 minutes)", async () => {
    const org = await seedQuietOrg(db);
    await saveSettings(org, { dedupWindowMinutes: 2 });
    const conversationId = await conversation(org);
    const first = await raise(org, { conversationId, at: at(0) });
    expect((await raise(org, { conversationId, at: at(2 * MIN - 1000) })).push).toBeNull();
    const next = await raise(org, { conversationId, at: at(2 * MIN) });
    expect(next).toMatchObject({ created: true, push: { kind: "alert" } });
    expect(next.alertId).not.toBe(first.alertId);
    expect(await alertById(first.alertId)).toMatchObject({ open: false, occurrences: 2 });
  });

});

describe("storms", () => {
  it("with threshold 5, 12 low-confidence alerts for one agent in 5 minutes: 5 single pushes, one group push, then nothing", async () => {
    const org = await seedQuietOrg(db);
    await saveSettings(org, { stormThreshold: 5 });
    const sari = await aiAgent(org);
    const results: RaisedAlert[] = [];
    for (let i = 0; i < 12; i++) results.push(await raise(org, { conversationId: await conversation(org), agent: sari, at: at(i * 20_000) }));
    expect(results.every((r) => r.created)).toBe(true);
    expect(results.slice(0, 5).map((r) => r.push?.kind)).toEqual(["alert", "alert", "alert", "alert", "alert"]);
    expect(results[5]!.push).toEqual({ kind: "group", orgId: org.orgId, groupId: expect.any(String) });
    expect(results.slice(6).every((r) => r.push === null)).toBe(true);

    const groupId = (results[5]!.push as { groupId: string }).groupId;
    const [group] = await db.select().from(alertGroups).where(eq(alertGroups.orgId, org.orgId));
    expect(group).toMatchObject({ id: groupId, signal: "low_confidence", agentKey: sari.agentId, alertCount: 7, windowStart: at(5 * 20_000), pushedAt: at(5 * 20_000) });
    const rows = await alertsOf(org);
    expect(rows).toHaveLength(12);
    expect(rows.slice(0, 5).every((a) => a.groupId === null)).toBe(true);
    expect(rows.slice(5).every((a) => a.groupId === groupId)).toBe(true);
    // the six pushes are in the outbox (written by the decision itself, migration 0032): one row each, keyed per
    // alert or group, with payloads the dispatcher accepts
    const queued = await db.select().from(outbox).where(eq(outbox.orgId, org.orgId)).orderBy(asc(outbox.createdAt));
    expect(queued.map((r) => [r.topic, r.dedupKey])).toEqual([
      ...rows.slice(0, 5).map((a) => ["alerts/push.requested", `push:${a.id}`]),
      ["alerts/push.requested", `push:group:${groupId}`],
    ]);
    expect(queued.map((r) => pushRequestedSchema.parse(r.payload))).toEqual([...results.slice(0, 6).map((r) => r.push)]);

    // another signal for the same agent, and the same signal for another agent or the built-in assistant, are not grouped
    const other = await aiAgent(org, "Agent Budi");
    const otherSignal = await raise(org, { signal: "agent_error", conversationId: await conversation(org), agent: sari, at: at(4 * MIN) });
    const otherAgent = await raise(org, { conversationId: await conversation(org), agent: other, at: at(4 * MIN) });
    const builtIn = await raise(org, { conversationId: await conversation(org), at: at(4 * MIN) });
    for (const r of [otherSignal, otherAgent, builtIn]) {
      expect(r.push).toEqual({ kind: "alert", orgId: org.orgId, alertId: r.alertId });
      expect((await alertById(r.alertId)).groupId).toBeNull();
    }
    expect(await db.select().from(alertGroups).where(eq(alertGroups.orgId, org.orgId))).toHaveLength(1);
  });

  it("the built-in assistant's storm is grouped under its own key", async () => {
    const org = await seedQuietOrg(db);
    await saveSettings(org, { stormThreshold: 2 });
    const results: RaisedAlert[] = [];
    for (let i = 0; i < 4; i++) results.push(await raise(org, { conversationId: await conversation(org), at: at(i * 1000) }));
    expect(results.map((r) => r.push?.kind ?? null)).toEqual(["alert", "alert", "group", null]);
    const [group] = await db.select().from(alertGroups).where(eq(alertGroups.orgId, org.orgId));
    expect(group).toMatchObject({ agentKey: "built-in", alertCount: 2 });
  });

  it("alerts more than 5 minutes apart are no storm", async () => {
    const org = await seedQuietOrg(db);
    await saveSettings(org, { stormThreshold: 2 });
    const results: RaisedAlert[] = [];
    for (let i = 0; i < 5; i++) results.push(await raise(org, { conversationId: await conversation(org), at: at(i * 3 * MIN) }));
    // at most two alerts ever fall inside one 5-minute look-back
    expect(results.every((r) => r.push?.kind === "alert")).toBe(true);
  });

  // regression test for a bug found in review (fixed): groups were fixed 5-minute clock buckets
  it("a storm within 5 minutes that straddles a 5-minute clock boundary still sends one grouped push", async () => {
    const org = await seedQuietOrg(db);
    const sari = await aiAgent(org);
    const start = T0 + 3 * MIN; // 10:03 WIB: alerts every 20 s until 10:06:40
    const results: RaisedAlert[] = [];
    for (let i = 0; i < 12; i++) results.push(await raise(org, { conversationId: await conversation(org), agent: sari, at: new Date(start + i * 20_000) }));
    expect(results.filter((r) => r.push?.kind === "group")).toHaveLength(1);
  });
});

describe.runIf(onPostgresServer())("on PostgreSQL: concurrent raises in separate transactions", () => {
  it("20 concurrent raises of one key make one alert with occurrences 20 and exactly one push", async () => {
    const org = await seedQuietOrg(db);
    const conversationId = await conversation(org);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => db.transaction((tx) => raise(org, { conversationId, at: at(i * 1000) }, tx))));
    expect(results.filter((r) => r.push !== null)).toHaveLength(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.alertId)).size).toBe(1);
    const rows = await alertsOf(org);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ occurrences: 20, open: true });
    expect(rows[0]!.lastSeenAt.getTime()).toBe(T0 + 19_000);
  });

  it("10 concurrent raises just after the window close the old alert once and make one new alert with occurrences 10", async () => {
    const org = await seedQuietOrg(db);
    const conversationId = await conversation(org);
    const old = await raise(org, { conversationId, at: at(0) });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => db.transaction((tx) => raise(org, { conversationId, at: at(10 * MIN + i * 1000) }, tx))));
    expect(results.filter((r) => r.push !== null)).toHaveLength(1);
    const fresh = new Set(results.map((r) => r.alertId));
    expect(fresh.size).toBe(1);
    expect(fresh.has(old.alertId)).toBe(false);
    const rows = await alertsOf(org);
    expect(rows.map((r) => [r.id === old.alertId, r.open, r.occurrences])).toEqual([[true, false, 1], [false, true, 10]]);
  });

  // regression test for a bug found in review (fixed): concurrent creators now take a per-storm lock before counting
  it("a storm arriving concurrently (12 conversations at once) still makes exactly 5 single pushes and one group push", async () => {
    const org = await seedQuietOrg(db);
    const sari = await aiAgent(org);
    const ids = await Promise.all(Array.from({ length: 12 }, () => conversation(org)));
    const results = await Promise.all(ids.map((conversationId, i) => db.transaction((tx) => raise(org, { conversationId, agent: sari, at: at(i * 1000) }, tx))));
    expect(results.filter((r) => r.push?.kind === "alert")).toHaveLength(5);
    expect(results.filter((r) => r.push?.kind === "group")).toHaveLength(1);
  });
});

describe("recipients", () => {
  /**
   * Explicit recipients must be able to open monitoring (review fix): these tests promote the org's agents to admins
   * and use them as the "other members" added as recipients. Agents themselves never receive alerts (tested below).
   */
  async function promoteAgents(org: Org) {
    await db.update(memberships).set({ role: "admin" }).where(and(eq(memberships.orgId, org.orgId), eq(memberships.role, "agent")));
  }

  async function recipient(org: Org, userId: string, { channel = null, signals = Object.keys(SIGNALS), quietHours = null }: { channel?: number | null; signals?: string[]; quietHours?: QuietHours } = {}) {
    await db.insert(alertRecipients).values({ orgId: org.orgId, userId, channelId: channel === null ? null : org.channels[channel]!.id, signals, quietHours });
  }
  const resolve = (org: Org, { signal = "low_confidence", channel = 0 as number | null, when = at(0) }: { signal?: AgentSignalName; channel?: number | null; when?: Date } = {}) =>
    resolveRecipients(db, { orgId: org.orgId, channelId: channel === null ? null : org.channels[channel]!.id, signal, at: when });
  const sorted = (ids: string[]) => [...ids].sort();

  it("the org's supervisors receive every alert by default", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    for (const signal of Object.keys(SIGNALS) as AgentSignalName[]) expect(await resolve(org, { signal })).toEqual({ userIds: [supervisor], noSupervisor: false });
  });

  it("an explicit org-wide recipient (an agent) receives it too; a channel-scoped one only for that channel", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    const agent = await userIdOf(db, org, "agent");
    await promoteAgents(org);
    const [{ id: agent2 }] = (await db.select({ id: users.id }).from(users).where(eq(users.email, `agent2@${org.emailDomain}`))) as [{ id: string }];
    await recipient(org, agent);
    await recipient(org, agent2, { channel: 1 });
    expect(sorted((await resolve(org, { channel: 0 })).userIds)).toEqual(sorted([supervisor, agent]));
    expect(sorted((await resolve(org, { channel: 1 })).userIds)).toEqual(sorted([supervisor, agent, agent2]));
    // a storm group has no channel: only org-wide recipients
    expect(sorted((await resolve(org, { channel: null })).userIds)).toEqual(sorted([supervisor, agent]));
  });

  it("per-signal opt-in: a recipient not opted in to the signal is left out", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    const agent = await userIdOf(db, org, "agent");
    await promoteAgents(org);
    await recipient(org, agent, { signals: ["agent_error"] });
    expect((await resolve(org, { signal: "agent_error" })).userIds.sort()).toEqual(sorted([supervisor, agent]));
    expect((await resolve(org, { signal: "low_confidence" })).userIds).toEqual([supervisor]);
    // a supervisor's own row opts them out of a signal too
    await recipient(org, supervisor, { signals: ["low_confidence"] });
    expect((await resolve(org, { signal: "agent_error" })).userIds).toEqual([agent]);
  });

  it("a deactivated explicit recipient receives nothing", async () => {
    const org = await seedQuietOrg(db);
    const agent = await userIdOf(db, org, "agent");
    await promoteAgents(org);
    await recipient(org, agent);
    await db.update(memberships).set({ status: "deactivated", deactivatedAt: new Date() }).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, agent)));
    expect((await resolve(org)).userIds).toEqual([await userIdOf(db, org, "supervisor")]);
  });

  it("quiet hours 22:00–07:00 in Asia/Jakarta: left out at 23:00 WIB, included at 12:00 WIB", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    const agent = await userIdOf(db, org, "agent");
    await promoteAgents(org);
    await recipient(org, agent, { quietHours: { start: "22:00", end: "07:00" } });
    const at23Wib = new Date("2025-06-04T16:00:00.000Z");
    const at12Wib = new Date("2025-06-04T05:00:00.000Z");
    expect((await resolve(org, { when: at23Wib })).userIds).toEqual([supervisor]);
    expect(sorted((await resolve(org, { when: at12Wib })).userIds)).toEqual(sorted([supervisor, agent]));
  });

  it("inQuietHours: wrapping and non-wrapping ranges, end exclusive, in the given time zone", () => {
    const wib = (hhmm: string) => new Date(`2025-06-04T${hhmm}:00.000+07:00`);
    const night = { start: "22:00", end: "07:00" };
    expect(inQuietHours(night, wib("23:00"), "Asia/Jakarta")).toBe(true);
    expect(inQuietHours(night, wib("22:00"), "Asia/Jakarta")).toBe(true);
    expect(inQuietHours(night, wib("06:59"), "Asia/Jakarta")).toBe(true);
    expect(inQuietHours(night, wib("07:00"), "Asia/Jakarta")).toBe(false);
    expect(inQuietHours(night, wib("12:00"), "Asia/Jakarta")).toBe(false);
    expect(inQuietHours(night, wib("21:59"), "Asia/Jakarta")).toBe(false);
    const lunch = { start: "12:00", end: "13:00" };
    expect(inQuietHours(lunch, wib("12:30"), "Asia/Jakarta")).toBe(true);
    expect(inQuietHours(lunch, wib("12:00"), "Asia/Jakarta")).toBe(true);
    expect(inQuietHours(lunch, wib("13:00"), "Asia/Jakarta")).toBe(false);
    expect(inQuietHours(lunch, wib("11:59"), "Asia/Jakarta")).toBe(false);
    expect(inQuietHours(lunch, wib("23:00"), "Asia/Jakarta")).toBe(false);
    // 12:30 WIB is 05:30 UTC, 14:30 in Tokyo
    expect(inQuietHours(lunch, wib("12:30"), "UTC")).toBe(false);
    expect(inQuietHours({ start: "05:00", end: "06:00" }, wib("12:30"), "UTC")).toBe(true);
    expect(inQuietHours({ start: "14:00", end: "15:00" }, wib("12:30"), "Asia/Tokyo")).toBe(true);
    expect(inQuietHours(null, wib("23:00"), "Asia/Jakarta")).toBe(false);
    expect(inQuietHours({ start: "09:00", end: "09:00" }, wib("09:00"), "Asia/Jakarta")).toBe(false);
  });

  it("a non-wrapping quiet range, in the org's own time zone", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    const agent = await userIdOf(db, org, "agent");
    await promoteAgents(org);
    await recipient(org, agent, { quietHours: { start: "12:00", end: "13:00" } });
    expect((await resolve(org, { when: new Date("2025-06-04T05:30:00.000Z") })).userIds).toEqual([supervisor]); // 12:30 WIB
    expect(sorted((await resolve(org, { when: new Date("2025-06-04T06:00:00.000Z") })).userIds)).toEqual(sorted([supervisor, agent])); // 13:00 WIB
    await db.update(organizations).set({ timezone: "UTC" }).where(eq(organizations.id, org.orgId));
    expect((await resolve(org, { when: new Date("2025-06-04T12:30:00.000Z") })).userIds).toEqual([supervisor]); // 12:30 UTC
    expect(sorted((await resolve(org, { when: new Date("2025-06-04T05:30:00.000Z") })).userIds)).toEqual(sorted([supervisor, agent]));
  });

  it("a member quiet on one row but not on another applicable opted-in row still receives it", async () => {
    const org = await seedQuietOrg(db);
    const agent = await userIdOf(db, org, "agent");
    await promoteAgents(org);
    await recipient(org, agent, { quietHours: { start: "22:00", end: "07:00" } });
    await recipient(org, agent, { channel: 0 });
    expect((await resolve(org, { channel: 0, when: new Date("2025-06-04T16:00:00.000Z") })).userIds).toContain(agent);
    expect((await resolve(org, { channel: 1, when: new Date("2025-06-04T16:00:00.000Z") })).userIds).not.toContain(agent);
  });

  it("no supervisor (deactivated, removed, or all in quiet hours): owners and admins receive it, noSupervisor true", async () => {
    const fallback = async (org: Org) => sorted([await userIdOf(db, org, "owner"), await userIdOf(db, org, "admin")]);

    const deactivated = await seedQuietOrg(db);
    const sup1 = await userIdOf(db, deactivated, "supervisor");
    await db.update(memberships).set({ status: "deactivated", deactivatedAt: new Date() }).where(and(eq(memberships.orgId, deactivated.orgId), eq(memberships.userId, sup1)));
    const r1 = await resolve(deactivated);
    expect({ ...r1, userIds: sorted(r1.userIds) }).toEqual({ userIds: await fallback(deactivated), noSupervisor: true });

    const removed = await seedQuietOrg(db);
    await db.delete(memberships).where(and(eq(memberships.orgId, removed.orgId), eq(memberships.role, "supervisor")));
    const r2 = await resolve(removed);
    expect({ ...r2, userIds: sorted(r2.userIds) }).toEqual({ userIds: await fallback(removed), noSupervisor: true });

    const asleep = await seedQuietOrg(db);
    await recipient(asleep, await userIdOf(db, asleep, "supervisor"), { quietHours: { start: "22:00", end: "07:00" } });
    const r3 = await resolve(asleep, { when: new Date("2025-06-04T16:00:00.000Z") });
    expect({ ...r3, userIds: sorted(r3.userIds) }).toEqual({ userIds: await fallback(asleep), noSupervisor: true });
    expect((await resolve(asleep, { when: new Date("2025-06-04T05:00:00.000Z") })).noSupervisor).toBe(false);
  });

  it("a member without monitoring access (an agent) never receives alerts, even with a recipient row", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    const agent = await userIdOf(db, org, "agent");
    await recipient(org, agent);
    expect(await resolve(org)).toEqual({ userIds: [supervisor], noSupervisor: false });
  });
});

describe("time to open and time-to-intervene (issue 18 item 1)", () => {
  it("opening sets the time to open only; the first action (acknowledge or on the conversation) sets time-to-intervene once; another org gets null", async () => {
    const org = await seedQuietOrg(db);
    const other = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    const conversationId = await conversation(org);
    const { alertId } = await raise(org, { conversationId, at: at(0) });
    await raise(org, { conversationId, at: at(2 * MIN) }); // a repeat does not move first_seen_at

    expect(await markAlertOpened(db, { orgId: other.orgId, alertId, userId: await userIdOf(db, other, "supervisor"), at: at(MIN) })).toBeNull();
    expect(await markAlertActed(db, { orgId: other.orgId, alertId, userId: await userIdOf(db, other, "supervisor"), at: at(MIN) })).toBeNull();
    expect(await alertById(alertId)).toMatchObject({ openedAt: null, actedAt: null, timeToInterveneMs: null });
    expect(await markAlertOpened(db, { orgId: org.orgId, alertId: "not-a-uuid", userId: supervisor })).toBeNull();
    expect(await markAlertActed(db, { orgId: org.orgId, alertId: randomUUID(), userId: supervisor })).toBeNull();

    // opened after 1 min: not an intervention
    expect(await markAlertOpened(db, { orgId: org.orgId, alertId, userId: supervisor, at: at(MIN) })).toEqual({ conversationId });
    await markAlertOpened(db, { orgId: org.orgId, alertId, userId: supervisor, at: at(3 * MIN) }); // a later open changes nothing
    expect(await alertById(alertId)).toMatchObject({ openedAt: at(MIN), openedBy: supervisor, timeToOpenMs: MIN, actedAt: null, timeToInterveneMs: null });

    // the supervisor takes the conversation over after 7 min 30.25 s: that is the intervention
    const actedAt = at(7 * MIN + 30_250);
    expect(await recordIntervention(db, { orgId: other.orgId, conversationId, userId: supervisor, via: "took_over", at: actedAt })).toBe(0);
    expect(await recordIntervention(db, { orgId: org.orgId, conversationId, userId: supervisor, via: "took_over", at: actedAt })).toBe(1);
    expect(await alertById(alertId)).toMatchObject({ actedAt, actedBy: supervisor, actedVia: "took_over", timeToInterveneMs: 7 * MIN + 30_250, timeToOpenMs: MIN });

    // later actions keep the first one
    const owner = await userIdOf(db, org, "owner");
    expect(await markAlertActed(db, { orgId: org.orgId, alertId, userId: owner, at: at(30 * MIN) })).toEqual({ conversationId });
    expect(await recordIntervention(db, { orgId: org.orgId, conversationId, userId: owner, via: "resolved", at: at(31 * MIN) })).toBe(0);
    expect(await alertById(alertId)).toMatchObject({ actedAt, actedBy: supervisor, actedVia: "took_over", timeToInterveneMs: 7 * MIN + 30_250 });

    // an action only answers alerts raised before it
    const later = await conversation(org);
    const { alertId: lateAlert } = await raise(org, { conversationId: later, at: at(10 * MIN) });
    expect(await recordIntervention(db, { orgId: org.orgId, conversationId: later, userId: owner, via: "replied", at: at(9 * MIN) })).toBe(0);
    expect(await alertById(lateAlert)).toMatchObject({ actedAt: null });
    await markAlertActed(db, { orgId: org.orgId, alertId: lateAlert, userId: owner, at: at(12 * MIN) });
    expect(await alertById(lateAlert)).toMatchObject({ actedVia: "acknowledged", timeToInterveneMs: 2 * MIN });
  });
});

describe("monitoring", () => {
  it("interventionStats: median time-to-intervene of acted alerts and the share of all alerts acted on within 15 minutes", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    expect(await interventionStats(db, { orgId: org.orgId, since: at(-MIN) })).toEqual({ alerts: 0, acted: 0, medianMs: null, within15: null, opened: 0, openMedianMs: null });
    // acted after 1 min, 5 min, exactly 15 min, 20 min; one never acted on; one before `since`
    const delays = [MIN, 5 * MIN, ACT_WITHIN_MS, 20 * MIN, null];
    for (const [i, delay] of delays.entries()) {
      const { alertId } = await raise(org, { conversationId: await conversation(org), at: at(i * 1000) });
      if (delay !== null) {
        // opened half-way to the action: the time to open is reported beside time-to-intervene
        await markAlertOpened(db, { orgId: org.orgId, alertId, userId: supervisor, at: at(i * 1000 + delay / 2) });
        await markAlertActed(db, { orgId: org.orgId, alertId, userId: supervisor, at: at(i * 1000 + delay) });
      }
    }
    const old = await raise(org, { conversationId: await conversation(org), at: at(-2 * MIN) });
    await markAlertActed(db, { orgId: org.orgId, alertId: old.alertId, userId: supervisor, at: at(-2 * MIN + 1000) });

    // by hand: acted [1, 5, 15, 20] min → median (5 + 15) / 2 = 10 min; within 15 min: 3 of 5 alerts
    // opened at [0.5, 2.5, 7.5, 10] min → median 5 min
    expect(await interventionStats(db, { orgId: org.orgId, since: at(-MIN) })).toEqual({ alerts: 5, acted: 4, medianMs: 10 * MIN, within15: 0.6, opened: 4, openMedianMs: 5 * MIN });
    // including the older one: [1 s, 1, 5, 15, 20 min] → median 5 min; 4 of 6 within 15 min
    const all = await interventionStats(db, { orgId: org.orgId, since: at(-10 * MIN) });
    expect(all).toMatchObject({ alerts: 6, acted: 5, medianMs: 5 * MIN });
    expect(all.within15).toBeCloseTo(4 / 6, 10);
  });

  it("signalBreakdown per agent and channel over the last 24 h; unreadAlertCount; the feed", async () => {
    const org = await seedQuietOrg(db);
    const sari = await aiAgent(org, "Agent Sari");
    const now = at(60 * MIN);
    const [ch0, ch1] = [org.channels[0]!, org.channels[1]!];
    // conversations the AI handled in the last 24 h: ch0 two by Sari + two built-in; ch1 two built-in (+ one human-arm, not counted)
    const c1 = await conversation(org, { agentVersionId: sari.versionId });
    const c2 = await conversation(org, { agentVersionId: sari.versionId });
    const c3 = await conversation(org);
    await conversation(org);
    const c5 = await conversation(org, { channel: 1, variant: "bot" });
    await conversation(org, { channel: 1 });
    await conversation(org, { channel: 1, variant: "human" });
    const oldConversation = await conversation(org, { createdAt: new Date(now.getTime() - 25 * 60 * MIN) });

    for (let i = 0; i < 3; i++) await raise(org, { conversationId: c1, agent: sari, at: at(i * 1000) });
    await raise(org, { conversationId: c2, agent: sari, at: at(MIN) });
    const err = await raise(org, { signal: "agent_error", conversationId: c3, at: at(2 * MIN) });
    for (let i = 0; i < 2; i++) await raise(org, { conversationId: c5, channel: 1, at: at(3 * MIN + i * 1000) });
    await raise(org, { conversationId: oldConversation, at: new Date(now.getTime() - 25 * 60 * MIN) });

    const rows = await signalBreakdown(db, { orgId: org.orgId, now });
    expect(rows).toEqual([
      { dimension: "agent", name: "Agent Sari", signal: "low_confidence", alerts: 2, occurrences: 4, conversations: 2, rate: 1 },
      { dimension: "agent", name: null, signal: "agent_error", alerts: 1, occurrences: 1, conversations: 4, rate: 0.25 },
      { dimension: "agent", name: null, signal: "low_confidence", alerts: 1, occurrences: 2, conversations: 4, rate: 0.25 },
      { dimension: "channel", name: ch1.name, signal: "low_confidence", alerts: 1, occurrences: 2, conversations: 2, rate: 0.5 },
      { dimension: "channel", name: ch0.name, signal: "agent_error", alerts: 1, occurrences: 1, conversations: 4, rate: 0.25 },
      { dimension: "channel", name: ch0.name, signal: "low_confidence", alerts: 2, occurrences: 4, conversations: 4, rate: 0.5 },
    ]);

    // unread: alerts of the last 24 h nobody acted on (4), minus the one opened
    expect(await unreadAlertCount(db, { orgId: org.orgId, now })).toBe(4);
    await markAlertActed(db, { orgId: org.orgId, alertId: err.alertId, userId: await userIdOf(db, org, "supervisor"), via: "acknowledged", at: at(5 * MIN) });
    expect(await unreadAlertCount(db, { orgId: org.orgId, now })).toBe(3);
    expect(await unreadAlertCount(db, { orgId: (await seedQuietOrg(db)).orgId, now })).toBe(0);

    const feed = await listAlertFeed(db, { orgId: org.orgId });
    expect(feed.total).toBe(5);
    expect(feed.rows.map((r) => r.firstSeenAt.getTime())).toEqual([...feed.rows.map((r) => r.firstSeenAt.getTime())].sort((a, b) => b - a));
    expect(feed.rows.find((r) => r.id === err.alertId)).toMatchObject({ signal: "agent_error", channelName: ch0.name, agentName: null, actedVia: "acknowledged", actedByName: expect.any(String), timeToInterveneMs: 3 * MIN });
    expect((await listAlertFeed(db, { orgId: org.orgId, signal: "agent_error" })).total).toBe(1);
  });
});

// --- delivery with an injected transport -------------------------------------------------------------------------

type SentPush = { endpoint: string; payload: Record<string, unknown>; options: RequestOptions };

/**
 * The push transport as a fake: answers per endpoint with a status (returned, like the app's fetch transport) or
 * an Error (a network failure, thrown). `throwStatus` answers non-2xx the way `webpush.sendNotification` does
 * instead: by rejecting with a WebPushError.
 */
function fakeSend(statusOf: (endpoint: string) => number | Error = () => 201, { throwStatus = false } = {}): { send: PushSender; sent: SentPush[] } {
  const sent: SentPush[] = [];
  const send: PushSender = async (subscription, payload, options) => {
    sent.push({ endpoint: subscription.endpoint, payload: JSON.parse(payload) as Record<string, unknown>, options });
    await new Promise((r) => setTimeout(r, 2));
    const status = statusOf(subscription.endpoint);
    if (status instanceof Error) throw status;
    if (throwStatus && (status < 200 || status > 299)) throw new WebPushError("Received unexpected response code", status, {}, "", subscription.endpoint);
    return { statusCode: status };
  };
  return { send, sent };
}

async function device(userId: string, label = "Chrome on Linux"): Promise<{ id: string; endpoint: string }> {
  const endpoint = `https://push.example.test/send/${randomUUID()}`;
  const id = await saveSubscription(db, { userId, input: subscriptionInput(endpoint, newDeviceKeys(), label) });
  return { id, endpoint };
}

const deliveriesOf = (alertId: string) => db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alertId)).orderBy(asc(alertDeliveries.id));
const subscription = async (id: string) => (await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, id)))[0];

describe("deliverPush (injected transport)", () => {
  it("201: one push per device with the alert's payload, TTL, urgency, topic and VAPID; each attempt recorded", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    const [phone, laptop] = [await device(supervisor, "Chrome on Android"), await device(supervisor)];
    // the supervisor reads Tandem in English (their profile choice wins over the Indonesian org's): the push is English
    await setUiLanguage(db, { userId: supervisor, input: { language: "en" } });
    const conversationId = await conversation(org);
    const { alertId, push } = await raise(org, { conversationId });
    const { send, sent } = fakeSend();
    const before = Date.now();

    expect(await deliverPush(db, push!, { send })).toEqual({ recipients: 1, sent: 2, removed: 0, failed: 0, skipped: 0, noSupervisor: false });
    const alert = await alertById(alertId);
    const tag = dedupKeyOf(org.orgId, conversationId, "low_confidence");
    expect(alert.dedupKey).toBe(tag);
    expect(sent.map((s) => s.endpoint).sort()).toEqual([phone.endpoint, laptop.endpoint].sort());
    const vapid = vapidKeys();
    for (const s of sent) {
      expect(s.payload).toEqual({ title: "Low confidence · Tandem", body: alert.message, tag, url: `/alerts/${alertId}/open`, alertId });
      expect(s.options).toEqual({ TTL: 3600, urgency: "low", topic: topicOf(tag), vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey }, timeout: 10_000 });
    }
    expect(PUSH_TTL_SECONDS).toBe(3600);
    const rows = await deliveriesOf(alertId);
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r).toMatchObject({ orgId: org.orgId, kind: "alert", alertId, groupId: null, userId: supervisor, statusCode: 201, error: null });
      expect([phone.id, laptop.id]).toContain(r.subscriptionId);
      expect(r.latencyMs).toBeGreaterThanOrEqual(1);
      expect(r.latencyMs).toBeLessThan(10_000);
    }
    for (const d of [phone, laptop]) expect((await subscription(d.id))!.lastSuccessAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);

    // delivering the same alert again (a redelivered event) reaches nobody twice
    const again = fakeSend();
    expect(await deliverPush(db, push!, { send: again.send })).toMatchObject({ sent: 0, skipped: 2 });
    expect(again.sent).toEqual([]);
  });

  it("urgency follows the severity: high → high, medium → normal, low → low (custom severities too)", async () => {
    const org = await seedQuietOrg(db);
    await device(await userIdOf(db, org, "supervisor"));
    const urgencyOf = async (signal: AgentSignalName) => {
      const { push } = await raise(org, { signal, conversationId: await conversation(org) });
      const { send, sent } = fakeSend();
      await deliverPush(db, push!, { send });
      return sent[0]!.options.urgency;
    };
    expect(await urgencyOf("agent_error")).toBe("high");
    expect(await urgencyOf("unexpected_handoff")).toBe("high");
    expect(await urgencyOf("message_cap")).toBe("normal");
    expect(await urgencyOf("low_confidence")).toBe("low");
    await saveSettings(org, { severities: { low_confidence: "high", agent_error: "medium" } });
    expect(await urgencyOf("low_confidence")).toBe("high");
    expect(await urgencyOf("agent_error")).toBe("normal");
  });

  it("410 and 404 (returned or thrown): the subscription is deleted, the attempt recorded, nothing thrown", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    const [gone, missing, fine] = [await device(supervisor), await device(supervisor), await device(supervisor)];
    const { alertId, push } = await raise(org, { conversationId: await conversation(org) });
    const { send } = fakeSend((e) => (e === gone.endpoint ? 410 : e === missing.endpoint ? 404 : 201));
    const thrown = await raise(org, { conversationId: await conversation(org) });
    const gone2 = await device(supervisor);
    expect(await deliverPush(db, thrown.push!, { send: fakeSend((e) => (e === gone2.endpoint ? 410 : 201), { throwStatus: true }).send })).toMatchObject({ sent: 3, removed: 1 });
    expect(await subscription(gone2.id)).toBeUndefined();
    expect(await deliverPush(db, push!, { send })).toEqual({ recipients: 1, sent: 1, removed: 2, failed: 0, skipped: 0, noSupervisor: false });
    expect(await subscription(gone.id)).toBeUndefined();
    expect(await subscription(missing.id)).toBeUndefined();
    expect(await subscription(fine.id)).toBeDefined();
    const rows = await deliveriesOf(alertId);
    expect(rows.map((r) => r.statusCode).sort()).toEqual([201, 404, 410]);
    // the attempt log outlives the device (subscription_id set null)
    expect(rows.filter((r) => r.statusCode !== 201).every((r) => r.subscriptionId === null)).toBe(true);
  });

  for (const [status, throwStatus] of [[429, false], [503, false], [503, true]] as const) {
    it(`${status}${throwStatus ? " (thrown as WebPushError)" : ""}: RetryablePushError after recording; the retry skips the device already reached`, async () => {
      const org = await seedQuietOrg(db);
      const supervisor = await userIdOf(db, org, "supervisor");
      const [ok, flaky] = [await device(supervisor), await device(supervisor)];
      const { alertId, push } = await raise(org, { signal: "agent_error", conversationId: await conversation(org) });
      const first = fakeSend((e) => (e === flaky.endpoint ? status : 201), { throwStatus });
      const error = await deliverPush(db, push!, { send: first.send }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryablePushError);
      expect((error as Error).message).toContain(String(status));
      expect((await deliveriesOf(alertId)).map((r) => [r.subscriptionId, r.statusCode]).sort()).toEqual([[ok.id, 201], [flaky.id, status]].sort());
      expect(await subscription(flaky.id)).toBeDefined();

      const retry = fakeSend();
      expect(await deliverPush(db, push!, { send: retry.send })).toEqual({ recipients: 1, sent: 1, removed: 0, failed: 0, skipped: 1, noSupervisor: false });
      expect(retry.sent.map((s) => s.endpoint)).toEqual([flaky.endpoint]);
      expect(await deliveriesOf(alertId)).toHaveLength(3);
    });
  }

  it("a network error is retryable (no status code); a 400 is a recorded failure without retry", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    const d = await device(supervisor);
    const a = await raise(org, { conversationId: await conversation(org) });
    await expect(deliverPush(db, a.push!, { send: fakeSend(() => new Error("connect ECONNREFUSED")).send })).rejects.toBeInstanceOf(RetryablePushError);
    expect(await deliveriesOf(a.alertId)).toMatchObject([{ subscriptionId: d.id, statusCode: null, error: "connect ECONNREFUSED" }]);

    const b = await raise(org, { conversationId: await conversation(org) });
    expect(await deliverPush(db, b.push!, { send: fakeSend(() => 400).send })).toEqual({ recipients: 1, sent: 0, removed: 0, failed: 1, skipped: 0, noSupervisor: false });
    expect(await subscription(d.id)).toBeDefined();
  });

  it("no supervisor: owners and admins' devices get it and the alert records no_supervisor", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    await device(supervisor);
    await db.update(memberships).set({ status: "deactivated", deactivatedAt: new Date() }).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, supervisor)));
    const owner = await device(await userIdOf(db, org, "owner"));
    const admin = await device(await userIdOf(db, org, "admin"));
    const { alertId, push } = await raise(org, { conversationId: await conversation(org) });
    const { send, sent } = fakeSend();
    expect(await deliverPush(db, push!, { send })).toEqual({ recipients: 2, sent: 2, removed: 0, failed: 0, skipped: 0, noSupervisor: true });
    expect(sent.map((s) => s.endpoint).sort()).toEqual([owner.endpoint, admin.endpoint].sort());
    expect((await alertById(alertId)).noSupervisor).toBe(true);
  });

  it("a storm group's single push: count since the storm began, monitoring link, group tag; recorded against the group", async () => {
    const org = await seedQuietOrg(db);
    await saveSettings(org, { stormThreshold: 5 });
    const supervisor = await userIdOf(db, org, "supervisor");
    const d = await device(supervisor);
    const sari = await aiAgent(org);
    let group: RaisedAlert["push"] = null;
    for (let i = 0; i < 12; i++) {
      const r = await raise(org, { conversationId: await conversation(org), agent: sari, at: at(i * 20_000) });
      if (r.push?.kind === "group") group = r.push;
    }
    const { send, sent } = fakeSend();
    expect(await deliverPush(db, group!, { send })).toMatchObject({ recipients: 1, sent: 1 });
    const tag = `group:${org.orgId}:low_confidence:${sari.agentId}`;
    // the supervisor follows the Indonesian org: the push speaks Indonesian (issue 19 item 1)
    expect(sent[0]!.payload).toEqual({ title: "Tingkat keyakinan rendah · Tandem", body: "12 percakapan dengan tingkat keyakinan rendah pada Agent Sari", tag, url: "/monitoring?signal=low_confidence", alertId: null });
    expect(sent[0]!.options).toMatchObject({ TTL: 3600, urgency: "low", topic: topicOf(tag) });
    const groupId = (group as { groupId: string }).groupId;
    const rows = await db.select().from(alertDeliveries).where(eq(alertDeliveries.groupId, groupId));
    expect(rows).toMatchObject([{ kind: "group", alertId: null, subscriptionId: d.id, statusCode: 201 }]);
  });

  it("an alert of another org or an unknown one is not delivered", async () => {
    const org = await seedQuietOrg(db);
    const other = await seedQuietOrg(db);
    await device(await userIdOf(db, org, "supervisor"));
    const { alertId } = await raise(org, { conversationId: await conversation(org) });
    const { send, sent } = fakeSend();
    const none = { recipients: 0, sent: 0, removed: 0, failed: 0, skipped: 0, noSupervisor: false };
    expect(await deliverPush(db, { kind: "alert", orgId: other.orgId, alertId }, { send })).toEqual(none);
    expect(await deliverPush(db, { kind: "alert", orgId: org.orgId, alertId: randomUUID() }, { send })).toEqual(none);
    expect(await deliverPush(db, { kind: "group", orgId: org.orgId, groupId: randomUUID() }, { send })).toEqual(none);
    expect(sent).toEqual([]);
  });

  it("sendTestNotification reaches each of the user's devices and records kind test", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    const [a, b] = [await device(supervisor), await device(supervisor)];
    const { send, sent } = fakeSend((e) => (e === b.endpoint ? 410 : 201));
    expect(await sendTestNotification(db, { orgId: org.orgId, userId: supervisor, send })).toEqual({ sent: 1, failed: 0, removed: 1 });
    expect(sent.find((s) => s.endpoint === a.endpoint)!.payload).toEqual({ title: "Notifikasi uji Tandem", body: "Notifikasi push berfungsi di perangkat ini.", tag: `test:${supervisor}`, url: "/monitoring", alertId: null });
    expect(sent[0]!.options).toMatchObject({ TTL: 60, urgency: "normal", topic: topicOf(`test:${supervisor}`) });
    const rows = await db.select().from(alertDeliveries).where(and(eq(alertDeliveries.userId, supervisor), isNull(alertDeliveries.alertId)));
    expect(rows.map((r) => [r.kind, r.statusCode]).sort()).toEqual([["test", 201], ["test", 410]]);
    expect(await subscription(b.id)).toBeUndefined();
  });

  it("topicOf: URL-safe base64, at most 32 characters, stable per tag", () => {
    const tag = dedupKeyOf(randomUUID(), randomUUID(), "low_confidence");
    expect(topicOf(tag)).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(topicOf(tag)).toHaveLength(32);
    expect(topicOf(tag)).toBe(topicOf(tag));
    expect(topicOf(`${tag}x`)).not.toBe(topicOf(tag));
  });
});
