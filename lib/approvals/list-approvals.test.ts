/**
 * The approvals queue and drawer detail (004_… §4 Step 3) on a real database: who sees what (agents their own and
 * unassigned drafts; supervisors, admins and owners all), the tabs, the pending order (priority, then SLA due time),
 * and the drawer's detail with the conversation's public history only.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { approvals, conversations, messages } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { seedTestOrg, testDb } from "@/test/db";
import { signInAs } from "@/test/members";
import { approvalParamsSchema, getApprovalDetail, listApprovals, QUEUE_LIMIT } from "./list-approvals";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;
let org: Org;
let agent: Membership;
let agent2: Membership;
let supervisor: Membership;
let owner: Membership;
let outsider: Membership;

const T0 = new Date("2025-06-03T03:00:00.000Z");
const plus = (minutes: number, from = T0) => new Date(from.getTime() + minutes * 60_000);

type Spec = { priority: "P0" | "P1" | "P2" | "P3" | null; due: Date | null; assignee: Membership | null; status?: "pending" | "sending" | "sent" | "escalated"; createdAt: Date; customer?: string };
async function approvalFor(o: Org, s: Spec) {
  const [conv] = await db
    .insert(conversations)
    .values({ orgId: o.orgId, channelId: o.channels[1]!.id, externalId: randomUUID(), contactId: `chatwoot:${randomUUID()}`, contactName: s.customer ?? "Rina Wulandari", priority: s.priority, slaFirstResponseDueAt: s.due, firstMessagePreview: "Di mana pesanan saya?", messageCount: 1, lastMessageAt: s.createdAt, createdAt: s.createdAt })
    .returning({ id: conversations.id });
  const [msg] = await db.insert(messages).values({ orgId: o.orgId, conversationId: conv!.id, externalId: randomUUID(), sender: "customer", content: "Di mana pesanan saya?", sentAt: s.createdAt }).returning({ id: messages.id });
  const status = s.status ?? "pending";
  const [a] = await db
    .insert(approvals)
    .values({
      orgId: o.orgId,
      conversationId: conv!.id,
      messageId: msg!.id,
      draft: "Pesanan Anda dikirim besok.",
      confidence: 0.82,
      assigneeId: s.assignee?.userId ?? null,
      status,
      ...(status !== "pending" ? { decision: status === "escalated" ? ("escalated" as const) : ("approved" as const), decidedAt: plus(5, s.createdAt), decidedBy: s.assignee?.userId ?? null, finalText: "Pesanan Anda dikirim besok." } : {}),
      ...(status === "sent" ? { sentAt: plus(5, s.createdAt), editDistance: 0 } : {}),
      ...(status === "escalated" ? { escalationReason: "refund above the limit", finalText: null } : {}),
      operatorDueAt: plus(30, s.createdAt),
      managerDueAt: plus(60, s.createdAt),
      createdAt: s.createdAt,
    })
    .returning({ id: approvals.id });
  return { id: a!.id, conversationId: conv!.id };
}

let q: Record<"p1" | "p2" | "p3" | "p4" | "p5" | "p6" | "e1" | "e2" | "s1" | "theirs", { id: string; conversationId: string }>;

beforeAll(async () => {
  db = await testDb();
  org = await seedTestOrg(db);
  const other = await seedTestOrg(db);
  [agent, agent2, supervisor, owner, outsider] = await Promise.all([signInAs(db, org, "agent"), signInAs(db, org, "agent2" as "agent"), signInAs(db, org, "supervisor"), signInAs(db, org, "owner"), signInAs(db, other, "owner")]);
  q = {
    // created oldest first, so the order below comes from priority and due time, not from age
    p1: await approvalFor(org, { priority: "P2", due: plus(240), assignee: agent, createdAt: plus(0), customer: "Andi" }),
    p2: await approvalFor(org, { priority: "P0", due: plus(15), assignee: agent2, createdAt: plus(1), customer: "Budi" }),
    p3: await approvalFor(org, { priority: "P1", due: plus(60), assignee: null, createdAt: plus(2), customer: "Citra" }),
    p4: await approvalFor(org, { priority: "P2", due: plus(120), assignee: null, status: "sending", createdAt: plus(3), customer: "Dewi" }),
    p5: await approvalFor(org, { priority: "P0", due: plus(10), assignee: agent, createdAt: plus(4), customer: "Eko" }),
    // no priority and no due time yet: treated as P2, after every P2 with a due time
    p6: await approvalFor(org, { priority: null, due: null, assignee: null, createdAt: plus(5), customer: "Fitri" }),
    e1: await approvalFor(org, { priority: "P1", due: plus(60), assignee: agent2, status: "escalated", createdAt: plus(6) }),
    e2: await approvalFor(org, { priority: "P3", due: plus(600), assignee: agent, status: "escalated", createdAt: plus(7) }),
    s1: await approvalFor(org, { priority: "P2", due: plus(240), assignee: agent, status: "sent", createdAt: plus(8) }),
    theirs: await approvalFor(other, { priority: "P0", due: plus(5), assignee: null, createdAt: plus(0) }),
  };
});

const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id);

describe("listApprovals", () => {
  it("pending tab for a supervisor: every pending or sending draft of the org, by priority then SLA due time", async () => {
    const rows = await listApprovals(db, { actor: supervisor, tab: "pending" });
    // P0: p5 (due +10) p2 (+15); P1: p3; P2: p4 (+120) p1 (+240) p6 (none)
    expect(idsOf(rows)).toEqual([q.p5.id, q.p2.id, q.p3.id, q.p4.id, q.p1.id, q.p6.id]);
    expect(rows[0]).toMatchObject({ status: "pending", priority: "P0", slaDueAt: plus(10), customer: "Eko", channel: org.channels[1]!.name, assigneeId: agent.userId, assigneeName: "Agus Pratama", confidence: expect.closeTo(0.82, 5), createdAt: plus(4) });
    expect(rows.find((r) => r.id === q.p4.id)).toMatchObject({ status: "sending", assigneeId: null, assigneeName: null });
    // an owner sees the same queue
    expect(idsOf(await listApprovals(db, { actor: owner, tab: "pending" }))).toEqual(idsOf(rows));
  });

  it("pending tab for an agent: their own and unassigned drafts only", async () => {
    expect(idsOf(await listApprovals(db, { actor: agent, tab: "pending" }))).toEqual([q.p5.id, q.p3.id, q.p4.id, q.p1.id, q.p6.id]);
    expect(idsOf(await listApprovals(db, { actor: agent2, tab: "pending" }))).toEqual([q.p2.id, q.p3.id, q.p4.id, q.p6.id]);
  });

  it("escalated tab: escalated drafts, newest first; an agent sees their own only", async () => {
    expect(idsOf(await listApprovals(db, { actor: supervisor, tab: "escalated" }))).toEqual([q.e2.id, q.e1.id]);
    expect(idsOf(await listApprovals(db, { actor: agent, tab: "escalated" }))).toEqual([q.e2.id]);
    expect(idsOf(await listApprovals(db, { actor: agent2, tab: "escalated" }))).toEqual([q.e1.id]);
  });

  it("sent tab: sent drafts; never another org's", async () => {
    expect(idsOf(await listApprovals(db, { actor: supervisor, tab: "sent" }))).toEqual([q.s1.id]);
    expect(idsOf(await listApprovals(db, { actor: agent2, tab: "sent" }))).toEqual([]);
    expect(idsOf(await listApprovals(db, { actor: outsider, tab: "pending" }))).toEqual([q.theirs.id]);
    expect(idsOf(await listApprovals(db, { actor: outsider, tab: "escalated" }))).toEqual([]);
  });

  it(`keeps the most urgent drafts when more than ${QUEUE_LIMIT} are pending: a new P0 comes first, not cut off behind old P3s`, async () => {
    const busy = await seedTestOrg(db);
    const sup = await signInAs(db, busy, "supervisor");
    const n = QUEUE_LIMIT + 5;
    const created = (i: number) => plus(i);
    const convRows = await db
      .insert(conversations)
      .values(Array.from({ length: n }, (_, i) => ({ orgId: busy.orgId, channelId: busy.channels[1]!.id, externalId: `busy-${i}`, contactId: `chatwoot:${i}`, priority: "P3" as const, slaFirstResponseDueAt: plus(24 * 60, created(i)), firstMessagePreview: "Halo", lastMessageAt: created(i), createdAt: created(i) })))
      .returning({ id: conversations.id, createdAt: conversations.createdAt });
    const msgRows = await db
      .insert(messages)
      .values(convRows.map((c) => ({ orgId: busy.orgId, conversationId: c.id, externalId: `m-${c.id}`, sender: "customer" as const, content: "Halo", sentAt: c.createdAt })))
      .returning({ id: messages.id, conversationId: messages.conversationId, sentAt: messages.sentAt });
    await db.insert(approvals).values(msgRows.map((m) => ({ orgId: busy.orgId, conversationId: m.conversationId, messageId: m.id, draft: "Halo!", confidence: 0.8, operatorDueAt: plus(30, m.sentAt), managerDueAt: plus(60, m.sentAt), createdAt: m.sentAt })));
    // the newest draft is a P0 due in 15 minutes
    const urgent = await approvalFor(busy, { priority: "P0", due: plus(15, plus(n + 1)), assignee: null, createdAt: plus(n + 1) });

    const rows = await listApprovals(db, { actor: sup, tab: "pending" });
    expect(rows).toHaveLength(QUEUE_LIMIT);
    expect(rows[0]!.id).toBe(urgent.id);
    // the rest are the P3s due first (the oldest)
    expect(rows.slice(1).every((r) => r.priority === "P3")).toBe(true);
    expect(rows[1]!.slaDueAt).toEqual(plus(24 * 60, created(0)));
  });
});

describe("getApprovalDetail", () => {
  it("returns the approval with its conversation, channel and only the public messages, oldest first", async () => {
    const conv = q.p2.conversationId;
    await db.insert(messages).values([
      { orgId: org.orgId, conversationId: conv, externalId: "note-1", sender: "agent", content: "Internal: check the courier first", isPrivate: true, sentAt: plus(2) },
      { orgId: org.orgId, conversationId: conv, externalId: "reply-1", sender: "agent", content: "Kami cek dulu ya.", sentAt: plus(3) },
      { orgId: org.orgId, conversationId: conv, externalId: "cust-2", sender: "customer", content: "Terima kasih", sentAt: plus(4) },
    ]);
    const detail = await getApprovalDetail(db, { actor: supervisor, approvalId: q.p2.id });
    expect(detail).not.toBeNull();
    expect(detail!.approval).toMatchObject({ id: q.p2.id, status: "pending", assigneeId: agent2.userId, draft: "Pesanan Anda dikirim besok." });
    expect(detail!.conversation).toMatchObject({ id: conv, contactName: "Budi", priority: "P0" });
    expect(detail!.channel).toBe(org.channels[1]!.name);
    expect(detail!.history.map((m) => [m.sender, m.content])).toEqual([
      ["customer", "Di mana pesanan saya?"],
      ["agent", "Kami cek dulu ya."],
      ["customer", "Terima kasih"],
    ]);
  });

  it("keeps the latest 20 public messages, in order", async () => {
    const conv = q.p1.conversationId;
    await db.insert(messages).values(Array.from({ length: 24 }, (_, i) => ({ orgId: org.orgId, conversationId: conv, externalId: `more-${i}`, sender: "customer" as const, content: `message ${i + 1}`, sentAt: plus(10 + i) })));
    const detail = await getApprovalDetail(db, { actor: agent, approvalId: q.p1.id });
    // 25 public messages: the first (the question) and messages 1–4 drop out
    expect(detail!.history.map((m) => m.content)).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i + 5}`));
  });

  it("is null for another agent's approval, and for another org's", async () => {
    expect(await getApprovalDetail(db, { actor: agent, approvalId: q.p2.id })).toBeNull();
    expect(await getApprovalDetail(db, { actor: agent, approvalId: q.e1.id })).toBeNull();
    expect(await getApprovalDetail(db, { actor: outsider, approvalId: q.p1.id })).toBeNull();
    expect(await getApprovalDetail(db, { actor: supervisor, approvalId: q.theirs.id })).toBeNull();
    expect(await getApprovalDetail(db, { actor: agent, approvalId: randomUUID() })).toBeNull();
    // an agent opens an unassigned one and their own escalated one
    expect((await getApprovalDetail(db, { actor: agent, approvalId: q.p3.id }))?.approval.id).toBe(q.p3.id);
    expect((await getApprovalDetail(db, { actor: agent, approvalId: q.e2.id }))?.approval.status).toBe("escalated");
  });
});

describe("approvalParamsSchema", () => {
  it("falls back to the pending tab and drops an id that isn't a uuid", () => {
    const id = randomUUID();
    expect(approvalParamsSchema.parse({ tab: "escalated", id })).toEqual({ tab: "escalated", id });
    expect(approvalParamsSchema.parse({ tab: ["sent", "pending"] })).toEqual({ tab: "sent", id: undefined });
    expect(approvalParamsSchema.parse({ tab: "everything", id: "1 OR 1=1" })).toEqual({ tab: "pending", id: undefined });
    expect(approvalParamsSchema.parse({})).toEqual({ tab: "pending", id: undefined });
  });
});
