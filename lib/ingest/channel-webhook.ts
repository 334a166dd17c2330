/**
 * The shared front of every channel webhook (incoming messages, conversation events): size limit (413) → JSON
 * (400) → text PostgreSQL can store, in every field (400) → `channel_id` (400) → channel exists (404) → Standard Webhooks signature with the current secret, or the
 * previous one during a rotation overlap (401) → archived (410, only told to a correctly signed sender) → the
 * `webhook-id` not used before for another body (409, {@link onceByWebhookId}) → the endpoint's own handler. Every delivery that names a known channel lands in that channel's delivery log, with
 * its status, latency and error — unexpected failures too (as 500, then rethrown).
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { acceptedSecrets } from "@/lib/channels/channel-secrets";
import { recordDelivery } from "@/lib/channels/webhook-deliveries";
import { countRefusal, SIGNATURE_REFUSED } from "@/lib/channels/webhook-refusals";
import { loadChannelContext, type ChannelContext } from "./load-channel";
import { readBodyWithLimit } from "./read-body";
import { verifyWebhook } from "./sign";
import { onceByWebhookId } from "./webhook-delivery-ids";
import { UNSTORABLE_TEXT, unstorableTextPath } from "@/lib/validation/storable";
import { errorMessage } from "@/lib/errors/error-message";
import { webhookJson } from "@/lib/http/webhook-json";

/** A channel webhook's JSON answer ({@link webhookJson}: never cached or compressed). */
export const json = webhookJson;

export type VerifiedDelivery = { ctx: ChannelContext; body: unknown; raw: string };

/**
 * Runs a channel webhook.
 * @param endpoint name in the delivery log, e.g. `incoming-message`
 * @param handle the endpoint's work once the delivery is verified; returns the response and the event name to log
 * @param eventOf the event name to log when a delivery fails verification
 */
export async function handleChannelWebhook(
  db: Db,
  request: Request,
  {
    endpoint, maxBytes, eventOf, handle,
  }: {
    endpoint: string;
    maxBytes: number;
    /** the event name to log for a delivery that fails before `handle` runs (from the parsed body) */
    eventOf: (body: unknown) => string;
    handle: (delivery: VerifiedDelivery) => Promise<{ response: Response; event: string }>;
  },
): Promise<Response> {
  const started = performance.now();
  let channel: { orgId: string; channelId: string } | undefined;
  let event = "unknown";
  const log = (statusCode: number, error: string | null) =>
    channel
      ? recordDelivery(db, { ...channel, endpoint, event, deliveryId: request.headers.get("webhook-id"), statusCode, latencyMs: performance.now() - started, error })
          .catch((e: unknown) => console.warn(`[${endpoint}] delivery log failed:`, errorMessage(e)))
      : Promise.resolve();

  let response: Response;
  try {
    const raw = await readBodyWithLimit(request, maxBytes);
    if (raw === null) return json(413, { error: `Body larger than ${maxBytes} bytes` });
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return json(400, { error: "Body is not valid JSON" });
    }
    // text PostgreSQL cannot store is refused here, whichever field holds it, before anything is written
    const unstorable = unstorableTextPath(body);
    if (unstorable) return json(400, { error: "Invalid body", fields: { [unstorable]: [UNSTORABLE_TEXT] } });
    const channelId = z.object({ channel_id: z.uuid() }).safeParse(body);
    if (!channelId.success) return json(400, { error: "Invalid body", fields: { channel_id: ["Expected a channel id (UUID)"] } });
    const ctx = await loadChannelContext(db, channelId.data.channel_id);
    if (!ctx) return json(404, { error: "Unknown channel" });
    channel = { orgId: ctx.orgId, channelId: ctx.channelId };
    event = eventOf(body).slice(0, 60);
    if (!verifyWebhook(acceptedSecrets(ctx), raw, request.headers)) {
      // counted in the channel's refusal tally, never in its delivery log (issue 17 item 3)
      await countRefusal(db, channel).catch((e: unknown) => console.warn(`[${endpoint}] refusal tally failed:`, errorMessage(e)));
      return json(401, { error: SIGNATURE_REFUSED });
    } else if (ctx.archivedAt) {
      response = json(410, { error: "Channel archived" });
    } else {
      // the same webhook-id with another body is refused (409); a refused or failed delivery keeps nothing
      response = await onceByWebhookId(db, { channelId: ctx.channelId, webhookId: request.headers.get("webhook-id")!, raw }, async () => {
        const handled = await handle({ ctx, body, raw });
        event = handled.event;
        return handled.response;
      });
    }
  } catch (error) {
    await log(500, "Internal error");
    throw error;
  }
  const error = response.status >= 400 ? (((await response.clone().json()) as { error?: string }).error ?? null) : null;
  await log(response.status, error);
  return response;
}
