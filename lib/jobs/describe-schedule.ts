/**
 * A job's schedule in plain words ("Every minute", "Hourly at :15", "Daily at 02:30 Asia/Jakarta"); other patterns
 * are shown as the cron itself, labelled.
 * @param cron a 5-field cron of the schedule table
 * @param timezone IANA zone the cron is read in
 */
export function describeSchedule(cron: string, timezone: string): string {
  const [minute, hour, dom, month, dow, ...rest] = cron.trim().split(/\s+/);
  const daily = dom === "*" && month === "*" && dow === "*" && rest.length === 0;
  if (!daily) return `cron ${cron} (${timezone})`;
  if (hour === "*" && minute === "*") return "Every minute";
  const every = /^\*\/(\d+)$/.exec(minute ?? "");
  if (hour === "*" && every) return `Every ${every[1]} minutes`;
  if (hour === "*" && /^\d+$/.test(minute ?? "")) return `Hourly at :${minute!.padStart(2, "0")}`;
  if (/^\d+$/.test(hour ?? "") && /^\d+$/.test(minute ?? "")) return `Daily at ${hour!.padStart(2, "0")}:${minute!.padStart(2, "0")} ${timezone}`;
  return `cron ${cron} (${timezone})`;
}

/** A duration in ms as people read it: "85 ms", "3.2 s", "4 min 10 s". */
export function describeDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
