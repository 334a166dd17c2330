import { and, asc, count, desc, eq, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, users, type Conversation } from "@/db/schema";
import { contactLookup } from "./contact-index";
import { handledBy } from "./handled-by";
import { notPreview } from "./not-preview";
import type { ListParams } from "./list-params";

export type ConversationRow = {
  id: string;
  channelId: string;
  channelName: string;
  contact: string;
  firstMessage: string;
  handledBy: string;
  status: Conversation["status"];
  variant: Conversation["variant"];
  messageCount: number;
  createdAt: Date;
  lastMessageAt: Date;
};

const SORT_EXPR = {
  created_at: conversations.createdAt,
  last_message_at: conversations.lastMessageAt,
  status: conversations.status,
  channel: channelIntegrations.name,
  messages: conversations.messageCount,
} as const;

/**
 * A "find a customer" filter: a phone number or email matches the sealed field's blind index (issue 17 item 6); any
 * other text matches the channel's contact id exactly (e.g. `wa:62812…`, `chatwoot:9071`).
 */
function customerFilter(query: string): SQL {
  const lookup = contactLookup(query);
  const byContactId = eq(conversations.contactId, query);
  if (!lookup) return byContactId;
  const byIndex = lookup.column === "phone" ? eq(conversations.contactPhoneIndex, lookup.index) : eq(conversations.contactEmailIndex, lookup.index);
  return or(byIndex, byContactId)!;
}

/**
 * One page of the org's conversations, sorted and filtered on the server.
 * @param limit overrides the page size (CSV export reads up to this many rows from offset 0)
 * @param userId the signed-in member, for the "mine" view (`params.view`; no view = all)
 * @returns rows of the page and the total count matching the filters
 */
export async function listConversations(
  db: Db,
  { orgId, params, limit, userId }: { orgId: string; params: ListParams; limit?: number; userId?: string },
): Promise<{ rows: ConversationRow[]; total: number }> {
  const where: SQL[] = [eq(conversations.orgId, orgId), notPreview()];
  if (params.view === "mine") where.push(eq(conversations.assignChannelAgentId, userId ?? "00000000-0000-0000-0000-000000000000"), eq(conversations.status, "ASSIGNED"));
  if (params.view === "queue") where.push(eq(conversations.status, "WAITING_ASSIGN_AGENT"));
  if (params.channel) where.push(eq(conversations.channelId, params.channel));
  if (params.status) where.push(eq(conversations.status, params.status));
  if (params.customer) where.push(customerFilter(params.customer));
  const filter = and(...where);
  const order = params.dir === "asc" ? asc(SORT_EXPR[params.sort]) : desc(SORT_EXPR[params.sort]);
  const pageSize = limit ?? params.pageSize;
  const offset = limit ? 0 : (params.page - 1) * params.pageSize;

  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: conversations.id,
        channelId: conversations.channelId,
        channelName: channelIntegrations.name,
        contactId: conversations.contactId,
        contactName: conversations.contactName,
        firstMessage: conversations.firstMessagePreview,
        status: conversations.status,
        variant: conversations.variant,
        agentName: users.name,
        messageCount: conversations.messageCount,
        createdAt: conversations.createdAt,
        lastMessageAt: conversations.lastMessageAt,
      })
      .from(conversations)
      .innerJoin(channelIntegrations, eq(channelIntegrations.id, conversations.channelId))
      .leftJoin(users, eq(users.id, conversations.assignChannelAgentId))
      .where(filter)
      .orderBy(order, desc(conversations.id))
      .limit(pageSize)
      .offset(offset),
    db.select({ total: count() }).from(conversations).where(filter),
  ]);
  return {
    total: totals?.total ?? 0,
    rows: rows.map((r) => ({
      id: r.id,
      channelId: r.channelId,
      channelName: r.channelName,
      contact: r.contactName ?? r.contactId,
      firstMessage: r.firstMessage,
      handledBy: handledBy(r),
      status: r.status,
      variant: r.variant,
      messageCount: r.messageCount,
      createdAt: r.createdAt,
      lastMessageAt: r.lastMessageAt,
    })),
  };
}
