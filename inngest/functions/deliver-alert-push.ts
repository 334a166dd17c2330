import { getDb } from "@/db/client";
import { deliverPush } from "@/lib/alerts/deliver-push";
import { alertPushRequested, inngest } from "../client";

/**
 * `alerts/push.requested` → Web Push to every recipient device (003_… delivery). A 429/5xx from a push service throws
 * `RetryablePushError`, so Inngest retries with backoff (devices already reached are skipped); 404/410 removes the
 * subscription without retrying.
 */
export const deliverAlertPushFn = inngest.createFunction(
  { id: "deliver-alert-push", retries: 4, triggers: [alertPushRequested] },
  async ({ event, step }) => {
    const outcome = await step.run("push-to-devices", async () => deliverPush(await getDb(), event.data));
    return outcome;
  },
);
