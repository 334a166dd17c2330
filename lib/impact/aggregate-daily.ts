/**
 * Builds the impact datamart `ai_activity_daily` (001_… Phase 1; DESIGN.md flow 5) set-based in SQL: per org × channel
 * × local day (conversation start in the org's time zone), the counts every impact metric needs.
 * - Eligible: not on a `bot_preview` channel, `closed_reason` not SPAM (IMPACT-S01 AC-3).
 * - AI resolved (gross): `RESOLVE_AI`, no human attached, `closed_at` set (AC-1); bare `RESOLVE` never counts (AC-4).
 * - Reopened: the same `contact_id` started a new conversation (any channel but preview, not SPAM) after `closed_at` and at most
 *   48 h later — exactly 48 h counts (AC-2, IMPACT-S03 AC-1).
 * - AI assisted: the AI answered at least once and a human was attached (IMPACT-S02 AC-2); escalated: closed as
 *   ASSIGN_AGENT / ASSIGN_AGENT_AI / WAITING_ASSIGN_AGENT and not AI-assisted (IMPACT-S02 AC-1).
 * Runs are idempotent (the range is deleted and rewritten in one transaction) and serialized per org (advisory lock),
 * so concurrent runs are safe. Because reopens land up to 48 h late, the scheduled run recomputes the last 3 local days.
 */
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { organizations } from "@/db/schema";
import { addDays, localToday } from "@/lib/time/local-day";

/** Local days each scheduled run recomputes (reopens arrive up to 48 h after the close). */
export const RECENT_DAYS = 3;
/** Months of datamart rows kept. */
export const RETENTION_MONTHS = 13;

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD.");
export const aggregateRangeSchema = z
  .object({ from: dateSchema, to: dateSchema })
  .refine((r) => r.from <= r.to, { message: "`from` must not be after `to`.", path: ["to"] });

export type AggregateResult = { orgId: string; from: string; to: string; rows: number }[];

/**
 * Recomputes the datamart for one org over local days `from..to` (inclusive).
 * @returns how many (channel, day) rows now exist in the range
 */
export async function aggregateOrgRange(db: Db, { orgId, from, to }: { orgId: string; from: string; to: string }): Promise<number> {
  aggregateRangeSchema.parse({ from, to });
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`impact:${orgId}`}, 0))`);
    // the statement runs in a fraction of a second; JIT compiling it would take seconds (measured by npm run bench:impact)
    await tx.execute(sql`SET LOCAL jit = off`);
    await tx.execute(sql`DELETE FROM ai_activity_daily WHERE org_id = ${orgId} AND day BETWEEN ${from}::date AND ${to}::date`);
    const [row] = await executeRows<{ n: number }>(
      tx,
      sql`
      WITH org AS (SELECT id, timezone, business_hours, holidays FROM organizations WHERE id = ${orgId}),
      conv AS (
        SELECT c.id, c.org_id, c.channel_id, c.contact_id, c.closed_reason, c.assign_channel_agent_id, c.closed_at, c.sentiment,
          msg.ai_answered, msg.customer_messages,
          (c.created_at AT TIME ZONE org.timezone) AS local_ts, org.business_hours, org.holidays
        FROM conversations c
        JOIN org ON org.id = c.org_id
        JOIN channel_integrations ch ON ch.id = c.channel_id AND ch.type <> 'bot_preview'
        -- one pass over each conversation's own messages (an EXISTS per row would scan every bot answer ever written)
        CROSS JOIN LATERAL (
          SELECT coalesce(bool_or(m.sender = 'bot' AND coalesce(m.agent_action, 'answer') = 'answer'), false) AS ai_answered,
            count(*) FILTER (WHERE m.sender = 'customer') AS customer_messages
          FROM messages m WHERE m.conversation_id = c.id
        ) msg
        WHERE c.org_id = ${orgId}
          AND c.closed_reason IS DISTINCT FROM 'SPAM'
          AND c.created_at >= (${from}::date::timestamp AT TIME ZONE org.timezone)
          AND c.created_at < ((${to}::date + 1)::timestamp AT TIME ZONE org.timezone)
      ),
      flagged AS MATERIALIZED (
        SELECT conv.*,
          (conv.closed_reason = 'RESOLVE_AI' AND conv.assign_channel_agent_id IS NULL AND conv.closed_at IS NOT NULL) AS ai_resolved,
          EXISTS (
            SELECT 1 FROM conversations r
            JOIN channel_integrations rch ON rch.id = r.channel_id AND rch.type <> 'bot_preview'
            WHERE r.org_id = conv.org_id AND r.contact_id = conv.contact_id AND r.id <> conv.id
              AND r.closed_reason IS DISTINCT FROM 'SPAM'
              AND conv.closed_at IS NOT NULL AND r.created_at > conv.closed_at AND r.created_at <= conv.closed_at + interval '48 hours'
          ) AS reopened,
          (jsonb_array_length(conv.business_hours) > 0 AND (
            conv.holidays ? to_char(conv.local_ts, 'YYYY-MM-DD')
            OR NOT EXISTS (
              SELECT 1 FROM jsonb_array_elements(conv.business_hours) r
              WHERE (r->>'day')::int = extract(dow FROM conv.local_ts)::int
                AND conv.local_ts::time >= (r->>'open')::time AND conv.local_ts::time < (r->>'close')::time
            )
          )) AS after_hours
        FROM conv
      ),
      classed AS (
        SELECT flagged.*,
          (ai_resolved AND NOT reopened) AS contained,
          (ai_answered AND assign_channel_agent_id IS NOT NULL) AS ai_assisted,
          (closed_reason IN ('ASSIGN_AGENT', 'ASSIGN_AGENT_AI', 'WAITING_ASSIGN_AGENT') AND NOT (ai_answered AND assign_channel_agent_id IS NOT NULL)) AS escalated
        FROM flagged
      ),
      inserted AS (
        INSERT INTO ai_activity_daily (org_id, channel_id, day, conversations, ai_resolved, ai_resolved_reopened, ai_assisted, escalated,
          after_hours, contained_turns, contained_sentiment_sum, contained_sentiment_n, escalated_sentiment_sum, escalated_sentiment_n, computed_at)
        SELECT org_id, channel_id, local_ts::date,
          count(*)::int,
          count(*) FILTER (WHERE ai_resolved)::int,
          count(*) FILTER (WHERE ai_resolved AND reopened)::int,
          count(*) FILTER (WHERE ai_assisted)::int,
          count(*) FILTER (WHERE escalated)::int,
          count(*) FILTER (WHERE after_hours)::int,
          coalesce(sum(customer_messages) FILTER (WHERE contained), 0)::int,
          coalesce(sum(sentiment) FILTER (WHERE contained AND sentiment IS NOT NULL), 0)::real,
          count(*) FILTER (WHERE contained AND sentiment IS NOT NULL)::int,
          coalesce(sum(sentiment) FILTER (WHERE escalated AND sentiment IS NOT NULL), 0)::real,
          count(*) FILTER (WHERE escalated AND sentiment IS NOT NULL)::int,
          now()
        FROM classed
        GROUP BY org_id, channel_id, local_ts::date
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM inserted`,
    );
    return Number(row?.n ?? 0);
  });
}

/**
 * The scheduled run: for every org (or one), recomputes its last {@link RECENT_DAYS} local days and purges rows older
 * than {@link RETENTION_MONTHS} months. `range` instead recomputes any range (a backfill).
 * @param params.now the clock (tests)
 */
export async function aggregateDaily(
  db: Db,
  { orgId, range, now = new Date() }: { orgId?: string; range?: { from: string; to: string }; now?: Date } = {},
): Promise<AggregateResult> {
  if (range) aggregateRangeSchema.parse(range);
  const orgs = await db
    .select({ id: organizations.id, timezone: organizations.timezone })
    .from(organizations)
    .where(orgId ? eq(organizations.id, orgId) : undefined);
  const result: AggregateResult = [];
  for (const org of orgs) {
    const today = localToday(org.timezone, now);
    const [{ cutoff } = { cutoff: today }] = await executeRows<{ cutoff: string }>(db, sql`SELECT to_char(${today}::date - make_interval(months => ${RETENTION_MONTHS}), 'YYYY-MM-DD') AS cutoff`);
    await db.execute(sql`DELETE FROM ai_activity_daily WHERE org_id = ${org.id} AND day < ${cutoff}::date`);
    // a backfill never writes days the retention would purge
    const from = [range?.from ?? addDays(today, -(RECENT_DAYS - 1)), cutoff].sort().at(-1)!;
    const to = range?.to ?? today;
    const rows = to < from ? 0 : await aggregateOrgRange(db, { orgId: org.id, from, to });
    result.push({ orgId: org.id, from, to, rows });
  }
  return result;
}
