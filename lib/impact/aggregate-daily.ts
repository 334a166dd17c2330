/**
 * Builds the impact datamart `ai_activity_daily` (001_… Phase 1; DESIGN.md flow 5) set-based in SQL: per org × channel
 * × local day (conversation start in the org's time zone), the counts every impact metric needs.
 * - Eligible: not on a `bot_preview` channel, `closed_reason` not SPAM (IMPACT-S01 AC-3).
 * - AI resolved (gross): `RESOLVE_AI`, no human attached, `closed_at` set (AC-1); bare `RESOLVE` never counts (AC-4).
 * - Reopened: the same `contact_id` started a new conversation (any channel but preview, not SPAM) after `closed_at` and at most
 *   48 h later — exactly 48 h counts (AC-2, IMPACT-S03 AC-1).
 * - Every eligible conversation lands in exactly one journey segment (IMPACT-S02 AC-1; issue 15), in this order:
 *   AI resolved alone (net of reopens) · AI assisted, human closed (the AI answered — `ai_answered_at` or a bot
 *   `answer` message — and a human is attached, AC-2) · escalated to a human (closed as ASSIGN_AGENT /
 *   ASSIGN_AGENT_AI / WAITING_ASSIGN_AGENT, or still open with a human: handed over, human arm or attached) · no
 *   confirmed outcome: the customer came back within 48 h, still open with the AI, closed after silence
 *   (`closed_via = silence`, never an AI win), or any other close nobody was attached to. `conversations` equals the
 *   sum of the segments.
 * - After-hours: started outside business hours or on a holiday; `after_hours_contained` those net-contained.
 * - AI answered ("took part in"): the AI sent at least one answer.
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
        SELECT c.id, c.org_id, c.channel_id, c.contact_id, c.status, c.closed_reason, c.closed_via, c.assign_channel_agent_id, c.closed_at, c.sentiment,
          (c.ai_answered_at IS NOT NULL OR msg.ai_answered) AS ai_answered,
          (c.handover_at IS NOT NULL OR c.variant = 'human' OR c.assign_channel_agent_id IS NOT NULL) AS with_human,
          msg.customer_messages,
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
      -- exactly one journey segment per conversation (IMPACT-S02 AC-1, issue 15): the seed's three, then the
      -- conversations with no confirmed outcome (came back within 48 h, still open with the AI, went silent, closed
      -- by nobody in particular)
      classed AS (
        SELECT flagged.*,
          CASE
            WHEN ai_resolved AND NOT reopened THEN 'ai_alone'
            WHEN ai_answered AND assign_channel_agent_id IS NOT NULL THEN 'ai_assisted'
            WHEN closed_reason IN ('ASSIGN_AGENT', 'ASSIGN_AGENT_AI', 'WAITING_ASSIGN_AGENT')
              OR (status <> 'RESOLVED' AND with_human)
              OR assign_channel_agent_id IS NOT NULL THEN 'escalated'
            WHEN ai_resolved THEN 'came_back'
            WHEN status <> 'RESOLVED' THEN 'open_with_ai'
            WHEN closed_via = 'silence' THEN 'silence'
            ELSE 'unattended'
          END AS segment
        FROM flagged
      ),
      inserted AS (
        INSERT INTO ai_activity_daily (org_id, channel_id, day, conversations, ai_resolved, ai_resolved_reopened, ai_assisted, escalated,
          after_hours, after_hours_contained, ai_answered, open_with_ai, closed_after_silence, closed_unattended,
          contained_turns, contained_sentiment_sum, contained_sentiment_n, escalated_sentiment_sum, escalated_sentiment_n, computed_at)
        SELECT org_id, channel_id, local_ts::date,
          count(*)::int,
          count(*) FILTER (WHERE ai_resolved)::int,
          count(*) FILTER (WHERE ai_resolved AND reopened)::int,
          count(*) FILTER (WHERE segment = 'ai_assisted')::int,
          count(*) FILTER (WHERE segment = 'escalated')::int,
          count(*) FILTER (WHERE after_hours)::int,
          count(*) FILTER (WHERE after_hours AND segment = 'ai_alone')::int,
          count(*) FILTER (WHERE ai_answered)::int,
          count(*) FILTER (WHERE segment = 'open_with_ai')::int,
          count(*) FILTER (WHERE segment = 'silence')::int,
          count(*) FILTER (WHERE segment = 'unattended')::int,
          coalesce(sum(customer_messages) FILTER (WHERE segment = 'ai_alone'), 0)::int,
          coalesce(sum(sentiment) FILTER (WHERE segment = 'ai_alone' AND sentiment IS NOT NULL), 0)::real,
          count(*) FILTER (WHERE segment = 'ai_alone' AND sentiment IS NOT NULL)::int,
          coalesce(sum(sentiment) FILTER (WHERE segment = 'escalated' AND sentiment IS NOT NULL), 0)::real,
          count(*) FILTER (WHERE segment = 'escalated' AND sentiment IS NOT NULL)::int,
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
 * @param params.since catch-up after downtime (issue 16 item 3): the last complete run's time; every local day from
 *   that one's on is recomputed too (still within the retention)
 */
export async function aggregateDaily(
  db: Db,
  { orgId, range, now = new Date(), since }: { orgId?: string; range?: { from: string; to: string }; now?: Date; since?: Date | null } = {},
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
    const recent = addDays(today, -(RECENT_DAYS - 1));
    const caughtUp = since ? [recent, localToday(org.timezone, since)].sort()[0]! : recent;
    const from = [range?.from ?? caughtUp, cutoff].sort().at(-1)!;
    const to = range?.to ?? today;
    const rows = to < from ? 0 : await aggregateOrgRange(db, { orgId: org.id, from, to });
    result.push({ orgId: org.id, from, to, rows });
  }
  return result;
}
