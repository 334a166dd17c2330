/**
 * `POST /api/webhooks/incoming-message`, framework-free (Web `Request` → `Response`) so the route stays thin and
 * tests can drive it over real HTTP or directly.
 *
 * Order of checks: size (413) → JSON (400) → channel id (400) → channel exists (404) → signature (401) →
 * body schema (400 with field errors) → ingest (200). Nothing is written before every check has passed.
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { open } from "@/lib/crypto/secret-box";
import { incomingMessageSchema, MAX_INCOMING_BODY_BYTES } from "./incoming-message-schema";
import { loadChannelContext } from "./load-channel";
import { readBodyWithLimit } from "./read-body";
import { receiveMessage, type IngestResult } from "./receive-message";
import { verifyWebhook } from "./sign";

export type AfterIngest = (result: IngestResult) => Promise<void>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers });
}

/**
 * Handles one incoming-message webhook.
 * @param afterCommit called after the transaction commits for a new (non-duplicate) message, e.g. to send the
 *   Inngest event; its failure is logged and never fails the webhook
 * @returns 200 `IngestResponse` (same body for a redelivery, with `X-Tandem-Duplicate: true`); 400/401/404/413
 *   with `{ error, fields? }`
 */
export async function handleIncomingMessage(
  db: Db,
  request: Request,
  { afterCommit }: { afterCommit?: AfterIngest } = {},
): Promise<Response> {
  const raw = await readBodyWithLimit(request, MAX_INCOMING_BODY_BYTES);
  if (raw === null) return json(413, { error: `Body larger than ${MAX_INCOMING_BODY_BYTES} bytes` });

  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return json(400, { error: "Body is not valid JSON" });
  }
  const channelId = z.object({ channel_id: z.uuid() }).safeParse(body);
  if (!channelId.success) {
    return json(400, { error: "Invalid body", fields: { channel_id: ["Expected a channel id (UUID)"] } });
  }

  const ctx = await loadChannelContext(db, channelId.data.channel_id);
  if (!ctx) return json(404, { error: "Unknown channel" });
  if (!verifyWebhook(open(ctx.webhookSecretEncrypted), raw, request.headers)) {
    return json(401, { error: "Invalid or missing webhook signature" });
  }

  const parsed = incomingMessageSchema.safeParse(body);
  if (!parsed.success) {
    return json(400, { error: "Invalid body", fields: z.flattenError(parsed.error).fieldErrors });
  }

  const result = await receiveMessage(db, { ctx, input: parsed.data });
  if (!result.duplicate && afterCommit) {
    try {
      await afterCommit(result);
    } catch (error) {
      console.warn("[incoming-message] after-commit hook failed:", error instanceof Error ? error.message : error);
    }
  }
  return json(200, result.response, result.duplicate ? { "X-Tandem-Duplicate": "true" } : {});
}
