/**
 * Approvals follow Chatwoot (issue 18 item 2; 004_… §4): when a person answers the customer (in Chatwoot, or typed in
 * Tandem), the conversation is resolved, or it moves to another agent, the AI drafts still waiting on it are stale.
 * They become `superseded` with the reason: their timeout notices stop (the status is no longer `pending`, and with an
 * Inngest engine the timers are cancelled), and sending them is refused with a sentence the drawer shows.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvals, SUPERSEDED_REASONS } from "@/db/schema";
import { inngestConfigured } from "@/lib/config/inngest-configured";
import { recordEvent } from "@/lib/events/record-event";
import { enqueueOutbox } from "@/lib/outbox/enqueue";
import { say, type ErrorKey } from "@/lib/i18n/language-scope";

export type SupersededReason = (typeof SUPERSEDED_REASONS)[number];

/** The error-catalogue key of what a refused decision says for each reason (the drawer uses `approvals.superseded.*`). */
export const SUPERSEDED_SENTENCE_KEY = {
  human_reply: "approvals.superseded.human_reply",
  resolved: "approvals.superseded.resolved",
  reassigned: "approvals.superseded.reassigned",
} as const satisfies Record<SupersededReason, ErrorKey>;

/** What a refused decision says for `reason`, in the current scope's language. */
export function supersededSentence(reason: SupersededReason): string {
  return say(SUPERSEDED_SENTENCE_KEY[reason]);
}

/**
 * Supersedes the conversation's drafts still waiting (`pending`, or `escalated` to a supervisor). A draft being sent
 * (`sending`) is left to finish. Call it in the transaction that records what happened.
 * @param at when it happened (`superseded_at`)
 * @returns the ids of the drafts superseded (none when nothing was waiting)
 */
export async function supersedeApprovals(
  tx: Db,
  { orgId, conversationId, reason, at = new Date(), onlyPending = false }: { orgId: string; conversationId: string; reason: SupersededReason; at?: Date; onlyPending?: boolean },
): Promise<string[]> {
  const rows = await tx
    .update(approvals)
    .set({ status: "superseded", supersededAt: at, supersededReason: reason })
    .where(and(eq(approvals.orgId, orgId), eq(approvals.conversationId, conversationId), inArray(approvals.status, onlyPending ? ["pending"] : ["pending", "escalated"])))
    .returning({ id: approvals.id });
  for (const { id } of rows) {
    // with an Inngest engine the approval's timer function is cancelled by this event (as for a decision)
    if (inngestConfigured()) await enqueueOutbox(tx, { orgId, topic: "approvals/approval.decided", payload: { approvalId: id }, dedupKey: `approval-decided:${id}` });
    await recordEvent(tx, { orgId, conversationId, name: "approval_superseded", dedupKey: `approval_superseded:${id}`, occurredAt: at, properties: { approval_id: id, reason } });
  }
  return rows.map((r) => r.id);
}
