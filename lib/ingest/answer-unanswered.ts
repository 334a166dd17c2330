/**
 * Recovery of bot replies that were never stored (issue 14 item 7: exactly once per customer message, nothing lost).
 * On the model and burst path a customer message is committed first and answered afterwards; when the process stops
 * in between (a deploy, a crash) or the reply's own transaction fails, the customer has been told `reply_pending`
 * and nothing else would ever answer — a redelivery of the message only finds it stored. The schedule's late-reply
 * job answers such messages here, the way the webhook would have.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { conversations, messages } from "@/db/schema";
import { channelAgent } from "@/lib/agent/channel-agent";
import { MAX_BURST_WINDOW_SECONDS } from "@/lib/agent/config-schema";
import { modelClientFromEnv, type ModelClient } from "@/lib/agent/model-client";
import { env } from "@/lib/config/env";
import { humanHandles, isChatwootConversation } from "@/lib/conversations/handed-back";
import { errorMessage } from "@/lib/errors/error-message";
import { loadChannelContext } from "./load-channel";
import { composeReply } from "./receive-message";

/** Messages older than this are history, not a customer waiting (a day-old question is not answered out of the blue). */
export const UNANSWERED_LOOKBACK_MS = 24 * 3600_000;

/**
 * How long a customer message may go without a reply before it counts as unanswered (ms): the model's whole budget
 * (`TANDEM_MODEL_BUDGET_MS`) plus the longest burst window and a minute's margin, and never less than 2 minutes — so a
 * reply still being composed is never raced (and if it were, the reply key keeps it to one).
 */
export function unansweredGraceMs(): number {
  return Math.max(120_000, env().TANDEM_MODEL_BUDGET_MS + MAX_BURST_WINDOW_SECONDS * 1000 + 60_000);
}

/**
 * Answers customer messages left without a bot reply: a conversation's last message (nobody — customer, agent or bot —
 * wrote after it), from the customer, received while the bot handled the conversation and still handles it (`OPEN`,
 * no agent, not handed over; after a hand-back, only messages since), on a channel of the incoming-message webhook
 * (not Chatwoot, whose conversations get drafts for approval, nor the editor's preview), with no reply, older than the
 * grace period and younger than {@link UNANSWERED_LOOKBACK_MS}. Each is answered with {@link composeReply} as a late reply: stored once,
 * its delivery to the channel's outbound reply URL recorded with it (delivered by `retryDueReplyDeliveries`, lib/ingest/deliver-reply.ts).
 * Oldest first; a failure is logged and the message is tried again on the next run.
 * @param params.orgId only this organization's messages (default: every organization's — the schedule's run)
 * @param params.now the clock (tests)
 * @param params.graceMs how old an unanswered message must be (ms); default {@link unansweredGraceMs}
 * @param params.limit messages per run
 * @param params.model the model for composing (default: the env-configured one, or the built-in engine)
 * @returns how many messages were answered (a reply stored, or found stored meanwhile)
 * @throws database errors of the search itself
 */
export async function answerUnansweredMessages(
  db: Db,
  { orgId, now = new Date(), graceMs = unansweredGraceMs(), limit = 50, model = modelClientFromEnv() }: { orgId?: string; now?: Date; graceMs?: number; limit?: number; model?: ModelClient | null } = {},
): Promise<number> {
  const candidates = await executeRows<{ id: string; channel_id: string }>(
    db,
    sql`SELECT m.id, c.channel_id
        FROM messages m
        JOIN conversations c ON c.id = m.conversation_id
        JOIN channel_integrations ch ON ch.id = c.channel_id AND ch.org_id = c.org_id
        WHERE m.sender = 'customer' ${orgId ? sql`AND m.org_id = ${orgId}` : sql``}
          AND m.created_at <= ${new Date(now.getTime() - graceMs).toISOString()}::timestamptz
          AND m.created_at > ${new Date(now.getTime() - UNANSWERED_LOOKBACK_MS).toISOString()}::timestamptz
          AND c.status = 'OPEN' AND c.assign_channel_agent_id IS NULL
          AND ch.type NOT IN ('chatwoot', 'bot_preview') AND ch.archived_at IS NULL
          -- received while the bot had the conversation (not before a human handed it back)
          AND (c.handed_back_at IS NULL OR m.created_at > c.handed_back_at)
          AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.reply_to_message_id = m.id)
          -- the conversation's last word: nobody (the customer again, an agent, the bot) wrote after it
          AND NOT EXISTS (SELECT 1 FROM messages n WHERE n.conversation_id = m.conversation_id AND n.id <> m.id AND n.created_at >= m.created_at)
        ORDER BY m.created_at
        LIMIT ${limit}`,
  );
  let answered = 0;
  for (const candidate of candidates) {
    try {
      const ctx = await loadChannelContext(db, candidate.channel_id);
      if (!ctx) continue;
      const [message] = await db.select().from(messages).where(eq(messages.id, candidate.id)).limit(1);
      const [conversation] = message ? await db.select().from(conversations).where(eq(conversations.id, message.conversationId)).limit(1) : [];
      // re-checked on the rows themselves (a human may have taken over since the search)
      if (!message || !conversation || humanHandles(conversation) || isChatwootConversation(conversation)) continue;
      const created = conversation.messageCount <= 1;
      const turn = await composeReply(db, { ctx, agent: channelAgent(ctx), model, conversation, message, created, isLate: () => true });
      if (turn.response.reply) answered++;
    } catch (error) {
      console.warn("[incoming-message] an unanswered message could not be answered yet:", errorMessage(error));
    }
  }
  return answered;
}
