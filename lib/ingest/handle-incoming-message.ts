/**
 * `POST /api/webhooks/incoming-message`, framework-free (Web `Request` → `Response`) so the route stays thin and
 * tests can drive it over real HTTP or directly. Verification and the delivery log are the shared channel-webhook
 * front ({@link handleChannelWebhook}); then the body schema (400 with field errors) → ingest (200). Nothing is
 * written before every check has passed.
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { handleChannelWebhook, json } from "./channel-webhook";
import { incomingMessageSchema, MAX_INCOMING_BODY_BYTES } from "./incoming-message-schema";
import type { ModelClient } from "@/lib/agent/model-client";
import { deliverLateReply } from "./deliver-reply";
import { receiveMessage, type IngestResult } from "./receive-message";
import { errorMessage } from "@/lib/errors/error-message";

export type AfterIngest = (result: IngestResult) => Promise<void>;

/**
 * Handles one incoming-message webhook.
 * @param afterCommit called after the transaction commits for a new (non-duplicate) message, e.g. to send the
 *   Inngest event; its failure is logged and never fails the webhook
 * @param afterLateReply called with the finished turn when a reply missed the webhook's budget (`reply_pending`):
 *   by default delivers it to the channel's outbound reply URL (lib/ingest/deliver-reply.ts)
 * @param model the model endpoint replies are composed with (benchmarks and tests); default: the env-configured one
 * @returns 200 `IngestResponse` (same body for a redelivery, with `X-Tandem-Duplicate: true`); 400/401/404/410/413
 *   with `{ error, fields? }`
 */
export function handleIncomingMessage(
  db: Db,
  request: Request,
  {
    afterCommit,
    afterLateReply = (late) => deliverLateReply(db, late).then(() => undefined),
    model,
  }: { afterCommit?: AfterIngest; afterLateReply?: AfterIngest; model?: ModelClient | null } = {},
): Promise<Response> {
  return handleChannelWebhook(db, request, {
    endpoint: "incoming-message",
    maxBytes: MAX_INCOMING_BODY_BYTES,
    eventOf: () => "message",
    async handle({ ctx, body }) {
      const parsed = incomingMessageSchema.safeParse(body);
      if (!parsed.success) return { event: "message", response: json(400, { error: "Invalid body", fields: z.flattenError(parsed.error).fieldErrors }) };
      const result = await receiveMessage(db, { ctx, input: parsed.data, onLateReply: afterLateReply, ...(model === undefined ? {} : { model }) });
      if (!result.duplicate && afterCommit) {
        try {
          await afterCommit(result);
        } catch (error) {
          console.warn("[incoming-message] after-commit hook failed:", errorMessage(error));
        }
      }
      return {
        event: result.duplicate ? "message (duplicate)" : "message",
        response: json(200, result.response, result.duplicate ? { "X-Tandem-Duplicate": "true" } : {}),
      };
    },
  });
}
