/**
 * Reconciliation (004_… §9 "Chatwoot Webhook Failure → poll the API every 5 minutes"): Chatwoot does not retry account
 * webhooks, so a dropped delivery is gone. Every 5 minutes each link pages through every conversation active since its
 * last successful run (most recent activity first, until a page reaches older activity: after downtime that is every
 * conversation the downtime touched) and their messages, and processes every customer message Tandem doesn't have —
 * exactly as if its webhook had arrived (processing is idempotent on Chatwoot's message id, so a message that did arrive
 * is never drafted twice). Public replies a person made in Chatwoot and resolutions are recovered the same way, so a
 * waiting draft is overtaken (issue 18 item 2) even when their webhooks were lost.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvals, chatwootLinks, conversations, messages } from "@/db/schema";
import { chatwootClient, type ChatwootListedConversation, type ChatwootListedMessage } from "./client";
import { loadChatwootLink } from "./link";
import { chatwootConversationSchema, conversationStatusChangedSchema, messageCreatedSchema } from "./payloads";
import { processChatwootEvent, type ProcessOutcome } from "./process-event";
import { errorMessage } from "@/lib/errors/error-message";

/** Chatwoot's page size when listing conversations (most recent activity first). */
export const CHATWOOT_PAGE_SIZE = 25;
/** At most this many pages per link and run (5,000 conversations): a run never pages forever. */
export const RECONCILE_MAX_PAGES = 200;
/** Activity this long before the last run is looked at again (clock skew, slow deliveries). */
export const RECONCILE_OVERLAP_MS = 10 * 60_000;

export type ReconcileResult = {
  linkId: string;
  /** conversations active since the last run (less the overlap) in mapped inboxes, looked at */
  conversations: number;
  /** listing pages read */
  pages: number;
  recovered: ProcessOutcome[];
  error?: string;
};

const activityMs = (c: ChatwootListedConversation) => (c.last_activity_at ?? c.timestamp ?? 0) * 1000;
const isIncoming = (m: ChatwootListedMessage) => m.message_type === 0 || m.message_type === "incoming";
const isOutgoing = (m: ChatwootListedMessage) => m.message_type === 1 || m.message_type === "outgoing";

/**
 * Reconciles one link (or every link when `linkId` is absent).
 * @param params.fetchImpl for tests (the Chatwoot stand-in)
 * @returns per link: conversations looked at and the outcomes of the messages recovered; a link whose Chatwoot fails
 *   reports the error and keeps its last successful run time
 */
export async function reconcileChatwoot(db: Db, { linkId, now = new Date(), fetchImpl }: { linkId?: string; now?: Date; fetchImpl?: typeof fetch } = {}): Promise<ReconcileResult[]> {
  const ids = linkId ? [linkId] : (await db.select({ id: chatwootLinks.id }).from(chatwootLinks)).map((r) => r.id);
  const results: ReconcileResult[] = [];
  for (const id of ids) {
    const link = await loadChatwootLink(db, id);
    if (!link) continue;
    const client = chatwootClient(link.credentials, fetchImpl);
    const since = (link.lastReconciledAt?.getTime() ?? now.getTime() - 24 * 3600_000) - RECONCILE_OVERLAP_MS;
    const result: ReconcileResult = { linkId: id, conversations: 0, pages: 0, recovered: [] };
    try {
      const listed: ChatwootListedConversation[] = [];
      // every page with activity since the last run: stop at a short page or one that reaches older activity
      for (let page = 1; page <= RECONCILE_MAX_PAGES; page++) {
        const batch = await client.listConversations(page);
        result.pages = page;
        listed.push(...batch);
        if (batch.length < CHATWOOT_PAGE_SIZE || batch.some((c) => activityMs(c) < since)) break;
        if (page === RECONCILE_MAX_PAGES) console.warn(`[chatwoot] reconciliation of link ${id} stopped after ${page} pages`);
      }
      const mapped = new Map(link.inboxes.map((i) => [i.inboxId, i.channelId]));
      const recent = listed.filter((c) => mapped.has(c.inbox_id) && activityMs(c) >= since);
      result.conversations = recent.length;
      for (const listedConversation of recent) {
        const conversation = chatwootConversationSchema.safeParse(listedConversation);
        if (!conversation.success) continue;
        // customer messages, and public replies a person made in Chatwoot (they overtake waiting drafts, issue 18)
        const chatwootMessages = (await client.listMessages(conversation.data.id)).filter((m) => !m.private && (isIncoming(m) || isOutgoing(m)));
        const [conv] = await db
          .select({ id: conversations.id })
          .from(conversations)
          .where(and(eq(conversations.channelId, mapped.get(conversation.data.inbox_id)!), eq(conversations.externalId, String(conversation.data.id))));
        const known = new Set(
          conv
            ? (await db.select({ externalId: messages.externalId }).from(messages).where(and(eq(messages.conversationId, conv.id), inArray(messages.externalId, chatwootMessages.map((m) => String(m.id)))))).map((m) => m.externalId)
            : [],
        );
        for (const m of chatwootMessages.sort((a, b) => a.created_at - b.created_at)) {
          // only what arrived since the last run (less the overlap): older history is not drafted after the fact
          if (known.has(String(m.id)) || m.created_at * 1000 < since) continue;
          // a reply matters only on a conversation Tandem knows (it may overtake a waiting draft there)
          if (isOutgoing(m) && !conv) continue;
          const event = messageCreatedSchema.safeParse({
            event: "message_created",
            id: m.id,
            content: m.content,
            message_type: isIncoming(m) ? "incoming" : "outgoing",
            private: false,
            created_at: m.created_at,
            sender: m.sender ?? null,
            account: { id: link.accountId },
            conversation: conversation.data,
          });
          if (event.success) result.recovered.push(await processChatwootEvent(db, { link, event: event.data, client, now }));
        }
        // a resolution whose webhook was lost: close the conversation and overtake its waiting drafts
        if (conv && conversation.data.status === "resolved") {
          const missed = await db.select({ id: approvals.id }).from(approvals).where(and(eq(approvals.conversationId, conv.id), inArray(approvals.status, ["pending", "escalated"]))).limit(1);
          const [open] = await db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.id, conv.id), ne(conversations.status, "RESOLVED")));
          if (missed.length > 0 || open) {
            const event = conversationStatusChangedSchema.safeParse({ ...conversation.data, event: "conversation_status_changed", account: { id: link.accountId } });
            if (event.success) result.recovered.push(await processChatwootEvent(db, { link, event: event.data, client, now }));
          }
        }
      }
      await db.update(chatwootLinks).set({ lastReconciledAt: now }).where(eq(chatwootLinks.id, id));
    } catch (error) {
      result.error = errorMessage(error);
      console.warn(`[chatwoot] reconciliation of link ${id} failed:`, result.error);
    }
    results.push(result);
  }
  return results;
}
