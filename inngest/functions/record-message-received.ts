import { getDb } from "@/db/client";
import { recordMessageReceived } from "@/lib/events/message-received";
import { inngest, messageReceived } from "../client";

/** `conversation/message.received` → one `conversation_message_received` analytics event (idempotent). */
export const recordMessageReceivedFn = inngest.createFunction(
  { id: "record-message-received", triggers: [messageReceived] },
  async ({ event, step }) => {
    const written = await step.run("record-analytics-event", async () =>
      recordMessageReceived(await getDb(), event.data),
    );
    return { written };
  },
);
