import { and, desc, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { messages } from "@/db/schema";
import type { EngineTurn } from "./engine";

/**
 * The conversation's public turns before the message being answered, oldest first, as the answering engine reads them
 * (by send time; private notes left out).
 * @param params.exceptMessageId the message being answered (the caller appends it last)
 * @param params.limit most recent turns kept
 */
export async function engineHistory(db: Db, { conversationId, exceptMessageId, limit }: { conversationId: string; exceptMessageId: string; limit: number }): Promise<EngineTurn[]> {
  const rows = await db
    .select({ sender: messages.sender, content: messages.content, agentAction: messages.agentAction, capabilityId: messages.capabilityId })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.isPrivate, false), ne(messages.id, exceptMessageId)))
    .orderBy(desc(messages.sentAt), desc(messages.createdAt))
    .limit(limit);
  return rows.reverse();
}
