/**
 * The human-in-the-loop metrics (004_… §6 Quality SLA, §10) on a real database, from hand-built Chatwoot conversations
 * and approvals in a two-week range of an Asia/Jakarta org (UTC+7): local Monday 2 June 2025 00:00 to Sunday 15 June
 * 24:00. Every expected number is worked out by hand in the comments next to the data.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { approvals, conversations, messages } from "@/db/schema";
import { saveChatwootLink } from "@/lib/chatwoot/link";
import { seedTestOrg, testDb } from "@/test/db";
import { signInAs } from "@/test/members";
import { type ApprovalMetrics, approvalMetrics, CONFIDENCE_BANDS, QUALITY_TARGETS } from "./approval-metrics";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

const TZ = "Asia/Jakarta";
/** local 2025-06-02 00:00 WIB (a Monday) */
const START = new Date("2025-06-01T17:00:00.000Z");
/** local 2025-06-16 00:00 WIB: the range is the 14 local days 2 – 15 June */
const END = new Date("2025-06-15T17:00:00.000Z");
const at = (iso: string) => new Date(iso);
const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);
/** a due time that has not come yet (the first-response clock is still running) */
const FUTURE = new Date(Date.now() + 24 * 3600_000);

/** Maps inbox 12 to the org's live chat channel (channels[1]); channels[0] stays a plain, non-Chatwoot channel. */
async function linkedOrg(): Promise<Org> {
  const org = await seedTestOrg(db);
  await saveChatwootLink(db, {
    actor: await signInAs(db, org, "owner"),
    input: { baseUrl: "http://127.0.0.1:9", accountId: 3, apiToken: "token-for-metrics", webhookSecret: "secret", inboxes: [{ inboxId: 12, channelId: org.channels[1]!.id }] },
  });
  return org;
}

type ConvInput = { createdAt: Date; priority: "P0" | "P1" | "P2" | "P3"; due?: Date | null; respondedAt?: Date | null; escalationRule?: string | null; chatwoot?: boolean };
async function conversation(org: Org, c: ConvInput): Promise<string> {
  const [row] = await db
    .insert(conversations)
    .values({
      orgId: org.orgId,
      channelId: org.channels[c.chatwoot === false ? 0 : 1]!.id,
      externalId: randomUUID(),
      contactId: `chatwoot:${randomUUID()}`,
      contactName: "Rina Wulandari",
      priority: c.priority,
      slaFirstResponseDueAt: c.due ?? null,
      firstResponseAt: c.respondedAt ?? null,
      escalationRule: c.escalationRule ?? null,
      firstMessagePreview: "Halo",
      messageCount: 1,
      lastMessageAt: c.createdAt,
      createdAt: c.createdAt,
    })
    .returning({ id: conversations.id });
  return row!.id;
}

type ApprovalInput = {
  createdAt: Date;
  status: "pending" | "sending" | "sent" | "escalated";
  decision?: "approved" | "edited" | "rejected" | "escalated";
  /** minutes from the draft to the decision */
  after?: number;
  confidence: number;
  editDistance?: number;
  grades?: [number, number, number];
};
async function approval(org: Org, conversationId: string, a: ApprovalInput): Promise<string> {
  const [msg] = await db.insert(messages).values({ orgId: org.orgId, conversationId, externalId: randomUUID(), sender: "customer", content: "Halo", sentAt: a.createdAt }).returning({ id: messages.id });
  const decidedAt = a.after === undefined ? null : plus(a.createdAt, a.after);
  const [row] = await db
    .insert(approvals)
    .values({
      orgId: org.orgId,
      conversationId,
      messageId: msg!.id,
      draft: "Draft",
      confidence: a.confidence,
      status: a.status,
      decision: a.decision ?? null,
      decidedAt,
      finalText: a.status === "sent" || a.status === "sending" ? "Final" : null,
      sentAt: a.status === "sent" ? decidedAt : null,
      editDistance: a.editDistance ?? null,
      toneGrade: a.grades?.[0] ?? null,
      accuracyGrade: a.grades?.[1] ?? null,
      policyGrade: a.grades?.[2] ?? null,
      gradedAt: a.grades ? decidedAt : null,
      operatorDueAt: plus(a.createdAt, 30),
      managerDueAt: plus(a.createdAt, 60),
      createdAt: a.createdAt,
    })
    .returning({ id: approvals.id });
  return row!.id;
}

let org: Org;
let metrics: ApprovalMetrics;

beforeAll(async () => {
  db = await testDb();
  org = await linkedOrg();

  // --- Chatwoot conversations started in the range (7) ---------------------------------------------------------------
  // c1 P2, starts exactly at the range start (included); answered 1 h before its due time → on time
  const c1 = await conversation(org, { createdAt: START, priority: "P2", due: plus(START, 240), respondedAt: plus(START, 60) });
  // c2 P2, answered one minute after its due time → late
  const c2 = await conversation(org, { createdAt: at("2025-06-03T02:00:00Z"), priority: "P2", due: at("2025-06-03T06:00:00Z"), respondedAt: at("2025-06-03T06:01:00Z") });
  // c3 P3, escalated by triage (no draft), never answered and past due → late
  await conversation(org, { createdAt: at("2025-06-04T02:00:00Z"), priority: "P3", due: at("2025-06-05T02:00:00Z"), escalationRule: "keyword:lawsuit" });
  // c4 P3, answered exactly at its due time → on time
  const c4 = await conversation(org, { createdAt: at("2025-06-05T02:00:00Z"), priority: "P3", due: at("2025-06-06T02:00:00Z"), respondedAt: at("2025-06-06T02:00:00Z") });
  // c5 P0, escalated by triage AND its draft escalated (counted once); unanswered, not due yet → no SLA verdict
  const c5 = await conversation(org, { createdAt: at("2025-06-06T02:00:00Z"), priority: "P0", due: FUTURE, escalationRule: "order_value" });
  // c6 P1, answered on time
  await conversation(org, { createdAt: at("2025-06-07T02:00:00Z"), priority: "P1", due: at("2025-06-07T03:00:00Z"), respondedAt: at("2025-06-07T02:30:00Z") });
  // c7 P2 with a pending draft; unanswered, not due yet → no SLA verdict
  const c7 = await conversation(org, { createdAt: at("2025-06-10T02:00:00Z"), priority: "P2", due: FUTURE });

  // --- approvals created in the range (7) ----------------------------------------------------------------------------
  // a1 c1: approved after 6 min, decided Sun 1 Jun 17:16 UTC = Mon 2 Jun 00:16 WIB → week of 2 Jun; distance 0; graded 5/5/5
  await approval(org, c1, { createdAt: plus(START, 10), status: "sent", decision: "approved", after: 6, confidence: 0.95, editDistance: 0, grades: [5, 5, 5] });
  // a2 c2: edited after 30 min, decided Sun 8 Jun 16:30 UTC = Sun 23:30 WIB → week of 2 Jun; distance 12; graded 4/4/5
  await approval(org, c2, { createdAt: at("2025-06-08T16:00:00Z"), status: "sent", decision: "edited", after: 30, confidence: 0.85, editDistance: 12, grades: [4, 4, 5] });
  // a8 c2: edited after 10 min, decided Sun 8 Jun 17:30 UTC = Mon 9 Jun 00:30 WIB → week of 9 Jun; distance 30; confidence on the 0.7 boundary
  await approval(org, c2, { createdAt: at("2025-06-08T17:20:00Z"), status: "sent", decision: "edited", after: 10, confidence: 0.7, editDistance: 30 });
  // a7 c2: approved but still sending → not decided, not in the trend
  await approval(org, c2, { createdAt: at("2025-06-03T02:05:00Z"), status: "sending", decision: "approved", after: 1, confidence: 0.8, editDistance: 0 });
  // a3 c4: rejected (own reply) after 20 min; distance 50 (to the operator's own reply: not in the trend); graded 3/5/4
  await approval(org, c4, { createdAt: at("2025-06-05T02:05:00Z"), status: "sent", decision: "rejected", after: 20, confidence: 0.65, editDistance: 50, grades: [3, 5, 4] });
  // a4 c5: escalated after 3 min; confidence on the 0.9 boundary
  await approval(org, c5, { createdAt: at("2025-06-06T02:05:00Z"), status: "escalated", decision: "escalated", after: 3, confidence: 0.9 });
  // a5 c7: pending
  await approval(org, c7, { createdAt: at("2025-06-10T02:05:00Z"), status: "pending", confidence: 0.7 });

  // --- excluded -----------------------------------------------------------------------------------------------------
  // a Chatwoot conversation and its approval 1 ms before the range
  const before = await conversation(org, { createdAt: new Date(START.getTime() - 1), priority: "P2", due: plus(START, 60) });
  await approval(org, before, { createdAt: new Date(START.getTime() - 1), status: "sent", decision: "approved", after: 1, confidence: 0.65, editDistance: 99, grades: [1, 1, 1] });
  // … and exactly at the range end
  const atEnd = await conversation(org, { createdAt: END, priority: "P3", due: plus(END, 60), escalationRule: "keyword:fraud" });
  await approval(org, atEnd, { createdAt: END, status: "escalated", decision: "escalated", after: 1, confidence: 0.75 });
  // a conversation on a channel no Chatwoot inbox maps to
  await conversation(org, { createdAt: at("2025-06-04T05:00:00Z"), priority: "P2", due: at("2025-06-04T09:00:00Z"), escalationRule: "keyword:fraud", chatwoot: false });
  // another org's Chatwoot conversation and approval, in the range
  const other = await linkedOrg();
  const theirs = await conversation(other, { createdAt: at("2025-06-04T02:00:00Z"), priority: "P3", due: at("2025-06-04T03:00:00Z"), escalationRule: "keyword:urgent" });
  await approval(other, theirs, { createdAt: at("2025-06-04T02:05:00Z"), status: "sent", decision: "rejected", after: 100, confidence: 0.72, editDistance: 7, grades: [1, 2, 3] });

  metrics = await approvalMetrics(db, { orgId: org.orgId, start: START, end: END, timezone: TZ });
});

describe("approvalMetrics", () => {
  it("counts the org's drafts and Chatwoot conversations started in the range only", () => {
    // a1 a2 a8 a7 a3 a4 a5; c1 – c7
    expect(metrics.drafts).toBe(7);
    expect(metrics.rows).toHaveLength(7);
    expect(metrics.chatwootConversations).toBe(7);
  });

  it("draft rate: P2/P3 Chatwoot conversations with a draft ÷ all P2/P3 ones (c1 c2 c4 c7 of c1 c2 c3 c4 c7 = 4/5)", () => {
    expect(metrics.draftRate).toBeCloseTo(0.8, 10);
    expect(QUALITY_TARGETS.draftRate).toBe(0.9);
  });

  it("acceptance: approved + edited ÷ decided incl. rejected and escalated (a1 a2 a8 of a1 a2 a8 a3 a4 = 3/5); sending and pending are not decided", () => {
    expect(metrics.decided).toBe(5);
    expect(metrics.acceptanceRate).toBeCloseTo(0.6, 10);
  });

  it("median approval time of the decided drafts: 3, 6, 10, 20, 30 minutes → 10", () => {
    expect(metrics.medianApprovalMinutes).toBe(10);
  });

  it("average grades of the graded drafts: tone (5+4+3)/3 = 4, accuracy (5+4+5)/3, policy (5+5+4)/3", () => {
    expect(metrics.grades.count).toBe(3);
    expect(metrics.grades.tone).toBeCloseTo(4, 10);
    expect(metrics.grades.accuracy).toBeCloseTo(14 / 3, 10);
    expect(metrics.grades.policy).toBeCloseTo(14 / 3, 10);
  });

  it("escalation rate: conversations escalated by triage (c3, c5) or with an escalated draft (c5) ÷ Chatwoot conversations = 2/7", () => {
    expect(metrics.escalationRate).toBeCloseTo(2 / 7, 10);
  });

  it("SLA compliance per priority: on time ÷ answered-or-past-due; unanswered and not yet due is left out", () => {
    expect(metrics.sla).toEqual([
      { priority: "P0", conversations: 0, onTime: 0, compliance: null }, // c5 not due yet
      { priority: "P1", conversations: 1, onTime: 1, compliance: 1 }, // c6
      { priority: "P2", conversations: 2, onTime: 1, compliance: 0.5 }, // c1 on time, c2 late; c7 not due yet
      { priority: "P3", conversations: 2, onTime: 1, compliance: 0.5 }, // c4 on time (at the due instant), c3 unanswered past due
    ]);
  });

  it("edit distance per week (weeks start Monday in the org's time zone), sent approved/edited drafts only", () => {
    // week of 2 Jun: a1 (0) and a2 (12) → 6; week of 9 Jun: a8 (30). In UTC a1 would fall in the week of 26 May and
    // a8 in the week of 2 Jun.
    expect(metrics.editDistanceTrend).toEqual([
      { week: "2025-06-02", mean: 6, drafts: 2 },
      { week: "2025-06-09", mean: 30, drafts: 1 },
    ]);
  });

  it("calibration: acceptance per confidence band of the decided drafts (lower bound inclusive)", () => {
    expect(CONFIDENCE_BANDS.map((b) => b.label)).toEqual(["below 0.7", "0.7–0.8", "0.8–0.9", "0.9–1.0"]);
    expect(metrics.calibration).toEqual([
      { band: "below 0.7", decided: 1, acceptance: 0 }, // a3 0.65 rejected
      { band: "0.7–0.8", decided: 1, acceptance: 1 }, // a8 0.70 edited
      { band: "0.8–0.9", decided: 1, acceptance: 1 }, // a2 0.85 edited
      { band: "0.9–1.0", decided: 2, acceptance: 0.5 }, // a1 0.95 approved, a4 0.90 escalated
    ]);
  });

  it("escalation rate counts only conversations started in the range, even when an escalated draft in the range belongs to an earlier one", async () => {
    const o = await linkedOrg();
    // one Chatwoot conversation in the range, not escalated
    await conversation(o, { createdAt: at("2025-06-03T02:00:00Z"), priority: "P2" });
    // a conversation from May whose new draft (created in the range) was escalated: not one of the range's conversations
    const may = await conversation(o, { createdAt: at("2025-05-20T02:00:00Z"), priority: "P2" });
    await approval(o, may, { createdAt: at("2025-06-04T02:00:00Z"), status: "escalated", decision: "escalated", after: 5, confidence: 0.8 });
    const m = await approvalMetrics(db, { orgId: o.orgId, start: START, end: END, timezone: TZ });
    expect(m.chatwootConversations).toBe(1);
    // 0 of the 1 conversation started in the range was escalated (not 1/1)
    expect(m.escalationRate).toBe(0);
  });

  it("an empty range (and an org without a Chatwoot link) gives no ratios instead of dividing by zero", async () => {
    const empty = await approvalMetrics(db, { orgId: org.orgId, start: at("2024-01-01T00:00:00Z"), end: at("2024-01-08T00:00:00Z"), timezone: TZ });
    expect(empty).toMatchObject({ drafts: 0, chatwootConversations: 0, draftRate: null, acceptanceRate: null, decided: 0, medianApprovalMinutes: null, escalationRate: null, editDistanceTrend: [] });
    expect(empty.grades).toEqual({ tone: null, accuracy: null, policy: null, count: 0 });
    expect(empty.sla.map((s) => s.compliance)).toEqual([null, null, null, null]);
    expect(empty.calibration.map((b) => [b.decided, b.acceptance])).toEqual([
      [0, null],
      [0, null],
      [0, null],
      [0, null],
    ]);
    const unlinked = await seedTestOrg(db);
    expect(await approvalMetrics(db, { orgId: unlinked.orgId, start: START, end: END, timezone: TZ })).toMatchObject({ drafts: 0, chatwootConversations: 0, draftRate: null });
  });
});
