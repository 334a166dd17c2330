/**
 * Who may run the bot-vs-human traffic split at all (000_… §5 Plan scope and Feature flag; issue 15 item 5): the org
 * flag `bot_traffic_split_enabled`, an eligible plan, and the AI add-on (the bot arm is the AI agent). The same rule
 * gates the settings section and saves (lib/routing/traffic-split-config.ts), routing (the channel context's
 * `orgSplitEnabled`, lib/ingest/load-channel.ts), the experiment-health check and the comparison report. Pure, no
 * database access, so the ingest hot path can use it.
 */
import type { Organization } from "@/db/schema";
import { canAccess, type Role } from "@/lib/auth/roles";

/** Plans that include the traffic split (000_… §5 Plan scope, proposed: Professional + Enterprise). */
export const SPLIT_PLANS: readonly Organization["plan"][] = ["professional", "enterprise"];

/** Why an org may not split, in the order reported: the plan, then the AI add-on, then the flag. */
export type SplitIneligibleReason = "plan_not_eligible" | "ai_addon_off" | "flag_off";

export type SplitEligibilityFields = Pick<Organization, "botTrafficSplitEnabled" | "plan" | "aiAgentAddon">;

/** Every reason the org may not split (empty when it may). */
export function splitIneligibleReasons(org: SplitEligibilityFields): SplitIneligibleReason[] {
  const reasons: SplitIneligibleReason[] = [];
  if (!SPLIT_PLANS.includes(org.plan)) reasons.push("plan_not_eligible");
  if (!org.aiAgentAddon) reasons.push("ai_addon_off");
  if (!org.botTrafficSplitEnabled) reasons.push("flag_off");
  return reasons;
}

/** Whether the org may use the traffic split: flag on, an eligible plan and the AI add-on. */
export function trafficSplitAvailable(org: SplitEligibilityFields): boolean {
  return splitIneligibleReasons(org).length === 0;
}

/**
 * Who sees the bot-vs-human comparison (000_… BTS-S04 permission model, issue 15 item 5): an org that may use the
 * split, and an owner, admin or supervisor. Anyone else gets no nav entry and "not found" (never a 403, never data).
 */
export function canViewComparison(org: SplitEligibilityFields, role: Role): boolean {
  return trafficSplitAvailable(org) && canAccess(role, "reports");
}
