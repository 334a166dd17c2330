import { z } from "zod";
import { addDays, endOfLocalDay, localToday, startOfLocalDay } from "@/lib/time/local-day";

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
export const RANGE_PRESETS = ["7", "14", "30", "90"] as const;
/** Longest custom range, in days. */
export const MAX_RANGE_DAYS = 366;

/**
 * Comparison-view URL params: `channel` (uuid; all channels when absent), `range` (a preset number of days, default
 * 14) or `range=custom&from=YYYY-MM-DD&to=YYYY-MM-DD`. Malformed values fall back to the defaults.
 */
export const comparisonParamsSchema = z.object({
  channel: z.preprocess(first, z.uuid().optional().catch(undefined)),
  range: z.preprocess(first, z.enum([...RANGE_PRESETS, "custom"]).catch("14")).default("14"),
  from: z.preprocess(first, z.iso.date().optional().catch(undefined)),
  to: z.preprocess(first, z.iso.date().optional().catch(undefined)),
});

export type ComparisonParams = z.infer<typeof comparisonParamsSchema>;

/**
 * The local date range and its instants for the params, in the org's zone. A custom range is ordered and capped at
 * {@link MAX_RANGE_DAYS}; an incomplete one falls back to the last 14 days.
 */
export function resolveRange(params: ComparisonParams, timezone: string, now = new Date()) {
  const today = localToday(timezone, now);
  let from: string;
  let to: string;
  if (params.range === "custom" && params.from && params.to) {
    [from, to] = params.from <= params.to ? [params.from, params.to] : [params.to, params.from];
    if (from < addDays(to, -(MAX_RANGE_DAYS - 1))) from = addDays(to, -(MAX_RANGE_DAYS - 1));
  } else {
    const days = Number(params.range === "custom" ? "14" : params.range);
    to = today;
    from = addDays(today, -(days - 1));
  }
  return { from, to, start: startOfLocalDay(from, timezone), end: endOfLocalDay(to, timezone) };
}
