import { getDb } from "@/db/client";
import { fireApprovalTimeouts } from "@/lib/approvals/approval-timeouts";
import { approvalDecided, approvalOpened, inngest } from "../client";
import { scheduledFunction } from "./scheduled-jobs";

/**
 * One timer per approval (004_… §9): sleeps until the operator's due time (the org's reminder, 30 min by default),
 * notifies, sleeps until the manager's (60 min by default), notifies; cancelled when the approval is decided or
 * superseded by what happened in Chatwoot (both send `approvals/approval.decided`). Firing is idempotent per level, and
 * {@link sweepApprovalTimeoutsFn} catches a lost timer.
 */
export const approvalTimeoutFn = inngest.createFunction(
  { id: "approval-timeout", triggers: [approvalOpened], cancelOn: [{ event: approvalDecided, match: "data.approvalId" }] },
  async ({ event, step }) => {
    await step.sleepUntil("operator-due", new Date(event.data.operatorDueAt));
    const first = await step.run("notify-operator", async () => fireApprovalTimeouts(await getDb(), { approvalId: event.data.approvalId }));
    await step.sleepUntil("manager-due", new Date(event.data.managerDueAt));
    const second = await step.run("notify-managers", async () => fireApprovalTimeouts(await getDb(), { approvalId: event.data.approvalId }));
    return { fired: [...first, ...second].map((f) => f.level) };
  },
);

/**
 * Every minute: fires any due timeout whose timer was lost (the due times live in the database), and records the SLA
 * breaches that fell due (the schedule's `sweep-approval-timeouts`).
 */
export const sweepApprovalTimeoutsFn = scheduledFunction("sweep-approval-timeouts");
