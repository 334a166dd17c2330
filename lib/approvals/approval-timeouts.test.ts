/**
 * Approval timeouts (004_… §9 "Approval Timeout (>30 min)") on a real database, with real Web Pushes to a local push
 * service over HTTP: level 1 at 30 minutes notifies the assigned operator (or, unassigned, every active agent), level 2
 * at 60 minutes the org's active supervisors, admins and owners; each level fires once per approval.
 *
 * Approvals are built by hand (conversation → customer message → pending approval) with due times 30 and 60 minutes
 * after a fixed creation instant, and `fireApprovalTimeouts` is called with an explicit `now`, so every expectation is
 * computed from those instants. The push bodies are decrypted (RFC 8291 aes128gcm) with the receiving device's keys,
 * which proves each push was encrypted for — and routed to — that device.
 */
import { setUiLanguage } from "@/lib/members/set-ui-language";
import { createDecipheriv, createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { alertDeliveries, approvals, conversations, events, memberships, messages, outbox } from "@/db/schema";
import { topicOf } from "@/lib/alerts/deliver-push";
import { saveSubscription } from "@/lib/alerts/push-subscriptions";
import type { Role } from "@/lib/auth/roles";
import { seedQuietOrg, testDb } from "@/test/db";
import { userIdOf } from "@/test/members";
import { type DeviceKeys, localPushService, newDeviceKeys, type PushServiceRequest, subscriptionInput } from "@/test/push-service";
import { fireApprovalTimeouts } from "./approval-timeouts";

const local = localPushService();
let db: Db;

beforeAll(async () => {
  db = await testDb();
});

type Org = Awaited<ReturnType<typeof seedQuietOrg>>;
const ROLES = ["owner", "admin", "supervisor", "agent", "agent2", "agent3"] as const;
type Member = (typeof ROLES)[number];
type OrgWithDevices = { org: Org; ids: Record<Member, string>; paths: Record<Member, string>; keys: Record<Member, DeviceKeys> };

/** A fresh org whose six members (owner, admin, supervisor, three agents) each have one device on the local push service. */
async function orgWithDevices(): Promise<OrgWithDevices> {
  const org = await seedQuietOrg(db);
  const ids = {} as Record<Member, string>;
  const paths = {} as Record<Member, string>;
  const keys = {} as Record<Member, DeviceKeys>;
  for (const m of ROLES) {
    ids[m] = await userIdOf(db, org, m as Role);
    keys[m] = newDeviceKeys();
    const endpoint = local.service.endpoint(`${org.slug}-${m}`);
    paths[m] = new URL(endpoint).pathname;
    await saveSubscription(db, { userId: ids[m], input: subscriptionInput(endpoint, keys[m], `${m}'s laptop`) });
  }
  return { org, ids, paths, keys };
}

/** 10:00 in Jakarta on a Tuesday; the approvals below are created at T0 unless said otherwise. */
const T0 = new Date("2025-06-03T03:00:00.000Z");
const min = (n: number, from = T0) => new Date(from.getTime() + n * 60_000);
let ids = 7000;

/** A pending approval of a P1 draft for "Rina Wulandari", created at `createdAt`, due 30 and 60 minutes later. */
async function pendingApproval(o: OrgWithDevices, { assigneeId, createdAt = T0, status = "pending" }: { assigneeId: string | null; createdAt?: Date; status?: "pending" | "escalated" | "sent" | "sending" }) {
  const { orgId } = o.org;
  const [conv] = await db
    .insert(conversations)
    .values({ orgId, channelId: o.org.channels[1]!.id, externalId: String(++ids), contactId: `chatwoot:${ids}`, contactName: "Rina Wulandari", priority: "P1", firstMessagePreview: "Where is my order?", messageCount: 1, lastMessageAt: createdAt, createdAt })
    .returning({ id: conversations.id });
  const [msg] = await db.insert(messages).values({ orgId, conversationId: conv!.id, externalId: String(++ids), sender: "customer", content: "Where is my order?", sentAt: createdAt }).returning({ id: messages.id });
  const decided = status !== "pending";
  const [a] = await db
    .insert(approvals)
    .values({
      orgId,
      conversationId: conv!.id,
      messageId: msg!.id,
      draft: "Your order ships tomorrow.",
      confidence: 0.8,
      assigneeId,
      status,
      operatorDueAt: min(30, createdAt),
      managerDueAt: min(60, createdAt),
      createdAt,
      ...(decided ? { decision: status === "escalated" ? ("escalated" as const) : ("approved" as const), decidedAt: min(5, createdAt), decidedBy: assigneeId } : {}),
      ...(status === "sent" ? { finalText: "Your order ships tomorrow.", sentAt: min(5, createdAt), editDistance: 0 } : {}),
      ...(status === "sending" ? { finalText: "Your order ships tomorrow." } : {}),
      ...(status === "escalated" ? { escalationReason: "refund over the limit" } : {}),
    })
    .returning({ id: approvals.id });
  return { id: a!.id, conversationId: conv!.id };
}

const requestsTo = (path: string) => local.service.requests.filter((r) => r.path === path);
/** Pushes each member of the org received so far. */
function pushCounts(o: OrgWithDevices): Record<Member, number> {
  return Object.fromEntries(ROLES.map((m) => [m, requestsTo(o.paths[m]).length])) as Record<Member, number>;
}
const counts = (partial: Partial<Record<Member, number>>): Record<Member, number> => ({ owner: 0, admin: 0, supervisor: 0, agent: 0, agent2: 0, agent3: 0, ...partial });
const levelOf = async (id: string) => (await db.select({ level: approvals.escalationLevel }).from(approvals).where(eq(approvals.id, id)))[0]!.level;
const timeoutEvents = (orgId: string) => db.select().from(events).where(and(eq(events.orgId, orgId), eq(events.name, "approval_timeout"))).orderBy(events.id);

/** Decrypts an aes128gcm Web Push body (RFC 8188 / RFC 8291, one record) with the receiving device's keys. */
function decryptPush(body: Buffer, keys: DeviceKeys): unknown {
  const hmac = (key: Buffer, data: Buffer) => createHmac("sha256", key).update(data).digest();
  const salt = body.subarray(0, 16);
  const idLength = body[20]!;
  const senderPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const ikm = hmac(hmac(keys.authSecret, keys.ecdh.computeSecret(senderPublic)), Buffer.concat([Buffer.from("WebPush: info\0"), keys.ecdh.getPublicKey(), senderPublic, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0\x01", "binary")).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0\x01", "binary")).subarray(0, 12);
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (padded[end] === 0) end--;
  expect(padded[end]).toBe(2); // the last record's delimiter
  return JSON.parse(padded.subarray(0, end).toString("utf8"));
}

function expectPush(request: PushServiceRequest, keys: DeviceKeys, { approvalId, urgency, payload }: { approvalId: string; urgency: "normal" | "high"; payload: Record<string, unknown> }) {
  expect(request.method).toBe("POST");
  expect(request.headers).toMatchObject({ urgency, ttl: "3600", topic: topicOf(`approval:${approvalId}`), "content-encoding": "aes128gcm" });
  expect(request.headers.authorization).toMatch(/^vapid t=/);
  expect(decryptPush(request.body, keys)).toEqual(payload);
}

describe("fireApprovalTimeouts: the assigned operator at 30 minutes, the managers at 60", () => {
  it("fires nothing at 29 minutes; at 30 notifies only the assignee once; at 60 the supervisor, admin and owner (urgency high), never the agents", async () => {
    const o = await orgWithDevices();
    const a = await pendingApproval(o, { assigneeId: o.ids.agent2 });
    // the managers chose English on their profiles; the operator follows the Indonesian org (issue 19): each reads
    // the notice in their own language
    for (const m of ["owner", "admin", "supervisor"] as const) await setUiLanguage(db, { userId: o.ids[m], input: { language: "en" } });

    // 29 minutes (and one millisecond before 30): nothing
    expect(await fireApprovalTimeouts(db, { now: min(29) })).toEqual([]);
    expect(await fireApprovalTimeouts(db, { now: new Date(min(30).getTime() - 1) })).toEqual([]);
    expect(await levelOf(a.id)).toBe(0);
    expect(pushCounts(o)).toEqual(counts({}));
    expect(await timeoutEvents(o.org.orgId)).toEqual([]);

    // 30 minutes: level 1, the assignee (agent2) only
    const fired = (await fireApprovalTimeouts(db, { now: min(30) })).filter((f) => f.orgId === o.org.orgId);
    expect(fired).toEqual([{ approvalId: a.id, orgId: o.org.orgId, level: 1, notified: [o.ids.agent2], dueAt: min(30), lateMs: 0 }]);
    expect(await levelOf(a.id)).toBe(1);
    expect(pushCounts(o)).toEqual(counts({ agent2: 1 }));
    expectPush(requestsTo(o.paths.agent2)[0]!, o.keys.agent2, {
      approvalId: a.id,
      urgency: "normal",
      payload: { title: "Draf menunggu 30 mnt · Tandem", body: "Draf P1 untuk Rina Wulandari sudah menunggu persetujuan selama 30 menit.", tag: `approval:${a.id}`, url: `/approvals?id=${a.id}`, alertId: null },
    });
    // the push is logged like an alert's, for agent2's device
    const logged = await db.select({ kind: alertDeliveries.kind, userId: alertDeliveries.userId, statusCode: alertDeliveries.statusCode }).from(alertDeliveries).where(eq(alertDeliveries.orgId, o.org.orgId));
    expect(logged).toEqual([{ kind: "approval_timeout", userId: o.ids.agent2, statusCode: 201 }]);
    // the notice was committed with the level as an outbox row (a crash before the send loses nothing), and is done
    expect(await db.select({ status: outbox.status, topic: outbox.topic }).from(outbox).where(eq(outbox.dedupKey, `approval-timeout:${a.id}:1`))).toEqual([{ status: "done", topic: "members/push.requested" }]);
    const [e1] = await timeoutEvents(o.org.orgId);
    expect(e1).toMatchObject({ conversationId: a.conversationId, dedupKey: `approval_timeout:${a.id}:1`, properties: { approval_id: a.id, level: 1, minutes: 30, notified: 1, due_at: min(30).toISOString(), late_ms: 0 } });

    // running again (the sweep after the timer, or a retry) at 30 and at 59 minutes: nothing more
    expect(await fireApprovalTimeouts(db, { now: min(30), approvalId: a.id })).toEqual([]);
    expect(await fireApprovalTimeouts(db, { now: min(59), approvalId: a.id })).toEqual([]);
    expect(pushCounts(o)).toEqual(counts({ agent2: 1 }));
    expect(await timeoutEvents(o.org.orgId)).toHaveLength(1);

    // 60 minutes: level 2 — supervisor, admin, owner; no agent
    const second = await fireApprovalTimeouts(db, { now: min(60), approvalId: a.id });
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ approvalId: a.id, orgId: o.org.orgId, level: 2 });
    expect([...second[0]!.notified].sort()).toEqual([o.ids.owner, o.ids.admin, o.ids.supervisor].sort());
    expect(await levelOf(a.id)).toBe(2);
    expect(pushCounts(o)).toEqual(counts({ agent2: 1, owner: 1, admin: 1, supervisor: 1 }));
    for (const m of ["owner", "admin", "supervisor"] as const) {
      expectPush(requestsTo(o.paths[m])[0]!, o.keys[m], {
        approvalId: a.id,
        urgency: "high",
        payload: { title: "Draft waiting 60 min · Tandem", body: "A P1 draft for Rina Wulandari has waited 60 minutes for approval — SLA at risk.", tag: `approval:${a.id}`, url: `/approvals?id=${a.id}`, alertId: null },
      });
    }
    const [, e2] = await timeoutEvents(o.org.orgId);
    expect(e2).toMatchObject({ dedupKey: `approval_timeout:${a.id}:2`, properties: { approval_id: a.id, level: 2, minutes: 60, notified: 3 } });

    // and never again
    expect(await fireApprovalTimeouts(db, { now: min(24 * 60), approvalId: a.id })).toEqual([]);
    expect(pushCounts(o)).toEqual(counts({ agent2: 1, owner: 1, admin: 1, supervisor: 1 }));
    expect(await timeoutEvents(o.org.orgId)).toHaveLength(2);
  });

  it("a first look after 60 minutes (a lost timer, or downtime) fires both levels once, late, in order: operator, then managers, with the real due times and wait", async () => {
    const o = await orgWithDevices();
    const a = await pendingApproval(o, { assigneeId: o.ids.agent });
    const fired = await fireApprovalTimeouts(db, { now: min(75), approvalId: a.id });
    expect(fired.map((f) => [f.level, f.notified.length, f.dueAt, f.lateMs])).toEqual([
      [1, 1, min(30), 45 * 60_000],
      [2, 3, min(60), 15 * 60_000],
    ]);
    expect((await timeoutEvents(o.org.orgId)).map((e) => e.properties)).toEqual([
      expect.objectContaining({ level: 1, minutes: 75, due_at: min(30).toISOString(), late_ms: 45 * 60_000 }),
      expect.objectContaining({ level: 2, minutes: 75, due_at: min(60).toISOString(), late_ms: 15 * 60_000 }),
    ]);
    expect(decryptPush(requestsTo(o.paths.agent)[0]!.body, o.keys.agent)).toMatchObject({ title: "Draf menunggu 75 mnt · Tandem", body: "Draf P1 untuk Rina Wulandari sudah menunggu persetujuan selama 75 menit." });
    expect(await fireApprovalTimeouts(db, { now: min(90), approvalId: a.id })).toEqual([]);
    expect(fired[0]!.notified).toEqual([o.ids.agent]);
    expect(pushCounts(o)).toEqual(counts({ agent: 1, owner: 1, admin: 1, supervisor: 1 }));
    expect(requestsTo(o.paths.agent)[0]!.headers.urgency).toBe("normal");
    expect(requestsTo(o.paths.supervisor)[0]!.headers.urgency).toBe("high");
    expect(await levelOf(a.id)).toBe(2);
  });

  it("an unassigned approval at 30 minutes notifies every active agent (not a deactivated one, not the managers)", async () => {
    const o = await orgWithDevices();
    await db.update(memberships).set({ status: "deactivated", deactivatedAt: new Date() }).where(and(eq(memberships.orgId, o.org.orgId), eq(memberships.userId, o.ids.agent3)));
    const a = await pendingApproval(o, { assigneeId: null });
    const [fired, ...rest] = await fireApprovalTimeouts(db, { now: min(30), approvalId: a.id });
    expect(rest).toEqual([]);
    expect(fired).toMatchObject({ approvalId: a.id, level: 1 });
    expect([...fired!.notified].sort()).toEqual([o.ids.agent, o.ids.agent2].sort());
    expect(pushCounts(o)).toEqual(counts({ agent: 1, agent2: 1 }));
    for (const m of ["agent", "agent2"] as const) expect(requestsTo(o.paths[m])[0]!.headers.urgency).toBe("normal");
  });

  it("a deactivated supervisor is not alerted at 60 minutes", async () => {
    const o = await orgWithDevices();
    await db.update(memberships).set({ status: "deactivated", deactivatedAt: new Date() }).where(and(eq(memberships.orgId, o.org.orgId), eq(memberships.userId, o.ids.supervisor)));
    const a = await pendingApproval(o, { assigneeId: o.ids.agent });
    await fireApprovalTimeouts(db, { now: min(30), approvalId: a.id });
    const [fired] = await fireApprovalTimeouts(db, { now: min(60), approvalId: a.id });
    expect([...fired!.notified].sort()).toEqual([o.ids.owner, o.ids.admin].sort());
    expect(pushCounts(o)).toEqual(counts({ agent: 1, owner: 1, admin: 1 }));
  });

  it("decided approvals (sent, sending, escalated) never fire, even hours late", async () => {
    const o = await orgWithDevices();
    const decided = await Promise.all((["sent", "sending", "escalated"] as const).map((status) => pendingApproval(o, { assigneeId: o.ids.agent, status })));
    const fired = (await fireApprovalTimeouts(db, { now: min(5 * 60) })).filter((f) => f.orgId === o.org.orgId);
    expect(fired).toEqual([]);
    for (const a of decided) expect(await levelOf(a.id)).toBe(0);
    expect(pushCounts(o)).toEqual(counts({}));
    expect(await timeoutEvents(o.org.orgId)).toEqual([]);
  });

  it("with an approvalId, only that approval fires; the sweep (no id) then fires the others that are due", async () => {
    const o = await orgWithDevices();
    const mine = await pendingApproval(o, { assigneeId: o.ids.agent });
    const another = await pendingApproval(o, { assigneeId: o.ids.agent2 });
    const notYet = await pendingApproval(o, { assigneeId: o.ids.agent3, createdAt: min(10) });

    expect((await fireApprovalTimeouts(db, { now: min(30), approvalId: mine.id })).map((f) => [f.approvalId, f.level])).toEqual([[mine.id, 1]]);
    expect(await levelOf(another.id)).toBe(0);
    expect(pushCounts(o)).toEqual(counts({ agent: 1 }));

    // the sweep at 30 min: `another` is due; `notYet` (created 10 minutes later) is due at 40
    const swept = (await fireApprovalTimeouts(db, { now: min(30) })).filter((f) => f.orgId === o.org.orgId);
    expect(swept.map((f) => [f.approvalId, f.level])).toEqual([[another.id, 1]]);
    expect(pushCounts(o)).toEqual(counts({ agent: 1, agent2: 1 }));
    expect(await levelOf(notYet.id)).toBe(0);
    const at40 = (await fireApprovalTimeouts(db, { now: min(40) })).filter((f) => f.orgId === o.org.orgId);
    expect(at40.map((f) => [f.approvalId, f.level, f.notified])).toEqual([[notYet.id, 1, [o.ids.agent3]]]);
  });

  it("leaves another org's approvals and members alone", async () => {
    const o = await orgWithDevices();
    const other = await orgWithDevices();
    const a = await pendingApproval(o, { assigneeId: null });
    const theirs = await pendingApproval(other, { assigneeId: null });

    // an id-scoped run fires ours only, and notifies our agents only
    const fired = await fireApprovalTimeouts(db, { now: min(60), approvalId: a.id });
    expect(fired.map((f) => [f.orgId, f.level])).toEqual([
      [o.org.orgId, 1],
      [o.org.orgId, 2],
    ]);
    expect(fired.flatMap((f) => f.notified).every((u) => Object.values(o.ids).includes(u))).toBe(true);
    expect(await levelOf(theirs.id)).toBe(0);
    expect(pushCounts(other)).toEqual(counts({}));
    expect(pushCounts(o)).toEqual(counts({ agent: 1, agent2: 1, agent3: 1, owner: 1, admin: 1, supervisor: 1 }));
    expect(await timeoutEvents(other.org.orgId)).toEqual([]);

    // the other org's own timeout reaches its own members only
    await fireApprovalTimeouts(db, { now: min(30), approvalId: theirs.id });
    expect(pushCounts(other)).toEqual(counts({ agent: 1, agent2: 1, agent3: 1 }));
    expect(pushCounts(o)).toEqual(counts({ agent: 1, agent2: 1, agent3: 1, owner: 1, admin: 1, supervisor: 1 }));
  });
});
