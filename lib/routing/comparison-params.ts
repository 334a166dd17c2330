import { dateRangeParamsSchema, resolveDateRange, type ResolvedRange } from "@/lib/time/date-range-params";

export const RANGE_PRESETS = ["7", "14", "30", "90"] as const;
/** Longest custom range, in days. */
export const MAX_RANGE_DAYS = 366;

/**
 * Comparison-view URL params: `channel` (uuid; all channels when absent), `range` (a preset number of days, default
 * 14) or `range=custom&from=YYYY-MM-DD&to=YYYY-MM-DD`. Malformed values fall back to the defaults.
 */
export const comparisonParamsSchema = dateRangeParamsSchema(RANGE_PRESETS, "14");

export type ComparisonParams = ReturnType<typeof comparisonParamsSchema.parse>;

/**
 * The local date range and its instants for the params, in the org's zone. A custom range is ordered and capped at
 * {@link MAX_RANGE_DAYS}; an incomplete one falls back to the last 14 days.
 */
export function resolveRange(params: ComparisonParams, timezone: string, now = new Date()): ResolvedRange {
  return resolveDateRange(params, timezone, { defaultDays: 14, maxDays: MAX_RANGE_DAYS }, now);
}
