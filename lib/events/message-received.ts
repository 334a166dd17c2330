import { z } from "zod";
import type { Db } from "@/db/client";
import { splitAssignedEvent } from "@/lib/routing/record-split-assigned";
import { recordEvents, type EventInput } from "./record-event";

/** What the analytics of one ingested customer message say (written in the ingest transaction). */
export const messageReceivedSchema = z.object({
  org_id: z.uuid(),
  conversation_id: z.uuid(),
  message_id: z.uuid(),
  channel_id: z.uuid(),
  created_conversation: z.boolean(),
  handled_by: z.enum(["bot", "human"]),
  variant: z.enum(["bot", "human"]).nullable(),
  /** the conversation's bot_percent in force (null when no split was active) */
  bot_percent: z.number().int().min(0).max(100).nullable(),
  /** answering-engine confidence of the bot reply, 0..1; null when the bot did not reply */
  reply_confidence: z.number().min(0).max(1).nullable(),
});

export type MessageReceivedPayload = z.infer<typeof messageReceivedSchema>;

/**
 * The analytics events of one ingested customer message (DESIGN.md flow 1): `conversation_message_received`, plus
 * `bot_traffic_split_assigned` when the message created a conversation whose arm the split decided. Both carry dedup
 * keys (the message id, the conversation id), so writing them again writes nothing.
 */
export function ingestAnalyticsEvents(data: MessageReceivedPayload): EventInput[] {
  const received: EventInput = {
    orgId: data.org_id,
    name: "conversation_message_received",
    conversationId: data.conversation_id,
    dedupKey: `message_received:${data.message_id}`,
    properties: {
      channel_id: data.channel_id,
      message_id: data.message_id,
      created_conversation: data.created_conversation,
      handled_by: data.handled_by,
      variant: data.variant,
      reply_confidence: data.reply_confidence,
    },
  };
  const split =
    data.created_conversation && data.variant !== null && data.bot_percent !== null
      ? [splitAssignedEvent({ orgId: data.org_id, channelId: data.channel_id, conversationId: data.conversation_id, variant: data.variant, botPercent: data.bot_percent })]
      : [];
  return [received, ...split];
}

/**
 * Records {@link ingestAnalyticsEvents} on their own (a message that gets no turn of its own: merged into a burst).
 * @returns how many were written (0 when recorded before)
 */
export function recordIngestAnalytics(db: Db, data: MessageReceivedPayload): Promise<number> {
  return recordEvents(db, ingestAnalyticsEvents(data));
}
