/**
 * The tally of channel webhook requests refused for a missing or bad signature (issue 17 item 3): counted per channel
 * in 5-minute buckets, apart from the delivery log, so a flood of unsigned requests naming a channel costs one upsert
 * each, never pushes a real delivery out of the log, and is still visible to the channel's admins (the channel page
 * and Settings › System). Bounded: one row per channel and bucket, pruned after {@link REFUSAL_RETENTION_MS}.
 */
import { lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { webhookRefusals } from "@/db/schema";

/** What the sender of such a request is answered (401), and the reason the System page groups them under. */
export const SIGNATURE_REFUSED = "Invalid or missing webhook signature";
/** Buckets kept (ms): 7 days. */
export const REFUSAL_RETENTION_MS = 7 * 86_400_000;
const BUCKET_MS = 5 * 60_000;

/** Counts one refused request for the channel at `at` (one atomic upsert). */
export async function countRefusal(db: Db, { orgId, channelId, at = new Date() }: { orgId: string; channelId: string; at?: Date }): Promise<void> {
  const bucket = new Date(Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS);
  await db
    .insert(webhookRefusals)
    .values({ orgId, channelId, bucket, count: 1, lastAt: at })
    .onConflictDoUpdate({ target: [webhookRefusals.channelId, webhookRefusals.bucket], set: { count: sql`${webhookRefusals.count} + 1`, lastAt: sql`greatest(${webhookRefusals.lastAt}, excluded.last_at)` } });
}

export type RefusalTotals = { lastHour: number; lastDay: number; lastAt: Date | null };

/**
 * Refusals per channel of the org over the hour and the 24 hours before `now` (to the 5-minute bucket).
 * @returns channel id → totals; channels without refusals are absent
 */
export async function refusalTotals(db: Db, { orgId, channelId, now = new Date() }: { orgId: string; channelId?: string; now?: Date }): Promise<Map<string, RefusalTotals>> {
  const rows = await executeRows<{ channel_id: string; hour: number; day: number; last_at: string | Date | null }>(
    db,
    sql`SELECT channel_id,
          coalesce(sum(count) FILTER (WHERE bucket > ${now.toISOString()}::timestamptz - interval '1 hour'), 0)::int AS hour,
          sum(count)::int AS day, max(last_at) AS last_at
        FROM webhook_refusals
        WHERE org_id = ${orgId} ${channelId ? sql`AND channel_id = ${channelId}` : sql``}
          AND bucket > ${now.toISOString()}::timestamptz - interval '24 hours' AND bucket <= ${now.toISOString()}::timestamptz
        GROUP BY channel_id`,
  );
  return new Map(rows.map((r) => [r.channel_id, { lastHour: Number(r.hour), lastDay: Number(r.day), lastAt: r.last_at === null ? null : new Date(r.last_at) }]));
}

/** Deletes buckets older than {@link REFUSAL_RETENTION_MS} before `now`. @returns how many */
export async function pruneRefusals(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<number> {
  return (await db.delete(webhookRefusals).where(lt(webhookRefusals.bucket, new Date(now.getTime() - REFUSAL_RETENTION_MS))).returning({ c: webhookRefusals.channelId })).length;
}
