import { z } from "zod";
import type { Db } from "@/db/client";
import { recordSplitAssigned } from "@/lib/routing/record-split-assigned";
import { recordEvent } from "./record-event";

/** Payload of `conversation/message.received`, sent after an ingested customer message commits. */
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

/**
 * The after-commit analytics of one ingested message: `conversation_message_received`, plus
 * `bot_traffic_split_assigned` when the message created a conversation whose arm was decided by the split.
 * Both are idempotent (dedup keys), so a retried step or redelivered event writes nothing twice.
 */
export async function recordIngestAnalytics(db: Db, data: MessageReceivedPayload): Promise<{ messageReceived: boolean; splitAssigned: boolean }> {
  const messageReceived = await recordMessageReceived(db, data);
  const splitAssigned =
    data.created_conversation && data.variant !== null && data.bot_percent !== null
      ? await recordSplitAssigned(db, {
          orgId: data.org_id, channelId: data.channel_id, conversationId: data.conversation_id, variant: data.variant, botPercent: data.bot_percent,
        })
      : false;
  return { messageReceived, splitAssigned };
}
