/**
 * The confidence rules around the fitted model (issue 14 item 5): a tie between two answers caps the customer-facing
 * confidence; staff guidance is not capped (the human reads the best article either way).
 */
import { describe, expect, it } from "vitest";
import { calibratedConfidence, matchConfidence, TIE_CONFIDENCE, TIE_MARGIN, type Calibration } from "./calibration";

/** A fit whose confidence is high for any strong match: σ(−2 + 8·score). */
const FIT: Calibration = { weights: [-2, 8, 0, 0, 0], fittedOn: "test", fittedAt: "2026-12-05", examples: 0 };
const strong = (margin: number) => ({ score: 0.8, margin, questionSimilarity: 0.8, coverage: 1 });

describe("calibratedConfidence", () => {
  it("is the fitted model's confidence when the best answer leads by at least TIE_MARGIN", () => {
    expect(calibratedConfidence(strong(TIE_MARGIN), FIT)).toBe(matchConfidence(strong(TIE_MARGIN), FIT));
    expect(calibratedConfidence(strong(TIE_MARGIN), FIT)).toBeGreaterThan(0.9);
  });

  it("caps a tie (another answer within TIE_MARGIN) at TIE_CONFIDENCE, under the default 0.7 threshold", () => {
    expect(calibratedConfidence(strong(TIE_MARGIN - 0.001), FIT)).toBe(TIE_CONFIDENCE);
    expect(calibratedConfidence(strong(0), FIT)).toBe(TIE_CONFIDENCE);
    expect(TIE_CONFIDENCE).toBeLessThan(0.7);
  });

  it("is 0 without an article, tie or not", () => {
    expect(calibratedConfidence(null, FIT)).toBe(0);
    expect(calibratedConfidence({ score: 0, margin: 0, questionSimilarity: 0, coverage: 0 }, FIT)).toBe(0);
  });
});

describe("matchConfidence", () => {
  it("does not cap a tie: for staff guidance the human reads the best article either way", () => {
    expect(matchConfidence(strong(0), FIT)).toBeGreaterThan(0.9);
  });
});
