/**
 * `POST /api/webhooks/incoming-message`, framework-free (Web `Request` → `Response`) so the route stays thin and
 * tests can drive it over real HTTP or directly.
 *
 * Order of checks: size (413) → JSON (400) → channel id (400) → channel exists (404) → signature (401, current
 * secret or the previous one during a rotation overlap) → archived (410) → body schema (400 with field
 * errors) → ingest (200). Nothing is written before every check has passed. Every delivery that names a known
 * channel lands in that channel's delivery log (status, latency, error).
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { acceptedSecrets } from "@/lib/channels/channel-secrets";
import { recordDelivery } from "@/lib/channels/webhook-deliveries";
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
  const started = performance.now();
  const seen: { channel?: { orgId: string; channelId: string } } = {};
  let outcome: { response: Response; channel?: { orgId: string; channelId: string } };
  try {
    outcome = await processDelivery(db, request, afterCommit, seen);
  } catch (error) {
    // an unexpected failure still shows in the channel's delivery log (as a 500), then surfaces as usual
    if (seen.channel) {
      await recordDelivery(db, {
        ...seen.channel, endpoint: "incoming-message", event: "message", deliveryId: request.headers.get("webhook-id"),
        statusCode: 500, latencyMs: performance.now() - started, error: "Internal error",
      }).catch(() => undefined);
    }
    throw error;
  }
  const { response, channel } = outcome;
  if (channel) {
    let error: string | null = null;
    if (response.status >= 400) error = ((await response.clone().json()) as { error?: string }).error ?? null;
    await recordDelivery(db, {
      orgId: channel.orgId,
      channelId: channel.channelId,
      endpoint: "incoming-message",
      event: response.headers.get("X-Tandem-Duplicate") ? "message (duplicate)" : "message",
      deliveryId: request.headers.get("webhook-id"),
      statusCode: response.status,
      latencyMs: performance.now() - started,
      error,
    }).catch((e: unknown) => console.warn("[incoming-message] delivery log failed:", e instanceof Error ? e.message : e));
  }
  return response;
}

async function processDelivery(
  db: Db,
  request: Request,
  afterCommit: AfterIngest | undefined,
  seen: { channel?: { orgId: string; channelId: string } },
): Promise<{ response: Response; channel?: { orgId: string; channelId: string } }> {
  const raw = await readBodyWithLimit(request, MAX_INCOMING_BODY_BYTES);
  if (raw === null) return { response: json(413, { error: `Body larger than ${MAX_INCOMING_BODY_BYTES} bytes` }) };

  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { response: json(400, { error: "Body is not valid JSON" }) };
  }
  const channelId = z.object({ channel_id: z.uuid() }).safeParse(body);
  if (!channelId.success) {
    return { response: json(400, { error: "Invalid body", fields: { channel_id: ["Expected a channel id (UUID)"] } }) };
  }

  const ctx = await loadChannelContext(db, channelId.data.channel_id);
  if (!ctx) return { response: json(404, { error: "Unknown channel" }) };
  const channel = { orgId: ctx.orgId, channelId: ctx.channelId };
  seen.channel = channel;
  if (!verifyWebhook(acceptedSecrets(ctx), raw, request.headers)) {
    return { channel, response: json(401, { error: "Invalid or missing webhook signature" }) };
  }
  // only a correctly signed sender learns that the channel was archived
  if (ctx.archivedAt) return { channel, response: json(410, { error: "Channel archived" }) };

  const parsed = incomingMessageSchema.safeParse(body);
  if (!parsed.success) {
    return { channel, response: json(400, { error: "Invalid body", fields: z.flattenError(parsed.error).fieldErrors }) };
  }

  const result = await receiveMessage(db, { ctx, input: parsed.data });
  if (!result.duplicate && afterCommit) {
    try {
      await afterCommit(result);
    } catch (error) {
      console.warn("[incoming-message] after-commit hook failed:", error instanceof Error ? error.message : error);
    }
  }
  return { channel, response: json(200, result.response, result.duplicate ? { "X-Tandem-Duplicate": "true" } : {}) };
}
