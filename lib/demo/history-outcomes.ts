/**
 * The outcome mix of the demo's simulated history (lib/demo/simulate-history.ts) and how it drifts over the year:
 * linearly from the first day's mix to the last day's, as the AI improves.
 */
import { lerp } from "./history-calendar";

/** Shares of the simulated (non-spam, non-preview) conversations by outcome; normalised to sum 1. */
export type OutcomeMix = {
  /** closed `RESOLVE_AI` with no human attached (gross AI resolution) */
  aiResolved: number;
  /** the AI answered at least once, then a human was attached (closed `ASSIGN_AGENT_AI` or `RESOLVE`) */
  aiAssisted: number;
  /** handed to humans without an AI answer (closed `ASSIGN_AGENT`/`ASSIGN_AGENT_AI`), or left waiting for one (`WAITING_ASSIGN_AGENT`) */
  escalated: number;
  /** a human handled it alone and closed it as bare `RESOLVE` (never counts as an AI resolution) */
  humanResolved: number;
  /** still `OPEN` with the AI: the customer went quiet after a clarifying question (no closed_reason) */
  open: number;
};
export type Outcome = keyof OutcomeMix;

/** The outcomes, in the order {@link mixAt} returns their shares. */
export const OUTCOMES: Outcome[] = ["aiResolved", "aiAssisted", "escalated", "humanResolved", "open"];

/** The outcome shares (in {@link OUTCOMES} order, summing to 1) at `progress` 0..1 through the range. */
export function mixAt(start: OutcomeMix, end: OutcomeMix, progress: number): number[] {
  const raw = OUTCOMES.map((o) => lerp(start[o], end[o], progress));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / total);
}
