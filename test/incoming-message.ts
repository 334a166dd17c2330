/**
 * Posts one customer message to the incoming-message webhook, signed with the channel's secret, over real HTTP —
 * as a channel provider does.
 */
import { signWebhook } from "@/lib/ingest/sign";

/**
 * @param url the server's origin (`serve(...)`'s url)
 * @param channel the channel's id and webhook secret
 * @param message the conversation's and message's ids, the contact's id and the text; `sent_at` is now
 * @returns the response (status and JSON body left to the caller)
 */
export function postIncomingMessage(
  url: string,
  channel: { id: string; secret: string },
  message: { conversationId: string; messageId: string; contactId: string; text: string },
): Promise<Response> {
  const raw = JSON.stringify({
    channel_id: channel.id,
    conversation_id: message.conversationId,
    message_id: message.messageId,
    contact: { id: message.contactId },
    text: message.text,
    sent_at: new Date().toISOString(),
  });
  return fetch(`${url}/api/webhooks/incoming-message`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(channel.secret, raw) } });
}
