/**
 * `POST /api/webhooks/conversation-events`: the helpdesk reports agent availability, assignments, agent replies,
 * resolutions (with `closed_reason`) and CSAT, signed like the incoming-message webhook (same channel secret).
 * Answers 200 `{ ok, duplicate, conversation_id }`; 400 bad body (field errors), 401/404/410/413 as the channel
 * front decides, 404 for an unknown conversation or agent. A redelivery (same `webhook-id`) changes nothing.
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { UserError } from "@/lib/errors/user-error";
import { applyConversationEvent } from "./apply-conversation-event";
import { handleChannelWebhook, json } from "./channel-webhook";
import { conversationEventSchema, MAX_CONVERSATION_EVENT_BYTES } from "./conversation-event-schema";

const typeOf = (body: unknown): string => {
  const type = (body as { type?: unknown } | null)?.type;
  return typeof type === "string" ? type : "unknown";
};

/** Handles one conversation-events delivery. */
export function handleConversationEvent(db: Db, request: Request): Promise<Response> {
  return handleChannelWebhook(db, request, {
    endpoint: "conversation-events",
    maxBytes: MAX_CONVERSATION_EVENT_BYTES,
    eventOf: typeOf,
    async handle({ ctx, body }) {
      const parsed = conversationEventSchema.safeParse(body);
      const event = typeOf(body);
      if (!parsed.success) return { event, response: json(400, { error: "Invalid body", fields: z.flattenError(parsed.error).fieldErrors }) };
      try {
        const applied = await applyConversationEvent(db, { ctx, event: parsed.data, webhookId: request.headers.get("webhook-id")! });
        return {
          event: applied.duplicate ? `${event} (duplicate)` : event,
          response: json(200, { ok: true, duplicate: applied.duplicate, conversation_id: applied.conversationId }, applied.duplicate ? { "X-Tandem-Duplicate": "true" } : {}),
        };
      } catch (error) {
        if (error instanceof UserError) return { event, response: json(error.status, { error: error.message }) };
        throw error;
      }
    },
  });
}
