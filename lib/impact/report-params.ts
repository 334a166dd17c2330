import { dateRangeParamsSchema, resolveDateRange, type ResolvedRange } from "@/lib/time/date-range-params";

/** Range presets of the impact report, in days (the last 7 days … the last 12 months). */
export const IMPACT_RANGE_PRESETS = ["7", "30", "90", "180", "365"] as const;
export const IMPACT_PRESET_LABELS: Record<(typeof IMPACT_RANGE_PRESETS)[number], string> = {
  "7": "Last 7 days",
  "30": "Last 30 days",
  "90": "Last 90 days",
  "180": "Last 6 months",
  "365": "Last 12 months",
};
/** Longest selectable range (001_… §6: "up to 12 months"; 366 covers a leap year). */
export const IMPACT_MAX_RANGE_DAYS = 366;
export const IMPACT_DEFAULT_RANGE = "30";

/** URL params of the report: `channel`, `range` (preset days or `custom`), `from`, `to`; bad values fall back. */
export const impactParamsSchema = dateRangeParamsSchema(IMPACT_RANGE_PRESETS, IMPACT_DEFAULT_RANGE);
export type ImpactParams = ReturnType<typeof impactParamsSchema.parse>;

/** The local days the params select (a custom range is capped at {@link IMPACT_MAX_RANGE_DAYS}, keeping its end). */
export function resolveImpactRange(params: ImpactParams, timezone: string, now = new Date()): ResolvedRange {
  return resolveDateRange(params, timezone, { defaultDays: Number(IMPACT_DEFAULT_RANGE), maxDays: IMPACT_MAX_RANGE_DAYS }, now);
}

/** The `date_range` event property: the preset's days (`"30"`) or `from..to` for a custom range. */
export function rangeLabel(params: ImpactParams, range: { from: string; to: string }): string {
  return params.range === "custom" ? `${range.from}..${range.to}` : params.range;
}
