/**
 * The traffic-split decision point (DESIGN.md flow 1; 000_… BTS-S02). Pure and synchronous: it reads only the
 * channel config already loaded for the request, so the hot path makes no extra database round trip.
 */
import { randomInt } from "node:crypto";

export type SplitConfig = {
  /** org feature flag `bot_traffic_split_enabled` */
  orgSplitEnabled: boolean;
  /** channel's `traffic_split_enabled` */
  channelSplitEnabled: boolean;
  /** channel's `bot_percent` (whole number 0..100) */
  botPercent: unknown;
};

export type ArmDecision =
  | { variant: null; botPercent: null; fallbackReason?: string }
  | { variant: "bot" | "human"; botPercent: number; roll: number };

/**
 * Decides the arm of a new conversation, once.
 * - split off (org flag or channel toggle) → bot handles it, `variant: null` (BTS-S02 "split disabled → 100% bot");
 * - split on → `roll` uniform integer 0..99 from `crypto.randomInt`; `roll < bot_percent` → bot arm, else human (BTS-S02 AC-1/AC-2);
 * - config unreadable or ambiguous (bot_percent not a whole number 0..100) → bot, `variant: null`, with
 *   `fallbackReason` for `bot_traffic_split_decision_fallback` (BTS-S02 ERR-1). Never throws.
 * @param roll injectable for tests; defaults to a fresh cryptographic roll
 */
export function decideArm(config: SplitConfig, roll: number = randomInt(100)): ArmDecision {
  if (!config.orgSplitEnabled || !config.channelSplitEnabled) return { variant: null, botPercent: null };
  const pct = config.botPercent;
  if (typeof pct !== "number" || !Number.isInteger(pct) || pct < 0 || pct > 100) {
    return { variant: null, botPercent: null, fallbackReason: "invalid_bot_percent" };
  }
  return { variant: roll < pct ? "bot" : "human", botPercent: pct, roll };
}
