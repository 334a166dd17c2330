/**
 * Retention (004_… §12 "GDPR-compliant data retention (90 days)"): customer content and PII of conversations that came
 * from Chatwoot are removed 90 days after they were written — message texts (by send time), the approvals' draft and
 * final texts (by draft time; never a pending one), and the contact's name/email/phone and the preview once the
 * conversation has been quiet for 90 days — while the anonymous rows (counts, priorities, SLA times,
 * decisions, grades, edit distances, confidence) stay for the metrics.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";

export const RETENTION_DAYS = 90;
/** What replaces removed text. */
export const PURGED_TEXT = "(removed after 90 days)";

/**
 * Purges what is due at `now` for every org (or one), in one transaction.
 * @returns conversations, messages and approvals purged
 */
export async function purgeChatwootContent(db: Db, { now = new Date(), orgId }: { now?: Date; orgId?: string } = {}): Promise<{ conversations: number; messages: number; approvals: number }> {
  const cutoff = new Date(now.getTime() - RETENTION_DAYS * 86_400_000);
  const org = orgId ? sql`AND c.org_id = ${orgId}` : sql``;
  return db.transaction(async (tx) => {
    // a Chatwoot conversation is known by its contact id (`chatwoot:…`, set when it lands), whatever the inbox
    // mapping says today — unmapping an inbox or unlinking never exempts its old content. Each row goes 90 days after
    // its own time: a customer writing again in an old conversation keeps the new messages and the pending draft.
    const chatwoot = sql`SELECT c.id FROM conversations c WHERE c.contact_id LIKE 'chatwoot%' ${org}`;
    const cut = sql`${cutoff.toISOString()}::timestamptz`;
    const [m] = await executeRows<{ n: number }>(tx, sql`
      WITH done AS (UPDATE messages SET content = ${PURGED_TEXT}, sources = NULL
        WHERE conversation_id IN (${chatwoot}) AND sent_at < ${cut} AND content <> ${PURGED_TEXT} RETURNING 1)
      SELECT count(*)::int AS n FROM done`);
    const [a] = await executeRows<{ n: number }>(tx, sql`
      WITH done AS (UPDATE approvals SET draft = ${PURGED_TEXT}, final_text = CASE WHEN final_text IS NULL THEN NULL ELSE ${PURGED_TEXT} END, escalation_reason = NULL
        WHERE conversation_id IN (${chatwoot}) AND created_at < ${cut} AND status NOT IN ('pending', 'sending') AND draft <> ${PURGED_TEXT} RETURNING 1)
      SELECT count(*)::int AS n FROM done`);
    // the contact's details go when the conversation has been quiet for 90 days (a new message brings them back)
    const [c] = await executeRows<{ n: number }>(tx, sql`
      WITH done AS (UPDATE conversations SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, first_message_preview = ${PURGED_TEXT}
        WHERE id IN (${chatwoot}) AND last_message_at < ${cut}
          AND (first_message_preview <> ${PURGED_TEXT} OR contact_name IS NOT NULL OR contact_email IS NOT NULL OR contact_phone IS NOT NULL) RETURNING 1)
      SELECT count(*)::int AS n FROM done`);
    return { conversations: Number(c?.n ?? 0), messages: Number(m?.n ?? 0), approvals: Number(a?.n ?? 0) };
  });
}
