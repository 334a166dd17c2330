/**
 * Sends events after commit. With no Inngest engine configured or reachable, the webhook still succeeds: the
 * analytics event is recorded in-process through the same lib/ function the Inngest function calls, and the
 * miss is logged.
 */
import type { Db } from "@/db/client";
import { env } from "@/lib/config/env";
import { recordIngestAnalytics, type MessageReceivedPayload } from "@/lib/events/message-received";
import type { IngestResult } from "@/lib/ingest/receive-message";
import { inngest, messageReceived } from "./client";

const SEND_TIMEOUT_MS = 2_000;

function inngestConfigured(): boolean {
  const { INNGEST_DEV, INNGEST_EVENT_KEY } = env();
  return Boolean((INNGEST_DEV && INNGEST_DEV !== "0") || INNGEST_EVENT_KEY);
}

/**
 * Emits `conversation/message.received` for an ingest result, or records its analytics events directly when
 * Inngest is not configured or does not answer within 2 s.
 */
export async function emitMessageReceived(db: Db, result: IngestResult): Promise<void> {
  const data: MessageReceivedPayload = {
    org_id: result.orgId,
    conversation_id: result.response.conversation_id,
    message_id: result.response.message_id,
    channel_id: result.channelId,
    created_conversation: result.createdConversation,
    handled_by: result.response.handled_by,
    variant: result.response.variant,
    bot_percent: result.botPercent,
    reply_confidence: result.response.reply?.confidence ?? null,
  };
  if (inngestConfigured()) {
    try {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${SEND_TIMEOUT_MS} ms`)), SEND_TIMEOUT_MS).unref(),
      );
      await Promise.race([inngest.send(messageReceived.create(data)), timeout]);
      return;
    } catch (error) {
      console.warn(
        "[inngest] could not send conversation/message.received; recording in-process:",
        error instanceof Error ? error.message : error,
      );
    }
  }
  await recordIngestAnalytics(db, data);
}
