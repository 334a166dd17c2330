/**
 * Delivers replies Tandem sends to a customer: a bot reply composed after the incoming-message webhook answered
 * (`reply_pending`, issue 14 item 7), and an agent's reply typed in Tandem (issue 18; for a Chatwoot conversation it goes
 * through Chatwoot's messages API instead). To the channel's outbound reply URL: a `reply.created` JSON body signed with the channel's webhook secret (Standard
 * Webhooks; the `webhook-id` is the reply's message id, so a receiver can drop a repeat), one `reply_deliveries` row per
 * reply (delivered once), retried with backoff, every outcome kept for the channel's delivery log.
 */
import { and, eq, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, messages, replyDeliveries } from "@/db/schema";
import { chatwootClient, ChatwootError, ChatwootRetryableError } from "@/lib/chatwoot/client";
import { loadChatwootLink } from "@/lib/chatwoot/link";
import { endpointAllowed } from "@/lib/alerts/push-subscriptions";
import { open } from "@/lib/crypto/secret-box";
import { BlockedAddressError, outboundFetch } from "@/lib/net/outbound-fetch";
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
  /** the bot's reply, or an agent's reply typed in Tandem (issue 18) */
  reply_to_message_id: string;
  text: string;
  sender: "bot" | "agent";
  /** the engine's action (`answer`, `handover`, `resolve`), or `agent_reply` */
  action: string;
  /** the engine's confidence 0..1; null for an agent's reply */
  confidence: number | null;
  sources: { articleId: string; title: string; score: number }[];
};

/**
 * Makes the first attempt to deliver a finished late turn's reply, recording the delivery first unless the reply's
 * own transaction did (`late.replyDelivery`: then its body and secret come with it, and the attempt reads neither).
 * Later attempts are scheduled in-process; a delivery a restart left
 * pending is picked up by the every-minute *Late replies* job ({@link retryDueReplyDeliveries}), which the embedded
 * scheduler runs too.
 * @returns the delivery's status after the first attempt, or null when there is nothing to deliver (no reply, or the
 *   channel has no outbound reply URL any more)
 */
export async function deliverLateReply(db: Db, late: IngestResult): Promise<"delivered" | "pending" | "failed" | null> {
  const reply = late.response.reply;
  if (!reply) return null;
  const recorded = late.replyDelivery;
  if (recorded) return firstAttempt(db, recorded, recorded);
  const [channel] = await db
    .select({ url: channelIntegrations.outboundReplyUrl })
    .from(channelIntegrations)
    .where(and(eq(channelIntegrations.id, late.channelId), eq(channelIntegrations.orgId, late.orgId)));
  if (!channel?.url) return null;
  return firstAttempt(db, await recordReplyDelivery(db, { orgId: late.orgId, channelId: late.channelId, messageId: reply.message_id, url: channel.url }, { claim: true }));
}

/** A just-recorded delivery's first attempt: straight away when its insert claimed it, else through the usual claim. */
function firstAttempt(db: Db, recorded: { id: number; claimed: ClaimedDelivery | null }, known?: { body: ReplyCreated; secretEncrypted: string }) {
  return recorded.claimed ? attemptClaimed(db, recorded.claimed, known) : attemptDelivery(db, recorded.id, known);
}

/**
 * Records that a reply must be delivered to `url` (once per reply: a second call returns the same row). Called in the
 * reply's own transaction when the webhook has already answered, so a crash after the commit cannot lose the delivery.
 * @param options.claim insert it already claimed for its first attempt (attempts 1, next attempt {@link PRE_CLAIM_MS}
 *   out), for a caller that makes that attempt right after the commit: one statement fewer per late reply. If the
 *   attempt never happens (the process stopped), the schedule's sweep retries it once that time has passed, as after a
 *   crash during any attempt (that try counts as attempt 1). Unclaimed (the default), it is due now.
 * @returns the delivery's id, and its row when this call inserted it claimed (null when it already existed: then
 *   {@link attemptDelivery} claims it as usual)
 */
export async function recordReplyDelivery(
  db: Db,
  delivery: { orgId: string; channelId: string; messageId: string; url: string },
  { claim = false }: { claim?: boolean } = {},
): Promise<{ id: number; claimed: ClaimedDelivery | null }> {
  // unclaimed, the first attempt is due now, on this server's clock (the claim compares with the same clock)
  const values = claim ? { ...delivery, ...claimedForAttempt(1, PRE_CLAIM_MS) } : { ...delivery, nextAttemptAt: new Date() };
  const [row] = await db.insert(replyDeliveries).values(values).onConflictDoNothing({ target: replyDeliveries.messageId }).returning();
  if (row) return { id: row.id, claimed: claim ? row : null };
  const [existing] = await db.select({ id: replyDeliveries.id }).from(replyDeliveries).where(eq(replyDeliveries.messageId, delivery.messageId));
  if (!existing) throw new Error("reply delivery vanished");
  return { id: existing.id, claimed: null };
}

/**
 * How long a delivery recorded already claimed stays claimed (ms): the attempt's own timeout twice, as any claim, plus
 * what runs between the reply's commit and its first attempt (the turn's after-commit work, waiting for a connection).
 */
const PRE_CLAIM_MS = ATTEMPT_TIMEOUT_MS * 2 + 60_000;

/**
 * A claim's write for attempt number `attempts`: the next attempt pushed `forMs` out (past this attempt's timeout), so a
 * sweep skips it meanwhile.
 */
function claimedForAttempt<A>(attempts: A, forMs = ATTEMPT_TIMEOUT_MS * 2): { nextAttemptAt: Date; attempts: A } {
  return { nextAttemptAt: new Date(Date.now() + forMs), attempts };
}

/** A delivery claimed for one attempt (its row, as the claim left it). */
export type ClaimedDelivery = typeof replyDeliveries.$inferSelect;

/**
 * A late reply's delivery, recorded in the reply's own transaction (`reply_deliveries.id`), with what its first attempt
 * sends, known then: the body and the channel's (sealed) secret — so that attempt reads nothing — and its row when it
 * was inserted already claimed for that attempt (`claimed`; see {@link recordReplyDelivery}).
 */
export type LateReplyDelivery = { id: number; body: ReplyCreated; secretEncrypted: string; claimed: ClaimedDelivery | null };

/** The `reply.created` body of a stored reply. */
export function replyCreatedBody(channelId: string, reply: { id: string; conversationId: string; sender: string; replyTo: string | null; content: string; action: string | null; confidence: number | null; sources: ReplyCreated["sources"] | null }): ReplyCreated {
  const fromAgent = reply.sender === "agent";
  return {
    type: "reply.created",
    channel_id: channelId,
    conversation_id: reply.conversationId,
    message_id: reply.id,
    reply_to_message_id: reply.replyTo ?? "",
    text: reply.content,
    sender: fromAgent ? "agent" : "bot",
    action: fromAgent ? "agent_reply" : (reply.action ?? "answer"),
    confidence: fromAgent ? null : (reply.confidence ?? 0),
    sources: reply.sources ?? [],
  };
}

/** A claimed delivery's reply as its `reply.created` body, and its channel's sealed secret. @throws when either is gone */
async function readReplyCreated(db: Db, claimed: ClaimedDelivery): Promise<{ body: ReplyCreated; secretEncrypted: string }> {
  // the reply and its channel's secret, read at once (independent reads: no round trip waits for the other)
  const [[reply], [channel]] = await Promise.all([
    db
      .select({ id: messages.id, conversationId: messages.conversationId, sender: messages.sender, replyTo: messages.replyToMessageId, content: messages.content, action: messages.agentAction, confidence: messages.confidence, sources: messages.sources })
      .from(messages)
      .where(and(eq(messages.id, claimed.messageId), eq(messages.orgId, claimed.orgId))),
    db.select({ secret: channelIntegrations.webhookSecretEncrypted }).from(channelIntegrations).where(eq(channelIntegrations.id, claimed.channelId)),
  ]);
  if (!reply || !channel) throw new Error("the reply or its channel no longer exists");
  return { body: replyCreatedBody(claimed.channelId, reply), secretEncrypted: channel.secret };
}

/**
 * POSTs the signed `reply.created` body to the outbound reply URL: `known` when the caller has it (a late reply's first
 * attempt), else the reply and its channel's secret are read.
 * @returns the HTTP status @throws on network errors and refused addresses
 */
async function postToOutboundUrl(db: Db, claimed: ClaimedDelivery, known?: { body: ReplyCreated; secretEncrypted: string }): Promise<number> {
  if (!endpointAllowed(claimed.url)) throw new BlockedAddressError(claimed.url, "the outbound reply URL must be https on a public host");
  const { body, secretEncrypted } = known ?? (await readReplyCreated(db, claimed));
  const raw = JSON.stringify(body);
  // only to public addresses, resolved at connect time (lib/net/outbound-fetch.ts)
  const res = await outboundFetch(claimed.url, {
    method: "POST",
    body: raw,
    headers: { "content-type": "application/json", ...signWebhook(open(secretEncrypted), raw, { id: body.message_id }) },
    redirect: "manual",
    signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
  });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
}

/**
 * Posts an agent's reply as a public message of its Chatwoot conversation. A retry first looks for the reply among the
 * conversation's latest messages — an attempt whose answer was lost may have reached Chatwoot — and adopts it instead of
 * sending twice. @returns Chatwoot's message id @throws ChatwootError / Error (recorded as the attempt's error)
 */
async function sendThroughChatwoot(db: Db, claimed: ClaimedDelivery): Promise<string> {
  const [reply] = await db
    .select({ content: messages.content, createdAt: messages.createdAt, chatwootConversationId: conversations.externalId })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(messages.id, claimed.messageId), eq(messages.orgId, claimed.orgId)));
  if (!reply) throw new Error("the reply no longer exists");
  const link = await loadChatwootLink(db, claimed.orgId, "org");
  if (!link) throw new Error("Chatwoot is no longer linked (Settings › Chatwoot)");
  const client = chatwootClient(link.credentials);
  const conversationId = Number(reply.chatwootConversationId);
  if (claimed.attempts > 1) {
    const since = reply.createdAt.getTime() / 1000 - 5;
    const kept = (await client.listMessages(conversationId)).find((m) => !m.private && (m.message_type === 1 || m.message_type === "outgoing") && m.content?.trim() === reply.content.trim() && m.created_at >= since);
    if (kept) return String(kept.id);
  }
  return String(await client.createMessage(conversationId, { content: reply.content, private: false }));
}

/**
 * One attempt of a pending delivery: claims it (only one attempt runs at a time), sends it (the signed body to the
 * outbound reply URL, or the message to Chatwoot), and records the outcome. A failure schedules the next attempt
 * ({@link REPLY_RETRY_DELAYS_MS}); after the last one, or at once when the receiver refused the request itself (a 4xx
 * other than 408/429, or Chatwoot refusing it), the delivery is `failed` and a person may retry it.
 * @returns the status after this attempt (the current status when another attempt holds it or it is not pending)
 */
export async function attemptDelivery(db: Db, deliveryId: number, known?: { body: ReplyCreated; secretEncrypted: string }): Promise<"delivered" | "pending" | "failed"> {
  // claim: push the next attempt far out while this one runs, so a concurrent sweep skips it
  const [claimed] = await db
    .update(replyDeliveries)
    .set(claimedForAttempt(sql`${replyDeliveries.attempts} + 1`))
    // (100 ms of slack: a timer may fire a hair before the time it was set for)
    .where(and(eq(replyDeliveries.id, deliveryId), eq(replyDeliveries.status, "pending"), lte(replyDeliveries.nextAttemptAt, new Date(Date.now() + 100))))
    .returning();
  if (!claimed) {
    const [current] = await db.select({ status: replyDeliveries.status }).from(replyDeliveries).where(eq(replyDeliveries.id, deliveryId));
    return current?.status ?? "failed";
  }
  return attemptClaimed(db, claimed, known);
}

/**
 * The attempt of a delivery this caller has claimed (see {@link attemptDelivery}): sends it and records the outcome.
 * @param known the body and secret, when the caller has them (a late reply's first attempt): nothing is read
 */
async function attemptClaimed(db: Db, claimed: ClaimedDelivery, known?: { body: ReplyCreated; secretEncrypted: string }): Promise<"delivered" | "pending" | "failed"> {
  const deliveryId = claimed.id;
  let statusCode: number | null = null;
  let error: string | null = null;
  let externalMessageId: string | null = null;
  let final = false;
  try {
    if (claimed.transport === "chatwoot") externalMessageId = await sendThroughChatwoot(db, claimed);
    else statusCode = await postToOutboundUrl(db, claimed, known);
    if (statusCode !== null && (statusCode < 200 || statusCode >= 300)) {
      error = `HTTP ${statusCode}`;
      // the receiver refused this very body (4xx other than timeout/rate limit): a retry would send the same — unless
      // it refused the signature of a first attempt signed with the secret read when the message arrived (`known`):
      // the secret may have been rotated meanwhile, and a retry signs with the current one
      const staleSignature = known !== undefined && (statusCode === 401 || statusCode === 403);
      final = statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429 && !staleSignature;
    }
  } catch (e) {
    error = e instanceof Error ? e.message.slice(0, 300) : String(e).slice(0, 300);
    // Chatwoot refusing the request (a bad token, a deleted conversation) will refuse a retry too, and so will an
    // address that is not public: fail now, show Retry
    final = (e instanceof ChatwootError && !(e instanceof ChatwootRetryableError)) || e instanceof BlockedAddressError;
  }
  if (!error) {
    const delivered = (d: Db) => d.update(replyDeliveries).set({ status: "delivered", deliveredAt: new Date(), lastStatusCode: statusCode, lastError: null, externalMessageId }).where(eq(replyDeliveries.id, deliveryId));
    if (!externalMessageId) {
      // one statement: no transaction of its own
      await delivered(db);
      return "delivered";
    }
    await db.transaction(async (tx) => {
      await delivered(tx);
      // Chatwoot's id on our message, so its webhook echo of this reply is recognised (unless the echo already adopted it)
      await tx
        .update(messages)
        .set({ externalId: externalMessageId })
        .where(and(eq(messages.id, claimed.messageId), isNull(messages.externalId), sql`NOT EXISTS (SELECT 1 FROM messages m2 WHERE m2.conversation_id = ${messages.conversationId} AND m2.external_id = ${externalMessageId})`));
    });
    return "delivered";
  }
  const delay = final ? undefined : REPLY_RETRY_DELAYS_MS[claimed.attempts - 1];
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
