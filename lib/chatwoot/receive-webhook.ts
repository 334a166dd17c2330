/**
 * The front of `POST /api/webhooks/chatwoot/{linkId}` (004_… §7): answers fast and does only what must happen before
 * the answer — find the link, verify the signature over the raw body (constant time, 5-minute window), refuse a
 * replayed `X-Chatwoot-Delivery` (stored), and parse the payload. The work itself (triage, draft, approval) runs after
 * the answer, from the outbox row written with the delivery id: in an Inngest function or in-process
 * (`handleChatwootDelivery`).
 */
import { createHash } from "node:crypto";
import { lt, TransactionRollbackError } from "drizzle-orm";
import type { Db } from "@/db/client";
import { chatwootDeliveries } from "@/db/schema";
import { countRefusal } from "@/lib/channels/webhook-refusals";
import { errorMessage } from "@/lib/errors/error-message";
import { enqueueOutbox } from "@/lib/outbox/enqueue";
import { loadChatwootLink } from "./link";
import { parseChatwootPayload } from "./payloads";
import { verifyChatwootSignature } from "./signature";

/** Delivery ids are kept this long (a replay older than the 5-minute window fails the timestamp check anyway). */
export const DELIVERY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Forgets delivery ids older than {@link DELIVERY_RETENTION_MS} (the nightly job; kept off the webhook's path).
 * @returns how many were removed
 */
export async function forgetOldDeliveries(db: Db, now = Date.now()): Promise<number> {
  const gone = await db.delete(chatwootDeliveries).where(lt(chatwootDeliveries.receivedAt, new Date(now - DELIVERY_RETENTION_MS))).returning({ id: chatwootDeliveries.deliveryId });
  return gone.length;
}

export type WebhookAnswer = {
  status: number;
  body: Record<string, unknown>;
  /** set when the delivery has work to do after the answer: its outbox row (committed), to dispatch */
  outboxId?: string | null;
};

/** The longest `X-Chatwoot-Delivery` accepted (Chatwoot sends a UUID). */
export const MAX_DELIVERY_ID_LENGTH = 256;

/**
 * Checks one delivery.
 * @returns 404 unknown link; 401 missing/stale/bad signature (counted in the link's refusal tally); 400 a delivery id over 256 characters; 409 a replayed
 *   delivery id or signature; 422 a handled event without the fields Tandem needs (or not JSON), with nothing stored; 200 `{ ok, processed: false, ignored }` for events Tandem doesn't handle;
 *   202 `{ ok, queued: true }` otherwise, its work written to the outbox with the delivery id (`outboxId`). Nothing about the secret appears in any answer.
 */
export async function receiveChatwootWebhook(db: Db, { linkId, headers, rawBody, now = Date.now() }: { linkId: string; headers: Headers; rawBody: Buffer; now?: number }): Promise<WebhookAnswer> {
  const link = await loadChatwootLink(db, linkId);
  if (!link) return { status: 404, body: { ok: false, error: "Unknown Chatwoot link" } };
  const check = verifyChatwootSignature(link.webhookSecret, headers, rawBody, now);
  if (!check.ok) {
    // counted in the link's refusal tally (Settings › Chatwoot), never stored as a delivery (issue 17 item 3)
    await countRefusal(db, { orgId: link.orgId, chatwootLinkId: link.id }).catch((e: unknown) => console.warn("[chatwoot] refusal tally failed:", errorMessage(e)));
    return { status: 401, body: { ok: false, error: `Signature rejected (${check.reason})` } };
  }
  if (check.deliveryId.length > MAX_DELIVERY_ID_LENGTH) {
    return { status: 400, body: { ok: false, error: `X-Chatwoot-Delivery longer than ${MAX_DELIVERY_ID_LENGTH} characters` } };
  }
  const text = rawBody.toString("utf8");
  const parsed = parseChatwootPayload(text);
  // refused before anything is stored: a 4xx keeps nothing, and a resend of the same payload gets the same 422
  if (parsed.kind === "invalid") return { status: 422, body: { ok: false, error: "Payload not understood", issues: parsed.issues } };
  const event = parsed.kind === "event" ? parsed.event.event : parsed.kind === "ignored" ? parsed.event : "invalid";
  // the delivery id isn't signed: a captured delivery resent under a new id must fail too, so its signature (which
  // covers timestamp and body) is remembered as well — in its canonical form, so re-casing the header is no way round
  const signatureKey = `sig:${createHash("sha256").update(check.signature).digest("hex")}`;
  const stored = await db.transaction(async (tx) => {
    const rows = await tx
      .insert(chatwootDeliveries)
      .values([{ linkId: link.id, deliveryId: check.deliveryId, event }, { linkId: link.id, deliveryId: signatureKey, event }])
      .onConflictDoNothing()
      .returning({ id: chatwootDeliveries.deliveryId });
    if (rows.length < 2) tx.rollback();
    // the work, committed with the delivery id (issue 16): a crash after the 202 loses nothing
    if (parsed.kind === "ignored") return { outboxId: null };
    const outboxId = await enqueueOutbox(tx, {
      orgId: link.orgId,
      topic: "chatwoot/event.received",
      payload: { linkId: link.id, deliveryId: check.deliveryId, body: text },
      dedupKey: `chatwoot:${link.id}:${check.deliveryId}`,
    });
    return { outboxId };
  }).catch((error: unknown) => {
    if (error instanceof TransactionRollbackError) return null;
    throw error;
  });
  if (!stored) return { status: 409, body: { ok: false, error: "This delivery was already received" } };
  if (parsed.kind === "ignored") return { status: 200, body: { ok: true, processed: false, ignored: parsed.event } };
  const conversationId = parsed.event.event === "message_created" || parsed.event.event === "message_updated" ? parsed.event.conversation.id : parsed.event.id;
  return { status: 202, body: { ok: true, queued: true, conversation_id: conversationId }, outboxId: stored.outboxId };
}
