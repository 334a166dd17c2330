/**
 * The Inngest client and Tandem's typed events (zod payload schemas). Event names are `domain/noun.verb`.
 */
import { eventType, Inngest } from "inngest";
import { messageReceivedSchema } from "@/lib/events/message-received";

export const messageReceived = eventType("conversation/message.received", { schema: messageReceivedSchema });

export const inngest = new Inngest({ id: "tandem" });
