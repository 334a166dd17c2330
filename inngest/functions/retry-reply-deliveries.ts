import { getDb } from "@/db/client";
import { retryDueReplyDeliveries } from "@/lib/ingest/deliver-reply";
import { inngest } from "../client";

/**
 * Every minute: late replies whose delivery to the channel's outbound reply URL is due (e.g. after a restart lost the
 * in-process retry timers) are attempted again (lib/ingest/deliver-reply.ts, issue 14).
 */
export const retryReplyDeliveriesFn = inngest.createFunction(
  { id: "retry-reply-deliveries", triggers: [{ cron: "* * * * *" }] },
  async ({ step }) => {
    const attempted = await step.run("attempt-due-deliveries", async () => retryDueReplyDeliveries(await getDb()));
    return { attempted };
  },
);
