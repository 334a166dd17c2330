import type { Db } from "@/db/client";
import { recordEvent } from "@/lib/events/record-event";

/**
 * Records `bot_arm_handover_to_human` (000_… §10) for a bot-arm conversation that a human takes over — at most
 * once per conversation (dedup key), whichever path noticed it first (engine handover, helpdesk assignment or
 * an agent's reply).
 */
export function recordBotArmHandover(
  db: Db,
  { orgId, channelId, conversationId, at = new Date() }: { orgId: string; channelId: string; conversationId: string; at?: Date },
): Promise<boolean> {
  return recordEvent(db, {
    orgId,
    name: "bot_arm_handover_to_human",
    conversationId,
    dedupKey: `bot_arm_handover:${conversationId}`,
    occurredAt: at,
    properties: { channel_integration_id: channelId, conversation_id: conversationId, timestamp: at.toISOString() },
  });
}
