/**
 * The plain-language verdict on every impact metric (001_… IMPACT-S01 AC-5: never a bare number), with the
 * thresholds in one place. Tones: `good` (green), `watch` (amber), `poor` (red), `info` (neutral).
 */
export type VerdictTone = "good" | "watch" | "poor" | "info";
/**
 * `key` names the verdict in the report's catalogue (`reports.impact.verdict.<key>`, both languages); `label` is its
 * English wording, for logs and tests.
 */
export type Verdict = { key: VerdictKey; label: string; tone: VerdictTone };
export type VerdictKey =
  | "strong" | "healthy" | "buildingUp" | "low" | "carryingMost" | "sharingLoad" | "lightLoad" | "noAfterHours" | "notCoveringYet"
  | "alwaysOn" | "partlyCovering" | "lowGood" | "someRepeats" | "highCheck" | "morePositive" | "lessPositive" | "aboutSame"
  | "quick" | "reasonable" | "long";

/**
 * Net containment thresholds (share 0..1 of eligible conversations resolved by the AI alone, net of 48 h reopens).
 * Published AI-agent benchmarks put typical resolution at 30–50 %, so 30 % is healthy and 50 % strong.
 */
export const CONTAINMENT_THRESHOLDS = { strong: 0.5, healthy: 0.3, building: 0.15 } as const;
/** Reopen rate thresholds (share 0..1 of AI resolutions whose customer asked again within 48 h). */
export const REOPEN_THRESHOLDS = { low: 0.1, some: 0.2 } as const;
/** Sentiment delta (contained − escalated, on −1..1) beyond which mood differs noticeably. */
export const SENTIMENT_DELTA_THRESHOLD = 0.1;
/** Below this share of conversations with a mood reading the sentiment tile warns about coverage. */
export const SENTIMENT_LOW_COVERAGE = 0.2;
/** Customer messages per AI-resolved conversation: quick ≤ 3, reasonable ≤ 6. */
export const TURNS_THRESHOLDS = { quick: 3, reasonable: 6 } as const;
/** Share 0..1 of conversations the AI took part in: carrying most ≥ 50 %, sharing ≥ 20 %. */
export const VOLUME_THRESHOLDS = { most: 0.5, sharing: 0.2 } as const;

/** Verdict on net containment (IMPACT-S01 AC-1, AC-5). */
export function containmentVerdict(net: number): Verdict {
  if (net >= CONTAINMENT_THRESHOLDS.strong) return { key: "strong", label: "Strong", tone: "good" };
  if (net >= CONTAINMENT_THRESHOLDS.healthy) return { key: "healthy", label: "Healthy", tone: "good" };
  if (net >= CONTAINMENT_THRESHOLDS.building) return { key: "buildingUp", label: "Building up", tone: "watch" };
  return { key: "low", label: "Low", tone: "poor" };
}

/** Verdict on the share of conversations the AI took part in (IMPACT-S01 AC-5, volume tile). */
export function volumeVerdict(aiShare: number): Verdict {
  if (aiShare >= VOLUME_THRESHOLDS.most) return { key: "carryingMost", label: "Carrying most of the load", tone: "good" };
  if (aiShare >= VOLUME_THRESHOLDS.sharing) return { key: "sharingLoad", label: "Sharing the load", tone: "good" };
  return { key: "lightLoad", label: "Light load", tone: "watch" };
}

/** Below this share of after-hours arrivals contained, the after-hours verdict says the AI is not covering the night. */
export const AFTER_HOURS_COVERING = 0.3;

/**
 * Verdict on after-hours coverage (IMPACT-S01 AC-5): how many after-hours conversations the AI contained while the
 * team was offline (`contained` of `arrivals`).
 */
export function afterHoursVerdict(contained: number, arrivals: number): Verdict {
  if (arrivals === 0) return { key: "noAfterHours", label: "No after-hours traffic", tone: "info" };
  if (contained === 0) return { key: "notCoveringYet", label: "Not covering yet", tone: "watch" };
  return contained / arrivals >= AFTER_HOURS_COVERING ? { key: "alwaysOn", label: "Always-on", tone: "good" } : { key: "partlyCovering", label: "Partly covering", tone: "watch" };
}

/** Verdict on the reopen rate (IMPACT-S03 AC-1), e.g. "Low — good". */
export function reopenVerdict(rate: number): Verdict {
  if (rate <= REOPEN_THRESHOLDS.low) return { key: "lowGood", label: "Low — good", tone: "good" };
  if (rate <= REOPEN_THRESHOLDS.some) return { key: "someRepeats", label: "Some repeats", tone: "watch" };
  return { key: "highCheck", label: "High — check the answers", tone: "poor" };
}

/** Verdict on the sentiment delta (IMPACT-S03 AC-2) in plain words. */
export function sentimentVerdict(delta: number): Verdict {
  if (delta >= SENTIMENT_DELTA_THRESHOLD) return { key: "morePositive", label: "More positive", tone: "good" };
  if (delta <= -SENTIMENT_DELTA_THRESHOLD) return { key: "lessPositive", label: "Less positive", tone: "poor" };
  return { key: "aboutSame", label: "About the same", tone: "good" };
}

/** Verdict on customer messages per AI-resolved conversation (IMPACT-S03 AC-3). */
export function turnsVerdict(average: number): Verdict {
  if (average <= TURNS_THRESHOLDS.quick) return { key: "quick", label: "Quick", tone: "good" };
  if (average <= TURNS_THRESHOLDS.reasonable) return { key: "reasonable", label: "Reasonable", tone: "good" };
  return { key: "long", label: "Long", tone: "watch" };
}
