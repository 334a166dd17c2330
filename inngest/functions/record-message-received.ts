import { getDb } from "@/db/client";
import { recordIngestAnalytics } from "@/lib/events/message-received";
import { inngest, messageReceived } from "../client";

/**
 * `conversation/message.received` → `conversation_message_received`, and `bot_traffic_split_assigned` for a new
 * split-decided conversation (idempotent: a retried step writes nothing twice).
 */
export const recordMessageReceivedFn = inngest.createFunction(
  { id: "record-message-received", triggers: [messageReceived] },
  async ({ event, step }) => {
    const recorded = await step.run("record-analytics-events", async () => recordIngestAnalytics(await getDb(), event.data));
    return { written: recorded.messageReceived, splitAssigned: recorded.splitAssigned };
  },
);
