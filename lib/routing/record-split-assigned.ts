import type { Db } from "@/db/client";
import { recordEvent, type EventInput } from "@/lib/events/record-event";

type SplitAssigned = { orgId: string; channelId: string; conversationId: string; variant: "bot" | "human"; botPercent: number; at?: Date };

/** The `bot_traffic_split_assigned` event of a conversation (000_… §7 behaviour 4, §10); dedup key: the conversation. */
export function splitAssignedEvent(input: SplitAssigned): EventInput {
  const at = input.at ?? new Date();
  return {
    orgId: input.orgId,
    name: "bot_traffic_split_assigned",
    conversationId: input.conversationId,
    dedupKey: `split_assigned:${input.conversationId}`,
    occurredAt: at,
    properties: {
      channel_integration_id: input.channelId,
      conversation_id: input.conversationId,
      variant: input.variant,
      bot_percent: input.botPercent,
      timestamp: at.toISOString(),
    },
  };
}

/**
 * Records `bot_traffic_split_assigned` (000_… §7 behaviour 4, §10) once per conversation ({@link splitAssignedEvent}).
 * @returns true if written, false if already recorded
 */
export function recordSplitAssigned(db: Db, input: SplitAssigned): Promise<boolean> {
  return recordEvent(db, splitAssignedEvent(input));
}
