/**
 * The traffic-split decision point (DESIGN.md flow 1; 000_… BTS-S02). Pure and synchronous: it reads only the
 * channel config already loaded for the request, so the hot path makes no extra database round trip.
 */
import { randomInt } from "node:crypto";

export type SplitConfig = {
  /**
   * the org may split: flag `bot_traffic_split_enabled`, an eligible plan and the AI add-on
   * (lib/routing/split-eligibility.ts); null when the config could not be read
   */
  orgSplitEnabled: boolean | null;
  /** channel's `traffic_split_enabled`; null when the config could not be read */
  channelSplitEnabled: boolean | null;
  /** channel's `bot_percent` (whole number 0..100) */
  botPercent: unknown;
};

/** Why a decision fell back to the bot arm (`bot_traffic_split_decision_fallback`'s `reason`). */
export type FallbackReason = "config_read_failed" | "config_unreadable" | "invalid_bot_percent";

export type ArmDecision =
  | { variant: null; botPercent: null; fallbackReason?: FallbackReason }
  | { variant: "bot" | "human"; botPercent: number; roll: number };

/**
 * Decides the arm of a new conversation, once.
 * - config not read (a flag is null: the read failed, lib/ingest/load-channel.ts) → bot, `variant: null`, fallback
 *   `config_read_failed`; anything else that cannot be read (a field that throws, a flag that is not a boolean) →
 *   fallback `config_unreadable` (BTS-S02 ERR-1);
 * - split off (org not eligible — flag, plan or add-on — or channel toggle off) → bot handles it, `variant: null`
 *   (BTS-S02 "split disabled → 100% bot");
 * - split on → `roll` uniform integer 0..99 from `crypto.randomInt`; `roll < bot_percent` → bot arm, else human (BTS-S02 AC-1/AC-2);
 * - bot_percent ambiguous (not a whole number 0..100) → bot, `variant: null`, fallback `invalid_bot_percent`.
 * The caller records `bot_traffic_split_decision_fallback` with `fallbackReason`. Never throws.
 * @param roll injectable for tests; defaults to a fresh cryptographic roll
 */
export function decideArm(config: SplitConfig, roll?: number): ArmDecision {
  try {
    const { orgSplitEnabled, channelSplitEnabled, botPercent: pct } = config;
    if (orgSplitEnabled === null || channelSplitEnabled === null) return { variant: null, botPercent: null, fallbackReason: "config_read_failed" };
    if (typeof orgSplitEnabled !== "boolean" || typeof channelSplitEnabled !== "boolean") {
      return { variant: null, botPercent: null, fallbackReason: "config_unreadable" };
    }
    if (!orgSplitEnabled || !channelSplitEnabled) return { variant: null, botPercent: null };
    if (typeof pct !== "number" || !Number.isInteger(pct) || pct < 0 || pct > 100) {
      return { variant: null, botPercent: null, fallbackReason: "invalid_bot_percent" };
    }
    const r = roll ?? randomInt(100);
    return { variant: r < pct ? "bot" : "human", botPercent: pct, roll: r };
  } catch {
    return { variant: null, botPercent: null, fallbackReason: "config_unreadable" };
  }
}
