/**
 * The knobs of the demo's simulated history (lib/demo/simulate-history.ts), their defaults and their validation.
 * Counts are per local day of the org's time zone; shares and probabilities are in 0..1.
 */
import { z } from "zod";
import { JOURNEYS, type Journey, type JourneyMix } from "./history-outcomes";

/** A normal distribution of sentiment (clipped to -1..1): mean and standard deviation. */
export type SentimentDistribution = { mean: number; sd: number };
/** An inclusive whole-number range. */
export type IntRange = { min: number; max: number };

/**
 * The simulation's knobs. Counts are per local day of the org's time zone; shares and probabilities are in 0..1.
 */
export type HistoryParams = {
  /** PRNG seed (same seed + same `now` ⇒ identical rows, apart from their generated uuids). Default 6. */
  seed: number;
  /** Months of history ending yesterday (local): local days [today − months, yesterday]. Default 13. */
  months: number;
  /** Mean eligible conversations per day once ramped up (averaged over the week; reopens and follow-ups included). Default 40. */
  dailyVolume: number;
  /** Onboarding ramp length in days from the first day: volume grows linearly from `rampStartShare` to 100 %. Default 45. */
  rampDays: number;
  /** Share of `dailyVolume` on the first day of the ramp. Default 0.1. */
  rampStartShare: number;
  /** Relative volume Mon..Sun (normalised to mean 1). Default [1.1, 1.05, 1, 1, 1.05, 0.85, 0.55]. */
  weekdayWeights: number[];
  /** Relative volume per local hour 0..23 (peaks 10–12 and 19–21, some night traffic: ≈ 45–50 % after hours with the demo org's hours). */
  hourlyWeights: number[];
  /** Relative volume per non-preview channel, in channel creation order (missing entries reuse the last). Default [55, 30, 15]. */
  channelWeights: number[];
  /**
   * Journey mix (what happened; ./history-outcomes) on the first day. Default: AI answered and the customer confirmed
   * 0.24, AI answered then silence 0.14, AI's clarifying question left open 0.05, … closed by an agent 0.03, AI then
   * human 0.24, handed over without an AI answer 0.16, human only 0.14.
   */
  startMix: JourneyMix;
  /**
   * Journey mix on the last day (linear in between). Default: confirmed 0.55, silence 0.09, left open 0.03, closed by
   * an agent 0.02, AI then human 0.18, handed over 0.09, human only 0.04. With the reopens this gives a net containment
   * of ≈ 22 % in the first month, ≈ 48 % in the last 30 days and ≈ 37 % over the last 12 months (history alone).
   */
  endMix: JourneyMix;
  /** Minutes of customer silence after the AI's last answer before the idle job closes the conversation (bare RESOLVE, via silence), as its default. Default 30. */
  idleResolveMinutes: number;
  /** Probability that a confirmed AI resolution is reopened (same contact, new conversation within 48 h) on the first day. Default 0.15. */
  reopenStart: number;
  /** … on the last day (linear in between). Default 0.06. */
  reopenEnd: number;
  /** Share of reopens that arrive on another channel than the original conversation. Default 0.3. */
  reopenOtherChannelShare: number;
  /** Probability that a closed conversation not reopened gets a later follow-up (same contact, > 48 h after, not a reopen). Default 0.05. */
  followUpProbability: number;
  /** Days after the close a follow-up arrives (uniform; must start above 2). Default 3..14. */
  followUpDays: IntRange;
  /** Share of conversations with a sentiment score. Default 0.6. */
  sentimentCoverage: number;
  /** Sentiment distributions per journey, plus `aiResolvedReopened` for AI resolutions the customer came back to. */
  sentiment: Record<Journey | "aiResolvedReopened", SentimentDistribution>;
  /** Share of spam among all non-preview conversations (closed `SPAM`, excluded by the datamart). Default 0.02. */
  spamShare: number;
  /** Mean `bot_preview` chats per day (editors testing the agent; excluded by the datamart). Default 2. */
  previewPerDay: number;
  /** Customer messages (questions and details, not counting a closing thank-you) when the AI answers alone (`aiConfirmed`, `aiSilent`). Default 1..2. */
  customerMessagesAiAlone: IntRange;
  /** Customer messages in the other (human-touched) conversations. Default 2..4. */
  customerMessagesOther: IntRange;
  /** Size of the synthetic contact pool per expected conversation (0.45 ⇒ ~2.2 conversations per contact). Default 0.45. */
  contactsPerConversation: number;
};

/** The demo's history (scripts/load-seed.ts): ≈ 16 k conversations over 13 months. */
export const DEFAULT_HISTORY_PARAMS: HistoryParams = {
  seed: 6,
  months: 13,
  dailyVolume: 40,
  rampDays: 45,
  rampStartShare: 0.1,
  weekdayWeights: [1.1, 1.05, 1, 1, 1.05, 0.85, 0.55],
  hourlyWeights: [
    0.5, 0.3, 0.15, 0.1, 0.1, 0.2, 0.5, 1.0, 2.2, 3.2, 4.4, 4.6, 3.8, 3.4, 3.2, 3.0, 2.8, 2.2, 2.0, 2.6, 2.8, 2.4, 1.6, 0.9,
  ],
  channelWeights: [55, 30, 15],
  startMix: { aiConfirmed: 0.24, aiSilent: 0.14, aiOpen: 0.05, aiTidied: 0.03, aiThenHuman: 0.24, handover: 0.16, humanOnly: 0.14 },
  endMix: { aiConfirmed: 0.55, aiSilent: 0.09, aiOpen: 0.03, aiTidied: 0.02, aiThenHuman: 0.18, handover: 0.09, humanOnly: 0.04 },
  idleResolveMinutes: 30,
  reopenStart: 0.15,
  reopenEnd: 0.06,
  reopenOtherChannelShare: 0.3,
  followUpProbability: 0.05,
  followUpDays: { min: 3, max: 14 },
  sentimentCoverage: 0.6,
  sentiment: {
    aiConfirmed: { mean: 0.45, sd: 0.3 },
    aiResolvedReopened: { mean: -0.05, sd: 0.35 },
    aiSilent: { mean: 0.1, sd: 0.35 },
    aiOpen: { mean: -0.05, sd: 0.3 },
    aiTidied: { mean: -0.05, sd: 0.3 },
    aiThenHuman: { mean: 0.2, sd: 0.35 },
    handover: { mean: -0.2, sd: 0.4 },
    humanOnly: { mean: 0.25, sd: 0.35 },
  },
  spamShare: 0.02,
  previewPerDay: 2,
  customerMessagesAiAlone: { min: 1, max: 2 },
  customerMessagesOther: { min: 2, max: 4 },
  contactsPerConversation: 0.45,
};

const share = z.number().min(0).max(1);
const mixSchema = z
  .object(Object.fromEntries(JOURNEYS.map((j) => [j, share])) as Record<Journey, typeof share>)
  .refine((m) => JOURNEYS.some((j) => m[j] > 0), "The mix needs a positive share.");
const rangeSchema = (min: number, max: number) =>
  z.object({ min: z.number().int().min(min).max(max), max: z.number().int().min(min).max(max) }).refine((r) => r.min <= r.max, "min must not exceed max.");
const distribution = z.object({ mean: z.number().min(-1).max(1), sd: z.number().min(0).max(2) });
const weights = (length: number) => z.array(z.number().min(0)).length(length).refine((w) => w.some((x) => x > 0), "Needs a positive weight.");
/** Validates {@link HistoryParams} (defaults merged with overrides). */
export const paramsSchema = z.object({
  seed: z.number().int(),
  months: z.number().int().min(1).max(36),
  dailyVolume: z.number().positive().max(5000),
  rampDays: z.number().int().min(0).max(365),
  rampStartShare: z.number().min(0.01).max(1),
  weekdayWeights: weights(7),
  hourlyWeights: weights(24),
  channelWeights: z.array(z.number().min(0)).min(1).refine((w) => w.some((x) => x > 0), "Needs a positive weight."),
  startMix: mixSchema,
  endMix: mixSchema,
  idleResolveMinutes: z.number().int().min(1).max(24 * 60),
  reopenStart: share,
  reopenEnd: share,
  reopenOtherChannelShare: share,
  followUpProbability: share,
  followUpDays: rangeSchema(3, 60),
  sentimentCoverage: share,
  sentiment: z.object({ aiResolvedReopened: distribution, ...(Object.fromEntries(JOURNEYS.map((j) => [j, distribution])) as Record<Journey, typeof distribution>) }),
  spamShare: z.number().min(0).max(0.5),
  previewPerDay: z.number().min(0).max(100),
  customerMessagesAiAlone: rangeSchema(1, 20),
  customerMessagesOther: rangeSchema(2, 20),
  contactsPerConversation: z.number().min(0.01).max(1),
});

