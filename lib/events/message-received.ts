import type { Db } from "@/db/client";
import { splitAssignedEvent } from "@/lib/routing/record-split-assigned";
import { recordEvents, type EventInput } from "./record-event";

/** What the analytics of one ingested customer message say (built in the ingest transaction, never from outside). */
export type MessageReceivedPayload = {
  org_id: string;
  conversation_id: string;
  message_id: string;
  channel_id: string;
  created_conversation: boolean;
  handled_by: "bot" | "human";
  variant: "bot" | "human" | null;
  /** the conversation's bot_percent in force (null when no split was active) */
  bot_percent: number | null;
  /** answering-engine confidence of the bot reply, 0..1; null when the bot did not reply */
  reply_confidence: number | null;
};

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
