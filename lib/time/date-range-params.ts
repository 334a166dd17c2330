import { z } from "zod";
import { addDays, endOfLocalDay, localToday, startOfLocalDay } from "@/lib/time/local-day";

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/**
 * The URL params of a report with a channel filter and a date range: `channel` (uuid; all channels when absent),
 * `range` (one of `presets`, a number of days; `fallback` when absent or malformed) or
 * `range=custom&from=YYYY-MM-DD&to=YYYY-MM-DD`. Malformed values fall back to the defaults instead of failing.
 */
export function dateRangeParamsSchema(presets: readonly string[], fallback: string) {
  const ranges: [string, ...string[]] = ["custom", ...presets];
  return z.object({
    channel: z.preprocess(first, z.uuid().optional().catch(undefined)),
    range: z.preprocess(first, z.enum(ranges).catch(fallback)).default(fallback),
    from: z.preprocess(first, z.iso.date().optional().catch(undefined)),
    to: z.preprocess(first, z.iso.date().optional().catch(undefined)),
  });
}

export type DateRangeParams = { channel?: string; range: string; from?: string; to?: string };

export type ResolvedRange = {
  /** first local day, `YYYY-MM-DD` */
  from: string;
  /** last local day (inclusive), `YYYY-MM-DD` */
  to: string;
  /** the instant `from` starts in the zone */
  start: Date;
  /** the instant after `to` ends (exclusive) */
  end: Date;
};

/**
 * The local date range (and its instants) the params select, in the org's zone. A preset is the last N local days
 * ending today; a custom range is ordered, ends today at the latest and is capped at `maxDays` (keeping its end); an incomplete custom range falls
 * back to the last `defaultDays` days.
 */
export function resolveDateRange(
  params: DateRangeParams,
  timezone: string,
  { defaultDays, maxDays }: { defaultDays: number; maxDays: number },
  now = new Date(),
): ResolvedRange {
  const today = localToday(timezone, now);
  let from: string;
  let to: string;
  if (params.range === "custom" && params.from && params.to) {
    [from, to] = params.from <= params.to ? [params.from, params.to] : [params.to, params.from];
    // nothing has happened after today: the range ends today at the latest
    if (to > today) to = today;
    if (from > to) from = to;
    if (from < addDays(to, -(maxDays - 1))) from = addDays(to, -(maxDays - 1));
  } else {
    const days = params.range === "custom" ? defaultDays : Number(params.range);
    to = today;
    from = addDays(today, -(days - 1));
  }
  return { from, to, start: startOfLocalDay(from, timezone), end: endOfLocalDay(to, timezone) };
}
