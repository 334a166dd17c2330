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

export type SupersededReason = (typeof SUPERSEDED_REASONS)[number];

/** What the drawer and a refused decision say for each reason. */
export const SUPERSEDED_SENTENCE: Record<SupersededReason, string> = {
  human_reply: "Someone already answered this customer, so this draft can no longer be sent.",
  resolved: "This conversation was resolved in Chatwoot, so this draft can no longer be sent.",
  reassigned: "This conversation moved to another agent in Chatwoot, so this draft can no longer be sent.",
};

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
