import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, type Conversation } from "@/db/schema";
import { recordBotArmHandover } from "@/lib/routing/record-handover";
import { handedOverToHumans } from "./handed-back";

/**
 * Marks a human taking over `conversation` (a row read in this transaction, ideally `FOR UPDATE`): assigned to
 * `agentId` (if not yet), `ASSIGNED` unless resolved, the hand-over time when the bot had it, and
 * `bot_arm_handover_to_human` once on the bot arm (000_… §10). Used by the helpdesk's events and by Tandem's own
 * conversation actions (issue 18), so both count a takeover the same way.
 * @param agentId the member taking it; null when the helpdesk did not say who (only the hand-over is marked)
 * @param at when (the event's own clock)
 * @returns the updated row (unchanged when there was nothing to change)
 */
export async function takeOver(tx: Db, { conversation, agentId, at }: { conversation: Conversation; agentId: string | null; at: Date }): Promise<Conversation> {
  const handoverNow = !handedOverToHumans(conversation);
  const changes = {
    ...(agentId ? { assignChannelAgentId: agentId, assignedAt: conversation.assignChannelAgentId === agentId ? conversation.assignedAt : at } : {}),
    ...(conversation.status !== "RESOLVED" && agentId ? { status: "ASSIGNED" as const } : {}),
    ...(handoverNow ? { handoverAt: at } : {}),
  };
  // an unnamed agent replying on a conversation already handed over changes nothing here (the reply is stored)
  if (Object.keys(changes).length === 0) return conversation;
  const [updated] = await tx.update(conversations).set(changes).where(eq(conversations.id, conversation.id)).returning();
  if (handoverNow && conversation.variant === "bot") {
    await recordBotArmHandover(tx, { orgId: conversation.orgId, channelId: conversation.channelId, conversationId: conversation.id, at });
  }
  return updated ?? conversation;
}
