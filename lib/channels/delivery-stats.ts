/**
 * Webhook deliveries per channel over the last hour and 24 hours, for Settings › System (issue 16 item 4): accepted
 * (2xx), refused (4xx) by reason — the error the sender was answered, verbatim (null when none was recorded) — and
 * server errors (5xx). Requests refused for their signature come from their own tally (`webhook-refusals.ts`); the
 * rest from the delivery log, which keeps the newest
 * {@link DELIVERY_LOG_SIZE} per channel: a busier channel's 24-hour figures are marked `capped` (at least these).
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { DELIVERY_LOG_SIZE } from "./webhook-deliveries";
import { refusalTotals, SIGNATURE_REFUSED } from "./webhook-refusals";

export type WindowCounts = { accepted: number; refused: number; serverErrors: number; refusedBy: { reason: string | null; count: number }[] };
export type ChannelDeliveryStats = { channelId: string; channelName: string; archived: boolean; lastHour: WindowCounts; lastDay: WindowCounts; capped: boolean };

/**
 * @param p.orgId the caller's organization (only its channels are read)
 * @param p.now the end of both windows
 * @returns one row per non-preview channel of the org, archived ones last, each with both windows' counts
 */
export async function channelDeliveryStats(db: Db, { orgId, now = new Date() }: { orgId: string; now?: Date }): Promise<ChannelDeliveryStats[]> {
  // the windows end with `now`'s millisecond: the log's times have microseconds, a Date only milliseconds, so a delivery
  // logged in the same millisecond as `now` would otherwise fall just after it
  const end = sql`${now.toISOString()}::timestamptz + interval '1 millisecond'`;
  const rows = await executeRows<{ channel_id: string; name: string; archived: boolean; hour: boolean; status: number; reason: string | null; n: number; kept: number }>(
    db,
    sql`SELECT ch.id AS channel_id, ch.name, ch.archived_at IS NOT NULL AS archived,
          d.received_at > ${now.toISOString()}::timestamptz - interval '1 hour' AS hour,
          d.status_code AS status, CASE WHEN d.status_code BETWEEN 400 AND 499 THEN d.error END AS reason,
          count(d.id)::int AS n,
          (SELECT count(*)::int FROM webhook_deliveries k WHERE k.channel_id = ch.id) AS kept
        FROM channel_integrations ch
        LEFT JOIN webhook_deliveries d ON d.channel_id = ch.id AND d.received_at > ${now.toISOString()}::timestamptz - interval '24 hours'
          AND d.received_at < ${end}
        WHERE ch.org_id = ${orgId} AND ch.type <> 'bot_preview'
        GROUP BY ch.id, ch.name, ch.archived_at, 4, 5, 6
        ORDER BY ch.archived_at IS NOT NULL, ch.name`,
  );
  const byChannel = new Map<string, ChannelDeliveryStats>();
  const empty = (): WindowCounts => ({ accepted: 0, refused: 0, serverErrors: 0, refusedBy: [] });
  for (const r of rows) {
    const stats = byChannel.get(r.channel_id) ?? { channelId: r.channel_id, channelName: r.name, archived: r.archived, lastHour: empty(), lastDay: empty(), capped: Number(r.kept) >= DELIVERY_LOG_SIZE };
    byChannel.set(r.channel_id, stats);
    if (r.status === null || Number(r.n) === 0) continue;
    for (const window of r.hour ? [stats.lastHour, stats.lastDay] : [stats.lastDay]) add(window, Number(r.status), r.reason, Number(r.n));
  }
  // requests refused for their signature are tallied apart from the log (issue 17 item 3): counted in here
  for (const [channelId, totals] of await refusalTotals(db, { orgId, now })) {
    const stats = byChannel.get(channelId);
    if (!stats) continue;
    if (totals.lastHour > 0) add(stats.lastHour, 401, SIGNATURE_REFUSED, totals.lastHour);
    if (totals.lastDay > 0) add(stats.lastDay, 401, SIGNATURE_REFUSED, totals.lastDay);
  }
  for (const s of byChannel.values()) for (const w of [s.lastHour, s.lastDay]) w.refusedBy.sort((a, b) => b.count - a.count || (a.reason ?? "").localeCompare(b.reason ?? ""));
  return [...byChannel.values()];
}

function add(window: WindowCounts, status: number, reason: string | null, n: number): void {
  if (status >= 500) window.serverErrors += n;
  else if (status >= 400) {
    window.refused += n;
    const entry = window.refusedBy.find((e) => e.reason === reason);
    if (entry) entry.count += n;
    else window.refusedBy.push({ reason, count: n });
  } else window.accepted += n;
}
