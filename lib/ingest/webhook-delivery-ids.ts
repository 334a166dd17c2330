/**
 * Replay protection for signed channel webhooks by the sender's `webhook-id` (issue 17 item 3; Standard Webhooks:
 * the id is the delivery's idempotency key and stays the same across retries). Each id is remembered with a SHA-256
 * of the raw body: the same id with the same body is a redelivery, which the endpoint answers as before from its own
 * dedup (`message_id`, the conversation-events receipts); the same id with another body is refused.
 */
import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookDeliveryIds } from "@/db/schema";
import { webhookJson } from "@/lib/http/webhook-json";

/** How long a `webhook-id` is remembered (7 days; a sender's retries end within about a day and a half). */
export const WEBHOOK_ID_RETENTION_MS = 7 * 24 * 3600_000;

/** The longest `webhook-id` accepted (Standard Webhooks ids are short, e.g. `msg_…`). */
export const MAX_WEBHOOK_ID_LENGTH = 256;

export type WebhookIdClaim = "new" | "redelivery" | "conflict";

const sha256 = (raw: string): string => createHash("sha256").update(raw, "utf8").digest("hex");

/**
 * Records `webhookId` for the channel with the body's hash, or compares it with the one already recorded.
 * @param raw the raw request body, exactly as signed
 * @returns `new` (first time), `redelivery` (seen with the same body), `conflict` (seen with a different body)
 */
export async function claimWebhookId(db: Db, { channelId, webhookId, raw }: { channelId: string; webhookId: string; raw: string }): Promise<WebhookIdClaim> {
  const bodySha256 = sha256(raw);
  const [inserted] = await db
    .insert(webhookDeliveryIds)
    .values({ channelId, webhookId, bodySha256 })
    .onConflictDoNothing()
    .returning({ webhookId: webhookDeliveryIds.webhookId });
  if (inserted) return "new";
  const [seen] = await db
    .select({ bodySha256: webhookDeliveryIds.bodySha256 })
    .from(webhookDeliveryIds)
    .where(and(eq(webhookDeliveryIds.channelId, channelId), eq(webhookDeliveryIds.webhookId, webhookId)));
  // pruned between the two statements: the id is free again, and this body is as good as the first
  if (!seen) return claimWebhookId(db, { channelId, webhookId, raw });
  return seen.bodySha256 === bodySha256 ? "redelivery" : "conflict";
}

/** Forgets `webhook-id`s older than {@link WEBHOOK_ID_RETENTION_MS}. @returns how many were forgotten */
export async function pruneWebhookIds(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<number> {
  const gone = await db
    .delete(webhookDeliveryIds)
    .where(lt(webhookDeliveryIds.receivedAt, new Date(now.getTime() - WEBHOOK_ID_RETENTION_MS)))
    .returning({ webhookId: webhookDeliveryIds.webhookId });
  return gone.length;
}

/**
 * Forgets a `webhook-id` claimed by a delivery that was refused (4xx) or failed, so that nothing of it is kept — only
 * if it still carries this body's hash.
 */
export async function releaseWebhookId(db: Db, { channelId, webhookId, raw }: { channelId: string; webhookId: string; raw: string }): Promise<void> {
  const bodySha256 = sha256(raw);
  await db
    .delete(webhookDeliveryIds)
    .where(and(eq(webhookDeliveryIds.channelId, channelId), eq(webhookDeliveryIds.webhookId, webhookId), eq(webhookDeliveryIds.bodySha256, bodySha256)));
}

/**
 * Runs a verified delivery's handler once per `webhook-id` and body: 400 for an over-long id, 409 when the id was
 * delivered before with a different body; otherwise `run`. A delivery `run` refuses (4xx) or fails on (throws)
 * releases the id it claimed, so nothing of it is kept and a corrected retry under the same id is not refused.
 * @returns `run`'s response, or the 400/409 `{ error }`
 * @throws whatever `run` throws
 */
export async function onceByWebhookId(
  db: Db,
  delivery: { channelId: string; webhookId: string; raw: string },
  run: () => Promise<Response>,
): Promise<Response> {
  if (delivery.webhookId.length > MAX_WEBHOOK_ID_LENGTH) {
    return webhookJson(400, { error: `webhook-id longer than ${MAX_WEBHOOK_ID_LENGTH} characters` });
  }
  const claim = await claimWebhookId(db, delivery);
  if (claim === "conflict") {
    return webhookJson(409, { error: "This webhook-id was already delivered with a different body; send each new message under a new webhook-id" });
  }
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    if (claim === "new") await releaseWebhookId(db, delivery).catch(() => undefined);
    throw error;
  }
  if (claim === "new" && response.status >= 400) await releaseWebhookId(db, delivery);
  return response;
}
