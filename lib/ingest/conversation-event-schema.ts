import { z } from "zod";
import { closedReasonEnum } from "@/db/schema";
import { saneTimestamp } from "@/lib/validation/storable";

/** Largest accepted conversation-events body, in bytes (→ 413 above). */
export const MAX_CONVERSATION_EVENT_BYTES = 32 * 1024;

const base = { channel_id: z.uuid(), occurred_at: saneTimestamp().optional() };
const conversationRef = z.string().trim().min(1).max(200);
const agentEmail = z.email().max(320).transform((e) => e.toLowerCase());

/**
 * Body of `POST /api/webhooks/conversation-events`: what the helpdesk reports back so outcomes flow into Tandem
 * (DESIGN.md flow 2). `conversation_id` is the sender's own id, as in the incoming-message webhook.
 */
export const conversationEventSchema = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("agent.availability_changed"), agent_email: agentEmail, availability: z.enum(["online", "offline"]) }),
  z.object({ ...base, type: z.literal("conversation.assigned"), conversation_id: conversationRef, agent_email: agentEmail }),
  z.object({
    ...base,
    type: z.literal("message.agent_replied"),
    conversation_id: conversationRef,
    message_id: z.string().trim().min(1).max(200),
    text: z.string().trim().min(1).max(10_000),
    agent_email: agentEmail.optional(),
  }),
  z.object({ ...base, type: z.literal("conversation.resolved"), conversation_id: conversationRef, closed_reason: z.enum(closedReasonEnum.enumValues) }),
  z.object({ ...base, type: z.literal("conversation.reopened"), conversation_id: conversationRef }),
  z.object({ ...base, type: z.literal("conversation.csat"), conversation_id: conversationRef, score: z.number().int().min(1).max(5) }),
]);

export type ConversationEvent = z.infer<typeof conversationEventSchema>;
