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

/** Plain words for the counts a job reports (its summary's keys); an unknown key is shown as it is. */
const SUMMARY_LABEL: Record<string, string> = {
  timeouts: "approval notices",
  breaches: "SLA breaches",
  attempted: "replies retried",
  links: "Chatwoot links checked",
  recovered: "messages recovered",
  failed: "failed",
  closed: "conversations closed",
  alerts: "alerts raised",
  orgs: "organizations",
  rows: "datamart rows",
  alertsDecided: "alerts decided late",
  dispatched: "sent",
  retrying: "retrying",
  assigned: "queued conversations assigned",
  conversations: "conversations purged",
  messages: "messages purged",
  approvals: "approvals purged",
  deliveryIdsForgotten: "delivery ids forgotten",
  outboxPruned: "old outbox rows removed",
  webhookIdsForgotten: "webhook ids forgotten",
  rateLimitsPruned: "ended failure counters removed",
};

/**
 * A job run's summary in plain words, e.g. `{ timeouts: 2, breaches: 0 }` → "2 approval notices, 0 SLA breaches".
 * @returns the phrase ("" for an empty summary)
 */
export function describeSummary(summary: Record<string, number | string | null> | null): string {
  if (!summary) return "";
  return Object.entries(summary)
    .map(([key, value]) => `${typeof value === "number" ? value.toLocaleString("en") : (value ?? "—")} ${SUMMARY_LABEL[key] ?? key}`)
    .join(", ");
}
