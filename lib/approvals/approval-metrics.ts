/**
 * Human-in-the-loop metrics (004_… §6 Quality SLA, §10 Success metrics) for an org over local days `from..to`, from
 * approvals and Chatwoot conversations started in the range. Definitions:
 * - draft rate: P2/P3 Chatwoot conversations with at least one AI draft ÷ all P2/P3 Chatwoot conversations (target ≥ 90 %);
 * - acceptance rate: drafts sent as approved or edited ÷ drafts decided (approved, edited, rejected, escalated);
 * - median approval time: minutes from the draft to its decision (target ≤ 15);
 * - average grades: tone (≥ 4.5), accuracy (≥ 4.7), policy (≥ 4.8), 1–5;
 * - edit distance trend: mean Levenshtein distance draft → sent text per week (should fall);
 * - escalation rate: Chatwoot conversations escalated by triage or with an escalated draft ÷ Chatwoot conversations;
 * - SLA compliance by priority: first responses on time ÷ conversations whose first-response clock has ended (answered, or past due);
 * - calibration: acceptance rate per confidence band (does a higher confidence mean more drafts accepted?);
 * - CSAT: the mean Chatwoot CSAT rating (1–5) of the range's conversations that answered the survey (target ≥ 4.5);
 * - superseded: drafts Chatwoot overtook before anyone decided (a person replied, it was resolved or moved to another
 *   agent; issue 18 item 2), by reason — counted on their own, never as decided.
 */
import { and, eq, gte, inArray, lt } from "drizzle-orm";
import { mean, median } from "simple-statistics";
import type { Db } from "@/db/client";
import { approvals, chatwootInboxes, chatwootLinks, conversations, SUPERSEDED_REASONS } from "@/db/schema";
import { weekStart } from "@/lib/impact/impact-report";

export const QUALITY_TARGETS = { draftRate: 0.9, tone: 4.5, accuracy: 4.7, policy: 4.8, medianApprovalMinutes: 15, csat: 4.5 } as const;
export const CONFIDENCE_BANDS = [
  { label: "below 0.7", min: 0, max: 0.7 },
  { label: "0.7–0.8", min: 0.7, max: 0.8 },
  { label: "0.8–0.9", min: 0.8, max: 0.9 },
  { label: "0.9–1.0", min: 0.9, max: 1.0001 },
] as const;

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);
const avg = (xs: number[]) => (xs.length > 0 ? mean(xs) : null);

/**
 * @param params.start, params.end the range's instants (local days already resolved in the org's zone)
 * @param params.timezone for the weekly edit-distance buckets
 */
export async function approvalMetrics(db: Db, { orgId, start, end, timezone }: { orgId: string; start: Date; end: Date; timezone: string }) {
  const rows = await db
    .select({
      id: approvals.id,
      status: approvals.status,
      decision: approvals.decision,
      confidence: approvals.confidence,
      createdAt: approvals.createdAt,
      decidedAt: approvals.decidedAt,
      editDistance: approvals.editDistance,
      tone: approvals.toneGrade,
      accuracy: approvals.accuracyGrade,
      policy: approvals.policyGrade,
      conversationId: approvals.conversationId,
      supersededReason: approvals.supersededReason,
    })
    .from(approvals)
    .where(and(eq(approvals.orgId, orgId), gte(approvals.createdAt, start), lt(approvals.createdAt, end)));
  const channelIds = (
    await db.select({ id: chatwootInboxes.channelId }).from(chatwootInboxes).innerJoin(chatwootLinks, eq(chatwootLinks.id, chatwootInboxes.linkId)).where(eq(chatwootLinks.orgId, orgId))
  ).map((r) => r.id);
  const convs = channelIds.length
    ? await db
        .select({ id: conversations.id, priority: conversations.priority, escalationRule: conversations.escalationRule, due: conversations.slaFirstResponseDueAt, respondedAt: conversations.firstResponseAt, csat: conversations.csatScore })
        .from(conversations)
        .where(and(eq(conversations.orgId, orgId), inArray(conversations.channelId, channelIds), gte(conversations.createdAt, start), lt(conversations.createdAt, end)))
    : [];

  const drafted = new Set(rows.map((r) => r.conversationId));
  const lowPriority = convs.filter((c) => c.priority === "P2" || c.priority === "P3");
  const decided = rows.filter((r) => r.decision !== null && (r.status === "sent" || r.status === "escalated"));
  const accepted = decided.filter((r) => r.decision === "approved" || r.decision === "edited");
  const approvalMinutes = decided.filter((r) => r.decidedAt).map((r) => (r.decidedAt!.getTime() - r.createdAt.getTime()) / 60_000);
  const graded = rows.filter((r) => r.tone !== null);
  // only the range's conversations: an escalated draft in a conversation started earlier is not one of them
  const inRange = new Set(convs.map((c) => c.id));
  const escalatedConversations = new Set([...convs.filter((c) => c.escalationRule).map((c) => c.id), ...rows.filter((r) => r.status === "escalated" && inRange.has(r.conversationId)).map((r) => r.conversationId)]);
  const now = Date.now();
  const sla = (["P0", "P1", "P2", "P3"] as const).map((priority) => {
    const ended = convs.filter((c) => c.priority === priority && c.due && (c.respondedAt || c.due.getTime() < now));
    const onTime = ended.filter((c) => c.respondedAt && c.respondedAt <= c.due!);
    return { priority, conversations: ended.length, onTime: onTime.length, compliance: ratio(onTime.length, ended.length) };
  });
  const weeks = new Map<string, number[]>();
  for (const r of rows) {
    if (r.editDistance === null || r.status !== "sent" || r.decision === "rejected") continue;
    const local = new Intl.DateTimeFormat("en-CA", { timeZone: timezone }).format(r.decidedAt ?? r.createdAt);
    const key = weekStart(local);
    weeks.set(key, [...(weeks.get(key) ?? []), r.editDistance]);
  }
  return {
    drafts: rows.length,
    chatwootConversations: convs.length,
    draftRate: ratio(lowPriority.filter((c) => drafted.has(c.id)).length, lowPriority.length),
    acceptanceRate: ratio(accepted.length, decided.length),
    decided: decided.length,
    medianApprovalMinutes: approvalMinutes.length ? median(approvalMinutes) : null,
    grades: { tone: avg(graded.map((r) => r.tone!)), accuracy: avg(graded.map((r) => r.accuracy!)), policy: avg(graded.map((r) => r.policy!)), count: graded.length },
    escalationRate: ratio(escalatedConversations.size, convs.length),
    sla,
    editDistanceTrend: [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, xs]) => ({ week, mean: mean(xs), drafts: xs.length })),
    /** Chatwoot CSAT answers (1–5) of the range's conversations (004_… §10 target ≥ 4.5) */
    csat: { mean: avg(convs.filter((c) => c.csat !== null).map((c) => c.csat!)), responses: convs.filter((c) => c.csat !== null).length },
    superseded: {
      total: rows.filter((r) => r.status === "superseded").length,
      byReason: Object.fromEntries(SUPERSEDED_REASONS.map((reason) => [reason, rows.filter((r) => r.status === "superseded" && r.supersededReason === reason).length])) as Record<(typeof SUPERSEDED_REASONS)[number], number>,
    },
    calibration: CONFIDENCE_BANDS.map((b) => {
      const inBand = decided.filter((r) => r.confidence >= b.min && r.confidence < b.max);
      return { band: b.label, decided: inBand.length, acceptance: ratio(inBand.filter((r) => r.decision === "approved" || r.decision === "edited").length, inBand.length) };
    }),
    rows,
  };
}

export type ApprovalMetrics = Awaited<ReturnType<typeof approvalMetrics>>;
