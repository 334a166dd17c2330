import type { Db } from "@/db/client";
import { recordEvent } from "./record-event";

export type MessageReceivedPayload = {
  org_id: string;
  conversation_id: string;
  message_id: string;
  channel_id: string;
  created_conversation: boolean;
  handled_by: "bot" | "human";
  variant: "bot" | "human" | null;
  reply_confidence: number | null;
};

/**
 * Records the `conversation_message_received` analytics event for one ingested customer message.
 * Idempotent per message: the dedup key is the Tandem message id, so a retried step or a redelivered
 * event writes one row.
 * @returns true if written, false if already recorded
 */
export function recordMessageReceived(db: Db, data: MessageReceivedPayload): Promise<boolean> {
  return recordEvent(db, {
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
  });
}
