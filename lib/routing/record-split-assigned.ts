import type { Db } from "@/db/client";
import { recordEvent } from "@/lib/events/record-event";

/**
 * Records `bot_traffic_split_assigned` (000_… §7 behaviour 4, §10) once per conversation. Called after the
 * conversation's transaction commits and best effort: a failure here never blocks or fails routing.
 * @returns true if written, false if already recorded
 */
export function recordSplitAssigned(
  db: Db,
  input: { orgId: string; channelId: string; conversationId: string; variant: "bot" | "human"; botPercent: number; at?: Date },
): Promise<boolean> {
  const at = input.at ?? new Date();
  return recordEvent(db, {
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
  });
}
