/**
 * The tally of webhook requests refused for a missing or bad signature (issue 17 item 3): counted per channel (channel
 * webhooks) or per Chatwoot link (its account webhook) in 5-minute buckets, apart from any delivery log, so a flood of
 * unsigned requests naming a channel or link costs one upsert each, never pushes a real delivery out of the log, and
 * is still visible to the org's admins (the channel page and Settings › System; Settings › Chatwoot). Bounded: one row
 * per source and bucket, pruned after {@link REFUSAL_RETENTION_MS}.
 */
import { lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { webhookRefusals } from "@/db/schema";

/** What the sender of such a request is answered (401), and the reason the System page groups them under. */
export const SIGNATURE_REFUSED = "Invalid or missing webhook signature";
/** Buckets kept (ms): 7 days. */
export const REFUSAL_RETENTION_MS = 7 * 86_400_000;
const BUCKET_MS = 5 * 60_000;

/** Where a refused request was sent: a channel's webhooks, or the org's Chatwoot link. */
export type RefusalSource = { channelId: string } | { chatwootLinkId: string };

/**
 * Counts one refused request for its source at `at` (one atomic upsert).
 * @param p.orgId the org owning the channel or link
 */
export async function countRefusal(db: Db, p: { orgId: string; at?: Date } & RefusalSource): Promise<void> {
  const at = p.at ?? new Date();
  const bucket = new Date(Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS);
  const [column, source] = "channelId" in p ? [webhookRefusals.channelId, { channelId: p.channelId }] : [webhookRefusals.chatwootLinkId, { chatwootLinkId: p.chatwootLinkId }];
  await db
    .insert(webhookRefusals)
    .values({ orgId: p.orgId, ...source, bucket, count: 1, lastAt: at })
    .onConflictDoUpdate({
      target: [column, webhookRefusals.bucket],
      targetWhere: sql`${column} IS NOT NULL`,
      set: { count: sql`${webhookRefusals.count} + 1`, lastAt: sql`greatest(${webhookRefusals.lastAt}, excluded.last_at)` },
    });
}

export type RefusalTotals = { lastHour: number; lastDay: number; lastAt: Date | null };

/**
 * Refusals per channel of the org over the hour and the 24 hours before `now` (to the 5-minute bucket).
 * @returns channel id → totals; channels without refusals are absent
 */
export async function refusalTotals(db: Db, { orgId, channelId, now = new Date() }: { orgId: string; channelId?: string; now?: Date }): Promise<Map<string, RefusalTotals>> {
  return totalsBy(db, sql`channel_id`, { orgId, only: channelId, now });
}

/**
 * Refusals of the org's Chatwoot link over the hour and the 24 hours before `now` (to the 5-minute bucket).
 * @returns the totals, zero when there were none
 */
export async function chatwootRefusalTotals(db: Db, { orgId, linkId, now = new Date() }: { orgId: string; linkId: string; now?: Date }): Promise<RefusalTotals> {
  return (await totalsBy(db, sql`chatwoot_link_id`, { orgId, only: linkId, now })).get(linkId) ?? { lastHour: 0, lastDay: 0, lastAt: null };
}

async function totalsBy(db: Db, column: SQL, { orgId, only, now }: { orgId: string; only?: string; now: Date }): Promise<Map<string, RefusalTotals>> {
  const rows = await executeRows<{ source_id: string; hour: number; day: number; last_at: string | Date | null }>(
    db,
    sql`SELECT ${column} AS source_id,
          coalesce(sum(count) FILTER (WHERE bucket > ${now.toISOString()}::timestamptz - interval '1 hour'), 0)::int AS hour,
          sum(count)::int AS day, max(last_at) AS last_at
        FROM webhook_refusals
        WHERE org_id = ${orgId} AND ${column} IS NOT NULL ${only ? sql`AND ${column} = ${only}` : sql``}
          AND bucket > ${now.toISOString()}::timestamptz - interval '24 hours' AND bucket <= ${now.toISOString()}::timestamptz
        GROUP BY ${column}`,
  );
  return new Map(rows.map((r) => [r.source_id, { lastHour: Number(r.hour), lastDay: Number(r.day), lastAt: r.last_at === null ? null : new Date(r.last_at) }]));
}

/** Deletes buckets older than {@link REFUSAL_RETENTION_MS} before `now`. @returns how many */
export async function pruneRefusals(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<number> {
  return (await db.delete(webhookRefusals).where(lt(webhookRefusals.bucket, new Date(now.getTime() - REFUSAL_RETENTION_MS))).returning({ c: webhookRefusals.bucket })).length;
}
