/**
 * Stopping the traffic split when an org loses eligibility (issue 15 item 5; 000_… §5 Plan scope, S01-NEG, S01-NEG2):
 * a plan downgrade, the AI add-on removed or the flag `bot_traffic_split_enabled` turned off. Routing already stops
 * splitting on its own (the channel context's `orgSplitEnabled` is the same eligibility rule); this turns the split off
 * on each channel that had it on, so the stored config says what routing does, and records it: one audit entry per
 * channel (area `split`, `traffic_split.disabled`) and `bot_traffic_split_disabled` with the reason. The percentage
 * is kept; if the org becomes eligible again, an admin turns the split back on (an experiment never resumes by itself).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { channelIntegrations } from "@/db/schema";
import { recordAudit, type Actor } from "@/lib/audit/record-audit";
import { recordEvent } from "@/lib/events/record-event";
import { splitIneligibleReasons, type SplitEligibilityFields, type SplitIneligibleReason } from "./split-eligibility";

export type StoppedSplit = { channelId: string; channelName: string; botPercent: number; reasons: SplitIneligibleReason[] };

/**
 * When `org` (its values as now saved) may not split, turns the split off on every channel of `actor.orgId` that has
 * it on. Call it inside the transaction that saved the org's plan and flags. Idempotent: channels already off are
 * untouched and nothing is recorded for them.
 * @returns the channels turned off (empty when the org may still split or no channel had it on)
 */
export async function stopSplitIfIneligible(
  tx: Db,
  { actor, org, now = new Date() }: { actor: Actor; org: SplitEligibilityFields; now?: Date },
): Promise<StoppedSplit[]> {
  const reasons = splitIneligibleReasons(org);
  if (reasons.length === 0) return [];
  const stopped = await tx
    .update(channelIntegrations)
    .set({ trafficSplitEnabled: false, updatedAt: now })
    .where(and(eq(channelIntegrations.orgId, actor.orgId), eq(channelIntegrations.trafficSplitEnabled, true)))
    .returning({ channelId: channelIntegrations.id, channelName: channelIntegrations.name, botPercent: channelIntegrations.botPercent });
  for (const ch of stopped) {
    await recordAudit(tx, {
      actor,
      area: "split",
      action: "traffic_split.disabled",
      targetId: ch.channelId,
      targetLabel: ch.channelName,
      changes: { enabled: { from: true, to: false }, reason: { from: null, to: reasons.join(", ") } },
    });
    await recordEvent(tx, {
      orgId: actor.orgId,
      name: "bot_traffic_split_disabled",
      userId: actor.userId,
      occurredAt: now,
      properties: {
        channel_integration_id: ch.channelId,
        reason: reasons[0],
        reasons,
        bot_percent: ch.botPercent,
        actor_id: actor.userId,
        timestamp: now.toISOString(),
      },
    });
  }
  return stopped.map((ch) => ({ ...ch, reasons }));
}
