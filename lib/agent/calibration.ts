/**
 * Confidence that the agent's best customer-facing article answers the message (issue 14 item 5): a logistic model
 * over retrieval features, fitted on the labelled development set (db/seed-data/agent-eval/dev-set.json) by
 * `npm run calibrate:agent`, which writes the coefficients to ./calibration.json. Pure.
 */
import fitted from "./calibration.json";

/** What the confidence is computed from, all 0..1. */
export type ConfidenceFeatures = {
  /** the best customer-facing article's retrieval score */
  score: number;
  /** its score minus the best customer-facing article of another topic */
  margin: number;
  /** its best example-question (or title) similarity */
  questionSimilarity: number;
  /** its IDF-weighted coverage of the message */
  coverage: number;
};

export const FEATURE_NAMES = ["score", "margin", "questionSimilarity", "coverage"] as const satisfies readonly (keyof ConfidenceFeatures)[];

export type Calibration = {
  /** intercept first, then one weight per {@link FEATURE_NAMES} entry */
  weights: number[];
  fittedOn: string;
  fittedAt: string;
  examples: number;
};

/**
 * Two answers whose scores are this close are a tie: the message fits both (a refund's status or starting one, a
 * service added or removed), and which one ranks first says nothing about which is right.
 */
export const TIE_MARGIN = 0.03;
/** The most confidence a tie gets: a coin toss between two answers, so under any sensible threshold. */
export const TIE_CONFIDENCE = 0.5;

/**
 * How well the best article matches, 0..1 (3 decimals): σ(w₀ + Σ wᵢ·featureᵢ) with the fitted weights; 0 when there is
 * no article. Used as is for staff guidance, where a tie does not matter: the human reads the best article either way.
 * @param calibration defaults to the committed fit
 */
export function matchConfidence(features: ConfidenceFeatures | null, calibration: Calibration = fitted as Calibration): number {
  if (!features || features.score <= 0) return 0;
  const [bias = 0, ...weights] = calibration.weights;
  const z = FEATURE_NAMES.reduce((sum, name, i) => sum + (weights[i] ?? 0) * features[name], bias);
  return Math.round((1 / (1 + Math.exp(-z))) * 1000) / 1000;
}

/**
 * Confidence 0..1 that the best article answers the customer: {@link matchConfidence}, at most {@link TIE_CONFIDENCE}
 * when another topic's answer is within {@link TIE_MARGIN} of the best.
 * @param calibration defaults to the committed fit
 */
export function calibratedConfidence(features: ConfidenceFeatures | null, calibration: Calibration = fitted as Calibration): number {
  const confidence = matchConfidence(features, calibration);
  return features && features.margin < TIE_MARGIN ? Math.min(confidence, TIE_CONFIDENCE) : confidence;
}
