import { getDb } from "@/db/client";
import { modelClientFromEnv } from "@/lib/agent/model-client";
import { handleChatwootDelivery } from "@/lib/chatwoot/handle-delivery";
import { approvalOpened, chatwootEventReceived, inngest } from "../client";

/**
 * `chatwoot/event.received` → store, triage, draft and open the approval (004_…). Idempotent on Chatwoot's message id,
 * so a retry after a partial failure never drafts twice.
 */
export const processChatwootEventFn = inngest.createFunction(
  { id: "process-chatwoot-event", retries: 3, triggers: [chatwootEventReceived] },
  async ({ event, step }) => {
    const outcome = await step.run("process", async () => handleChatwootDelivery(await getDb(), { linkId: event.data.linkId, body: event.data.body, model: modelClientFromEnv() }));
    if (outcome.action === "drafted") {
      // starts the approval's 30/60-minute timer (004_… §9)
      await step.sendEvent("start-approval-timer", approvalOpened.create({ approvalId: outcome.approvalId, orgId: outcome.orgId, operatorDueAt: outcome.operatorDueAt, managerDueAt: outcome.managerDueAt }));
    }
    return outcome;
  },
);
