import { getDb } from "@/db/client";
import { modelClientFromEnv } from "@/lib/agent/model-client";
import { handleChatwootDelivery } from "@/lib/chatwoot/handle-delivery";
import { kickOutbox } from "@/lib/outbox/run-outbox";
import { chatwootEventReceived, inngest } from "../client";

/**
 * `chatwoot/event.received` (from the outbox) → store, triage, draft and open the approval (004_…). Idempotent on
 * Chatwoot's message id, so a retry after a partial failure never drafts twice. A drafted approval's
 * `approvals/approval.opened` row, written with it, is dispatched at once (it starts the 30/60-minute timer).
 */
export const processChatwootEventFn = inngest.createFunction(
  { id: "process-chatwoot-event", retries: 3, triggers: [chatwootEventReceived] },
  async ({ event, step }) => {
    const outcome = await step.run("process", async () => handleChatwootDelivery(await getDb(), { linkId: event.data.linkId, body: event.data.body, model: modelClientFromEnv() }));
    if (outcome.action === "drafted" && outcome.outboxId) {
      const outboxId = outcome.outboxId;
      await step.run("start-approval-timer", async () => kickOutbox(await getDb(), [outboxId]));
    }
    return outcome;
  },
);
