/**
 * Delivers a bot reply composed after the incoming-message webhook answered (`reply_pending`, issue 14 item 7) to the
 * channel's outbound reply URL: a `reply.created` JSON body signed with the channel's webhook secret (Standard
 * Webhooks; the `webhook-id` is the reply's message id, so a receiver can drop a repeat), one `reply_deliveries` row per
 * reply (delivered once), retried with backoff, every outcome kept for the channel's delivery log.
 */
import { and, eq, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channelIntegrations, messages, replyDeliveries } from "@/db/schema";
import { endpointAllowed } from "@/lib/alerts/push-subscriptions";
import { open } from "@/lib/crypto/secret-box";
import { outboundFetch } from "@/lib/net/outbound-fetch";
import type { IngestResult } from "./receive-message";
import { signWebhook } from "./sign";
import { errorMessage } from "@/lib/errors/error-message";

/** Waits before each retry (ms): attempt 2 after 1 s, then 5 s, 30 s, 2 min; then the delivery is `failed`. */
export const REPLY_RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000];
/** Per-attempt timeout (ms). */
const ATTEMPT_TIMEOUT_MS = 10_000;

/** The body POSTed to the outbound reply URL. */
export type ReplyCreated = {
  type: "reply.created";
  channel_id: string;
  conversation_id: string;
  message_id: string;
  reply_to_message_id: string;
  text: string;
  action: string;
  confidence: number;
  sources: { articleId: string; title: string; score: number }[];
};

/**
 * Records the delivery of a finished late turn's reply and makes its first attempt (later ones are scheduled in-process;
 * {@link retryDueReplyDeliveries} picks up any left pending).
 * @returns the delivery's status after the first attempt, or null when there is nothing to deliver (no reply, or the
 *   channel has no outbound reply URL any more)
 */
export async function deliverLateReply(db: Db, late: IngestResult): Promise<"delivered" | "pending" | "failed" | null> {
  const reply = late.response.reply;
  if (!reply) return null;
  const [channel] = await db
    .select({ url: channelIntegrations.outboundReplyUrl })
    .from(channelIntegrations)
    .where(and(eq(channelIntegrations.id, late.channelId), eq(channelIntegrations.orgId, late.orgId)));
  if (!channel?.url) return null;
  const id = await recordReplyDelivery(db, { orgId: late.orgId, channelId: late.channelId, messageId: reply.message_id, url: channel.url });
  const status = await attemptDelivery(db, id);
  // without an Inngest engine nothing else sweeps: each late reply also retries a few deliveries a restart left due
  await retryDueReplyDeliveries(db, { limit: 20 });
  return status;
}

/**
 * Records that a reply must be delivered to `url` (once per reply: a second call returns the same row). Called in the
 * reply's own transaction when the webhook has already answered, so a crash after the commit cannot lose the delivery.
 * @returns the delivery's id
 */
export async function recordReplyDelivery(db: Db, delivery: { orgId: string; channelId: string; messageId: string; url: string }): Promise<number> {
  // the first attempt is due now, on this server's clock (the claim compares with the same clock)
  const [row] = await db.insert(replyDeliveries).values({ ...delivery, nextAttemptAt: new Date() }).onConflictDoNothing({ target: replyDeliveries.messageId }).returning({ id: replyDeliveries.id });
  if (row) return row.id;
  const [existing] = await db.select({ id: replyDeliveries.id }).from(replyDeliveries).where(eq(replyDeliveries.messageId, delivery.messageId));
  if (!existing) throw new Error("reply delivery vanished");
  return existing.id;
}

/**
 * One attempt of a pending delivery: claims it (only one attempt runs at a time), POSTs the signed body, and records
 * the outcome; a failure schedules the next attempt ({@link REPLY_RETRY_DELAYS_MS}) or, after the last, marks it failed.
 * @returns the status after this attempt (the current status when another attempt holds it or it is not pending)
 */
export async function attemptDelivery(db: Db, deliveryId: number): Promise<"delivered" | "pending" | "failed"> {
  // claim: push the next attempt far out while this one runs, so a concurrent sweep skips it
  const [claimed] = await db
    .update(replyDeliveries)
    .set({ nextAttemptAt: new Date(Date.now() + ATTEMPT_TIMEOUT_MS * 2), attempts: sql`${replyDeliveries.attempts} + 1` })
    // (100 ms of slack: a timer may fire a hair before the time it was set for)
    .where(and(eq(replyDeliveries.id, deliveryId), eq(replyDeliveries.status, "pending"), lte(replyDeliveries.nextAttemptAt, new Date(Date.now() + 100))))
    .returning();
  if (!claimed) {
    const [current] = await db.select({ status: replyDeliveries.status }).from(replyDeliveries).where(eq(replyDeliveries.id, deliveryId));
    return current?.status ?? "failed";
  }
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    if (!endpointAllowed(claimed.url)) throw new Error("the outbound reply URL must be https on a public host");
    const [reply] = await db
      .select({ id: messages.id, conversationId: messages.conversationId, replyTo: messages.replyToMessageId, content: messages.content, action: messages.agentAction, confidence: messages.confidence, sources: messages.sources })
      .from(messages)
      .where(and(eq(messages.id, claimed.messageId), eq(messages.orgId, claimed.orgId)));
    const [channel] = await db.select({ secret: channelIntegrations.webhookSecretEncrypted }).from(channelIntegrations).where(eq(channelIntegrations.id, claimed.channelId));
    if (!reply || !channel) throw new Error("the reply or its channel no longer exists");
    const body: ReplyCreated = {
      type: "reply.created",
      channel_id: claimed.channelId,
      conversation_id: reply.conversationId,
      message_id: reply.id,
      reply_to_message_id: reply.replyTo ?? "",
      text: reply.content,
      action: reply.action ?? "answer",
      confidence: reply.confidence ?? 0,
      sources: reply.sources ?? [],
    };
    const raw = JSON.stringify(body);
    // only to public addresses, resolved at connect time (lib/net/outbound-fetch.ts)
    const res = await outboundFetch(claimed.url, {
      method: "POST",
      body: raw,
      headers: { "content-type": "application/json", ...signWebhook(open(channel.secret), raw, { id: reply.id }) },
      redirect: "manual",
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    statusCode = res.status;
    await res.arrayBuffer().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (e) {
    error = e instanceof Error ? e.message.slice(0, 300) : String(e).slice(0, 300);
  }
  if (!error) {
    await db.update(replyDeliveries).set({ status: "delivered", deliveredAt: new Date(), lastStatusCode: statusCode, lastError: null }).where(eq(replyDeliveries.id, deliveryId));
    return "delivered";
  }
  const delay = REPLY_RETRY_DELAYS_MS[claimed.attempts - 1];
  if (delay === undefined) {
    await db.update(replyDeliveries).set({ status: "failed", lastStatusCode: statusCode, lastError: error }).where(eq(replyDeliveries.id, deliveryId));
    return "failed";
  }
  await db.update(replyDeliveries).set({ nextAttemptAt: new Date(Date.now() + delay), lastStatusCode: statusCode, lastError: error }).where(eq(replyDeliveries.id, deliveryId));
  setTimeout(() => {
    attemptDelivery(db, deliveryId).catch((e) => console.warn("[reply-delivery] retry failed:", errorMessage(e)));
  }, delay).unref();
  return "pending";
}

/**
 * Attempts every pending delivery whose next attempt is due (e.g. after a restart lost the in-process timers).
 * @returns how many were attempted
 */
export async function retryDueReplyDeliveries(db: Db, { limit = 100 }: { limit?: number } = {}): Promise<number> {
  const due = await db
    .select({ id: replyDeliveries.id })
    .from(replyDeliveries)
    .where(and(eq(replyDeliveries.status, "pending"), lte(replyDeliveries.nextAttemptAt, new Date())))
    .limit(limit);
  for (const d of due) await attemptDelivery(db, d.id);
  return due.length;
}
