import { z } from "zod";
import { saneTimestamp } from "@/lib/validation/storable";

/**
 * Body of `POST /api/webhooks/incoming-message`. Ids are the sender's own (the helpdesk's or the channel
 * provider's); Tandem keys idempotency on them.
 */
export const incomingMessageSchema = z.object({
  channel_id: z.uuid(),
  conversation_id: z.string().trim().min(1).max(200),
  message_id: z.string().trim().min(1).max(200),
  contact: z.object({
    id: z.string().trim().min(1).max(200),
    name: z.string().trim().max(200).optional(),
    phone: z.string().trim().max(40).optional(),
    email: z.email().max(320).optional(),
  }),
  text: z.string().trim().min(1).max(10_000),
  sent_at: saneTimestamp(),
});

export type IncomingMessage = z.infer<typeof incomingMessageSchema>;

/** Largest accepted request body, in bytes (→ 413 above). */
export const MAX_INCOMING_BODY_BYTES = 64 * 1024;
