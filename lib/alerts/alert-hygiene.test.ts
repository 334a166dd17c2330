/**
 * Alerts people can keep up with (issue 18 item 6) on a real database: bulk acknowledge, snoozing a signal for a
 * channel or an agent (alerts recorded, no push), the noisy marker, who can receive a push, and alerts whose push
 * reached no device.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import { alertDeliveries, alerts, auditLog, conversations } from "@/db/schema";
import { BUILT_IN_AGENT_NAME } from "@/lib/agent/channel-agent";
import { UserError } from "@/lib/errors/user-error";
import { seedQuietOrg, testDb } from "@/test/db";
import { signInAs, userIdOf } from "@/test/members";
import { acknowledgeAlerts } from "./act-on-alert";
import { deviceCoverage } from "./device-coverage";
import { listAlertFeed, noisySignals } from "./monitoring";
import { saveSubscription } from "./push-subscriptions";
import { saveRecipient } from "./manage-recipients";
import { BUILT_IN_AGENT_KEY, raiseAlert } from "./raise-alert";
import { activeSnoozes, endSnooze, snoozeSignal } from "./snooze-alerts";

type Org = Awaited<ReturnType<typeof seedQuietOrg>>;
let db: Db;

beforeAll(async () => {
  db = await testDb();
});

async function conversation(org: Org, channel = 0): Promise<string> {
  const [row] = await db
    .insert(conversations)
    .values({ orgId: org.orgId, channelId: org.channels[channel]!.id, externalId: `h-${randomUUID()}`, contactId: "k", firstMessagePreview: "hi", lastMessageAt: new Date() })
    .returning({ id: conversations.id });
  return row!.id;
}

/** A low-confidence alert from the built-in assistant on a new conversation of `channel`, raised at `at`. */
async function raise(org: Org, { channel = 0, at = new Date() }: { channel?: number; at?: Date } = {}) {
  const conversationId = await conversation(org, channel);
  return db.transaction((tx) =>
    raiseAlert(tx, {
      orgId: org.orgId, signal: { signal: "low_confidence", value: 0.2, threshold: 0.4 }, conversationId, channelId: org.channels[channel]!.id,
      channelName: org.channels[channel]!.name, agentId: null, agentName: BUILT_IN_AGENT_NAME, agentVersionId: null, at,
    }),
  );
}

async function refused(promise: Promise<unknown>, status: number) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).status).toBe(status);
}

describe("bulk acknowledge", () => {
  it("acknowledges the chosen alerts of the org that nobody acted on, in one go; bad lists change nothing", async () => {
    const [org, other] = [await seedQuietOrg(db), await seedQuietOrg(db)];
    const supervisor = await userIdOf(db, org, "supervisor");
    const [a, b, c] = [await raise(org), await raise(org), await raise(org)];
    const theirs = await raise(other);
    expect(await acknowledgeAlerts(db, { orgId: org.orgId, alertIds: [a.alertId, b.alertId, b.alertId, theirs.alertId], userId: supervisor })).toBe(2);
    const byId = async (id: string) => (await db.select().from(alerts).where(eq(alerts.id, id)))[0]!;
    expect(await byId(a.alertId)).toMatchObject({ actedVia: "acknowledged", actedBy: supervisor });
    expect((await byId(c.alertId)).actedAt).toBeNull();
    expect((await byId(theirs.alertId)).actedAt).toBeNull();
    expect(await acknowledgeAlerts(db, { orgId: org.orgId, alertIds: [a.alertId], userId: supervisor })).toBe(0);
    await expect(acknowledgeAlerts(db, { orgId: org.orgId, alertIds: [], userId: supervisor })).rejects.toBeInstanceOf(ZodError);
    await expect(acknowledgeAlerts(db, { orgId: org.orgId, alertIds: Array.from({ length: 101 }, () => randomUUID()), userId: supervisor })).rejects.toBeInstanceOf(ZodError);
    await expect(acknowledgeAlerts(db, { orgId: org.orgId, alertIds: [c.alertId, "nope"], userId: supervisor })).rejects.toBeInstanceOf(ZodError);
    expect((await byId(c.alertId)).actedAt).toBeNull();
  });
});

describe("snoozing a signal", () => {
  it("for a channel: alerts there are recorded and marked snoozed with no push; other channels push; ending it brings pushes back", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await signInAs(db, org, "supervisor");
    const { id, until } = await snoozeSignal(db, { actor: supervisor, input: { scope: "channel", signal: "low_confidence", channelId: org.channels[0]!.id, hours: 4 } });
    expect(until.getTime() - Date.now()).toBeGreaterThan(4 * 3600_000 - 10_000);
    const quiet = await raise(org, { channel: 0 });
    expect(quiet.push).toBeNull();
    expect((await db.select().from(alerts).where(eq(alerts.id, quiet.alertId)))[0]).toMatchObject({ snoozed: true });
    const loud = await raise(org, { channel: 1 });
    expect(loud.push).toEqual({ kind: "alert", orgId: org.orgId, alertId: loud.alertId });
    expect((await activeSnoozes(db, { orgId: org.orgId })).map((s) => ({ scope: s.scope, channelName: s.channelName, signal: s.signal }))).toEqual([{ scope: "channel", channelName: org.channels[0]!.name, signal: "low_confidence" }]);
    // the feed shows it, snoozed
    const feed = await listAlertFeed(db, { orgId: org.orgId });
    expect(feed.rows.find((r) => r.id === quiet.alertId)).toMatchObject({ snoozed: true, reachedNoDevice: false });

    await endSnooze(db, { actor: supervisor, snoozeId: id });
    expect(await activeSnoozes(db, { orgId: org.orgId })).toEqual([]);
    expect((await raise(org, { channel: 0 })).push).not.toBeNull();
    await refused(endSnooze(db, { actor: supervisor, snoozeId: id }), 404);
  });

  it("snoozing the same signal there again moves the one snooze's end (a double click, two supervisors at once): one row, audited", async () => {
    const org = await seedQuietOrg(db);
    const [supervisor, admin] = [await signInAs(db, org, "supervisor"), await signInAs(db, org, "admin")];
    const input = (hours: number) => ({ scope: "channel", signal: "low_confidence", channelId: org.channels[0]!.id, hours });
    const first = await snoozeSignal(db, { actor: supervisor, input: input(8) });
    // at once, from two supervisors
    const [a, b] = await Promise.all([snoozeSignal(db, { actor: supervisor, input: input(1) }), snoozeSignal(db, { actor: admin, input: input(1) })]);
    expect([a.id, b.id]).toEqual([first.id, first.id]);
    const snoozes = await activeSnoozes(db, { orgId: org.orgId });
    expect(snoozes.map((s) => s.id)).toEqual([first.id]);
    expect([a.until.getTime(), b.until.getTime()]).toContain(snoozes[0]!.until.getTime()); // the last one to commit
    // the audit keeps each change of its end: first from nothing, then from the 8 hours
    const audit = await db.select({ changes: auditLog.changes }).from(auditLog).where(and(eq(auditLog.orgId, org.orgId), eq(auditLog.action, "alerts.signal_snoozed"), eq(auditLog.targetId, first.id)));
    expect(audit.map((r) => r.changes.until?.from)).toEqual(expect.arrayContaining([null, first.until.toISOString()]));
    expect(audit).toHaveLength(3);
    // another channel, or the agent scope, is a snooze of its own
    await snoozeSignal(db, { actor: supervisor, input: { ...input(4), channelId: org.channels[1]!.id } });
    await snoozeSignal(db, { actor: supervisor, input: { scope: "agent", signal: "low_confidence", agentKey: BUILT_IN_AGENT_KEY, hours: 4 } });
    expect(await activeSnoozes(db, { orgId: org.orgId })).toHaveLength(3);
    // ended, then snoozed again: running again
    await endSnooze(db, { actor: supervisor, snoozeId: first.id });
    const again = await snoozeSignal(db, { actor: supervisor, input: input(4) });
    expect((await activeSnoozes(db, { orgId: org.orgId })).filter((s) => s.channelName === org.channels[0]!.name).map((s) => [s.id, s.until.getTime()])).toEqual([[first.id, again.until.getTime()]]);
  });

  it("for an agent (the built-in assistant): every channel's alerts of it hold their push", async () => {
    const org = await seedQuietOrg(db);
    await snoozeSignal(db, { actor: await signInAs(db, org, "admin"), input: { scope: "agent", signal: "low_confidence", agentKey: BUILT_IN_AGENT_KEY, hours: 1 } });
    expect((await raise(org, { channel: 0 })).push).toBeNull();
    expect((await raise(org, { channel: 1 })).push).toBeNull();
  });

  it("refuses agents, another org's channel and bad input; nothing is stored", async () => {
    const [org, other] = [await seedQuietOrg(db), await seedQuietOrg(db)];
    await refused(snoozeSignal(db, { actor: await signInAs(db, org, "agent"), input: { scope: "channel", signal: "low_confidence", channelId: org.channels[0]!.id, hours: 1 } }), 403);
    const supervisor = await signInAs(db, org, "supervisor");
    await refused(snoozeSignal(db, { actor: supervisor, input: { scope: "channel", signal: "low_confidence", channelId: other.channels[0]!.id, hours: 1 } }), 404);
    await expect(snoozeSignal(db, { actor: supervisor, input: { scope: "channel", signal: "low_confidence", channelId: org.channels[0]!.id, hours: 3 } })).rejects.toBeInstanceOf(ZodError);
    await expect(snoozeSignal(db, { actor: supervisor, input: { scope: "everywhere", signal: "low_confidence", hours: 1 } })).rejects.toBeInstanceOf(ZodError);
    expect(await activeSnoozes(db, { orgId: org.orgId })).toEqual([]);
  });
});

describe("noisy signals, push coverage", () => {
  it("marks a signal noisy above the hourly threshold", async () => {
    const org = await seedQuietOrg(db);
    for (let i = 0; i < 4; i++) await raise(org, { at: new Date(Date.now() - i * 60_000) });
    await raise(org, { at: new Date(Date.now() - 2 * 3600_000) }); // over an hour ago: not counted
    expect(await noisySignals(db, { orgId: org.orgId, threshold: 3 })).toEqual([{ signal: "low_confidence", alerts: 4 }]);
    expect(await noisySignals(db, { orgId: org.orgId, threshold: 4 })).toEqual([]);
  });

  it("lists who alerts go to (never agents) with their devices, those without one first; flags an alert whose push reached no device", async () => {
    const org = await seedQuietOrg(db);
    const [supervisorId, agentId] = [await userIdOf(db, org, "supervisor"), await userIdOf(db, org, "agent")];
    await saveSubscription(db, { userId: supervisorId, input: { endpoint: `https://push.example.com/${randomUUID()}`, keys: { p256dh: "A".repeat(87), auth: "B".repeat(22) } }, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/120" });
    let coverage: Awaited<ReturnType<typeof deviceCoverage>> = await deviceCoverage(db, { orgId: org.orgId });
    expect(coverage.find((c) => c.userId === supervisorId)).toMatchObject({ devices: 1, role: "supervisor" });
    expect(coverage.find((c) => c.userId === agentId)).toBeUndefined();
    expect(coverage.at(-1)?.devices).toBe(1);
    // the owner, named a recipient in Settings › Alerts, has no device: listed first
    const ownerId = await userIdOf(db, org, "owner");
    await saveRecipient(db, { actor: await signInAs(db, org, "owner"), input: { userId: ownerId, signals: ["low_confidence"] } });
    coverage = await deviceCoverage(db, { orgId: org.orgId });
    expect(coverage.find((c) => c.userId === ownerId)).toMatchObject({ devices: 0, explicitRecipient: true });
    expect(coverage[0]!.devices).toBe(0);

    // two alerts decided two minutes ago: one push reached a device (201), the other was refused (410)
    const [reached, missed] = [await raise(org), await raise(org)];
    await db.update(alerts).set({ stormCheckedAt: new Date(Date.now() - 120_000) }).where(eq(alerts.orgId, org.orgId));
    await db.insert(alertDeliveries).values([
      { orgId: org.orgId, alertId: reached.alertId, kind: "alert", userId: supervisorId, statusCode: 201, latencyMs: 40 },
      { orgId: org.orgId, alertId: missed.alertId, kind: "alert", userId: supervisorId, statusCode: 410, latencyMs: 40 },
    ]);
    const feed = await listAlertFeed(db, { orgId: org.orgId });
    expect(feed.rows.find((r) => r.id === reached.alertId)?.reachedNoDevice).toBe(false);
    expect(feed.rows.find((r) => r.id === missed.alertId)?.reachedNoDevice).toBe(true);
  });
});
