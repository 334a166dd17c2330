/**
 * How the demo's simulated conversations end (lib/demo/simulate-history.ts). The history never writes a final
 * `closed_reason`: it simulates what happened — a journey drawn from a mix that drifts over the year as the AI improves
 * — and closes each conversation the way live traffic is closed, through the outcome rules of
 * `lib/conversations/outcome.ts` ({@link closeSimulated} = `closeConversation` in memory). So the history and live
 * traffic are counted by the same rules: a close after silence is a bare RESOLVE, never an AI win.
 */
import { deriveOutcome, outcomeFacts, type ClosedReason, type CloseRequest, type Outcome } from "@/lib/conversations/outcome";
import { lerp } from "./history-calendar";
import type { Rng } from "./history-rng";
import { aiAnsweredAt, type SimConversation } from "./history-timeline";

/**
 * Shares of the simulated (non-spam, non-preview) conversations by journey — what happened, not how it is counted;
 * normalised to sum 1.
 */
export type JourneyMix = {
  /** the AI answered and the customer confirmed it helped (closed by the confirmation → `RESOLVE_AI`) */
  aiConfirmed: number;
  /** the AI gave a grounded answer, then the customer went silent (closed by the idle job → bare `RESOLVE`, via silence) */
  aiSilent: number;
  /** the AI asked a clarifying question and the customer never answered (left `OPEN`: the idle job only closes after a grounded answer) */
  aiOpen: number;
  /** as `aiOpen`, but an agent later closed it in the helpdesk without attaching (bare `RESOLVE`, via agent) */
  aiTidied: number;
  /** the AI answered, the customer asked for a person, the AI handed over, an agent attached and closed it (→ `ASSIGN_AGENT_AI`) */
  aiThenHuman: number;
  /**
   * the AI handed over without answering: an agent attached and closed it (→ `ASSIGN_AGENT`), or — often after hours —
   * nobody picked it up and the helpdesk closed it while waiting (→ `WAITING_ASSIGN_AGENT`)
   */
  handover: number;
  /** an agent took it from the helpdesk before the AI answered, and closed it (→ `ASSIGN_AGENT`) */
  humanOnly: number;
};
export type Journey = keyof JourneyMix;

/** The journeys, in the order {@link mixAt} returns their shares. */
export const JOURNEYS: Journey[] = ["aiConfirmed", "aiSilent", "aiOpen", "aiTidied", "aiThenHuman", "handover", "humanOnly"];

/** The journey shares (in {@link JOURNEYS} order, summing to 1) at `progress` 0..1 through the range: linear from `start` to `end`. */
export function mixAt(start: JourneyMix, end: JourneyMix, progress: number): number[] {
  const raw = JOURNEYS.map((j) => lerp(start[j], end[j], progress));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / total);
}

/**
 * What the helpdesk says when an agent closes a conversation, with relative weights: mostly a plain RESOLVE, sometimes
 * its own assignment reasons. It is only a request — the outcome rules decide the stored `closed_reason`.
 */
const HELPDESK_CLOSE_REASONS: { reason: ClosedReason; weight: number }[] = [
  { reason: "RESOLVE", weight: 70 },
  { reason: "ASSIGN_AGENT_AI", weight: 20 },
  { reason: "ASSIGN_AGENT", weight: 10 },
];

/** An agent's close from the helpdesk, with the reason the helpdesk sends (drawn from {@link HELPDESK_CLOSE_REASONS}). */
export function helpdeskClose(rng: Rng): CloseRequest {
  return { via: "agent", closedReason: HELPDESK_CLOSE_REASONS[rng.weighted(HELPDESK_CLOSE_REASONS.map((r) => r.weight))]!.reason };
}

/**
 * Closes a simulated conversation at `at` (epoch ms) as `closeConversation` closes a live one: the outcome
 * (`closed_reason`, `closed_via`, `ai_resolution`) is derived by `deriveOutcome` from `request` and what happened so far
 * — whether the AI answered (a bot `answer` message), whether an agent is attached, whether it was handed over.
 * @returns the derived outcome
 */
export function closeSimulated(c: SimConversation, request: CloseRequest, at: number): Outcome {
  const answeredAt = aiAnsweredAt(c.messages);
  const facts = outcomeFacts({
    aiAnsweredAt: answeredAt === null ? null : new Date(answeredAt),
    assignChannelAgentId: c.agentId,
    handoverAt: c.handoverAt === null ? null : new Date(c.handoverAt),
    handedBackAt: null,
    variant: null,
  });
  const outcome = deriveOutcome(request, facts);
  c.status = "RESOLVED";
  c.closedAt = at;
  c.outcome = outcome;
  return outcome;
}
