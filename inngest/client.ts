/**
 * The Inngest client and Tandem's typed events (zod payload schemas). Event names are `domain/noun.verb`.
 */
import { eventType, Inngest } from "inngest";
import { z } from "zod";

export const messageReceived = eventType("conversation/message.received", {
  schema: z.object({
    org_id: z.uuid(),
    conversation_id: z.uuid(),
    message_id: z.uuid(),
    channel_id: z.uuid(),
    created_conversation: z.boolean(),
    handled_by: z.enum(["bot", "human"]),
    variant: z.enum(["bot", "human"]).nullable(),
    reply_confidence: z.number().min(0).max(1).nullable(),
  }),
});

export type MessageReceivedData = z.infer<typeof messageReceived.schema>;

export const inngest = new Inngest({ id: "tandem" });
