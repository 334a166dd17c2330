import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { defaultAgentConfig } from "./config-schema";

const DEFAULT_IDLE_MINUTES = defaultAgentConfig().routing.idleResolveMinutes;

/**
 * Closes bot-handled conversations whose customer went silent after the bot's answer (002_… resolution): `OPEN`,
 * no human attached, last message a grounded bot `answer` (it has a capability), and `idle_resolve_minutes` of the answering version (30 for the
 * built-in defaults) elapsed. They become `RESOLVED` with `closed_via = silence` and the bare `closed_reason =
 * RESOLVE`: silence is never counted as an AI win (`lib/conversations/outcome.ts` rule 4; 001_… IMPACT-S01 AC-4,
 * §15b; a database constraint enforces it), and `closed_at` = the bot's answer + the idle window (when the silence
 * became an assumption, not when this job ran). One set-based UPDATE; running it twice or concurrently closes each
 * conversation once. A customer who writes again reopens it to the bot.
 * @param params.now the clock (tests)
 * @param params.orgId limit to one org (tests); all orgs when omitted
 * @returns the closed conversations' ids
 */
export async function resolveIdleConversations(db: Db, { now = new Date(), orgId }: { now?: Date; orgId?: string } = {}): Promise<string[]> {
  const rows = await executeRows<{ id: string }>(
    db,
    sql`
    WITH idle AS (
      SELECT c.id, last.sent_at AS last_at, last.sent_at + make_interval(mins => coalesce((v.config->'routing'->>'idleResolveMinutes')::int, ${DEFAULT_IDLE_MINUTES})) AS due
      FROM conversations c
      JOIN channel_integrations ch ON ch.id = c.channel_id AND ch.type <> 'bot_preview'
      LEFT JOIN ai_agent_versions v ON v.id = c.agent_version_id
      CROSS JOIN LATERAL (
        SELECT m.sender, m.agent_action, m.capability_id, m.sent_at FROM messages m
        WHERE m.conversation_id = c.id AND NOT m.private
        ORDER BY m.sent_at DESC, m.created_at DESC LIMIT 1
      ) last
      WHERE c.status = 'OPEN' AND c.assign_channel_agent_id IS NULL AND c.handover_at IS NULL
        AND c.variant IS DISTINCT FROM 'human'
        ${orgId ? sql`AND c.org_id = ${orgId}` : sql``}
        -- a grounded answer (a greeting or fallback reply resolves nothing)
        AND last.sender = 'bot' AND last.agent_action = 'answer' AND last.capability_id IS NOT NULL
    )
    UPDATE conversations c
    SET status = 'RESOLVED', closed_reason = 'RESOLVE', closed_via = 'silence', ai_resolution = NULL, closed_at = idle.due
    FROM idle
    -- re-checked on the row as it is when locked: a customer message committed meanwhile keeps it open
    WHERE c.id = idle.id AND idle.due <= ${now.toISOString()}::timestamptz AND c.status = 'OPEN' AND c.last_message_at <= idle.last_at
    RETURNING c.id
  `,
  );
  return rows.map((r) => r.id);
}
