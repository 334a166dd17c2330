import type { Db } from "@/db/client";
import { recordEvent, type EventInput } from "@/lib/events/record-event";

type HandoverInput = { orgId: string; channelId: string; conversationId: string; at?: Date };

/**
 * The `bot_arm_handover_to_human` event (000_… §10) of a bot-arm conversation that a human takes over, keyed so that
 * it is written at most once per conversation: for callers that write it with other events in one statement.
 * @param at when the human took over (default: now)
 */
export function botArmHandoverEvent({ orgId, channelId, conversationId, at = new Date() }: HandoverInput): EventInput {
  return {
    orgId,
    name: "bot_arm_handover_to_human",
    conversationId,
    dedupKey: `bot_arm_handover:${conversationId}`,
    occurredAt: at,
    properties: { channel_integration_id: channelId, conversation_id: conversationId, timestamp: at.toISOString() },
  };
}

/**
 * Records `bot_arm_handover_to_human` (000_… §10) for a bot-arm conversation that a human takes over — at most
 * once per conversation (dedup key), whichever path noticed it first (engine handover, helpdesk assignment or
 * an agent's reply).
 * @returns true when written, false when the conversation's hand-over was recorded before
 */
export function recordBotArmHandover(db: Db, input: HandoverInput): Promise<boolean> {
  return recordEvent(db, botArmHandoverEvent(input));
}
