/**
 * The Inngest client and Tandem's typed events (zod payload schemas). Event names are `domain/noun.verb`.
 */
import { eventType, Inngest } from "inngest";
import { z } from "zod";
import { messageReceivedSchema } from "@/lib/events/message-received";

export const messageReceived = eventType("conversation/message.received", { schema: messageReceivedSchema });

/** An alert (or a storm group's single push) to deliver by Web Push (003_…). */
export const alertPushRequested = eventType("alerts/push.requested", {
  schema: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("alert"), orgId: z.uuid(), alertId: z.uuid() }),
    z.object({ kind: z.literal("group"), orgId: z.uuid(), groupId: z.uuid() }),
  ]),
});

export const inngest = new Inngest({ id: "tandem" });
