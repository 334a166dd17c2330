/**
 * Writes simulated conversations and their messages (lib/demo/simulate-history.ts) in multi-row batches: conversation
 * rows first (messages reference them), then message rows, each batch one INSERT.
 */
import { randomUUID } from "node:crypto";
import { getTableColumns, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { conversations, messages } from "@/db/schema";
import { contactIndexes } from "@/lib/conversations/contact-index";
import { aiAnsweredAt, type SimConversation } from "./history-timeline";

/** Rows per INSERT (each batch travels as one JSON parameter, see {@link insertAsJson}). */
const BATCH = 5000;

/**
 * Inserts `sims` as conversations of `orgId` with external ids `${prefix}1`, `${prefix}2`, … (in order) and their
 * messages; uuids are generated. The outcome columns (`closed_reason`, `closed_via`, `ai_resolution`) are the ones the
 * outcome rules derived when the conversation closed; `ai_answered_at`, `message_count`, `last_message_at` and
 * `first_message_preview` (280 characters) come from the messages.
 * @returns rows written
 */
export async function writeSimulatedConversations(
  db: Db,
  { orgId, prefix, sims }: { orgId: string; prefix: string; sims: SimConversation[] },
): Promise<{ conversations: number; messages: number }> {
  const conversationRows: (typeof conversations.$inferInsert)[] = [];
  const messageRows: (typeof messages.$inferInsert)[] = [];
  const date = (t: number | null) => (t === null ? null : new Date(t));
  sims.forEach((c, n) => {
    const id = randomUUID();
    const last = c.messages.at(-1)!;
    const first = c.messages.find((m) => m.sender === "customer")!;
    conversationRows.push({
      id, orgId, channelId: c.channelId, externalId: `${prefix}${n + 1}`, contactId: c.contactId, contactName: c.contactName, contactPhone: c.contactPhone,
      ...contactIndexes({ phone: c.contactPhone }),
      variant: null, botPercent: null, status: c.status,
      closedReason: c.outcome?.closedReason ?? null, closedVia: c.outcome?.closedVia ?? null, aiResolution: c.outcome?.aiResolution ?? null, aiAnsweredAt: date(aiAnsweredAt(c.messages)),
      assignChannelAgentId: c.agentId, assignedAt: date(c.assignedAt), handoverAt: date(c.handoverAt), closedAt: date(c.closedAt),
      sentiment: c.sentiment, firstMessagePreview: first.content.slice(0, 280), messageCount: c.messages.length,
      lastMessageAt: new Date(last.sentAt), createdAt: new Date(c.createdAt),
    });
    const ids = c.messages.map(() => randomUUID());
    c.messages.forEach((m, j) => {
      messageRows.push({
        id: ids[j], orgId, conversationId: id, externalId: null, sender: m.sender, content: m.content,
        confidence: m.confidence ?? null, agentAction: m.agentAction ?? null, replyToMessageId: m.replyTo === undefined ? null : ids[m.replyTo],
        sentAt: new Date(m.sentAt), createdAt: new Date(m.sentAt),
      });
    });
  });
  for (let i = 0; i < conversationRows.length; i += BATCH) await insertAsJson(db, conversations, conversationRows.slice(i, i + BATCH));
  for (let i = 0; i < messageRows.length; i += BATCH) await insertAsJson(db, messages, messageRows.slice(i, i + BATCH));
  return { conversations: conversationRows.length, messages: messageRows.length };
}

/**
 * A multi-row INSERT whose rows travel as one JSON parameter expanded by `jsonb_to_recordset` — on PGlite about 3×
 * faster than drizzle's `.values(rows)` (one bind parameter per value). Column names and SQL types come from the
 * drizzle table, so they follow the schema, and custom column types (sealed contact fields) map their values. Every row must carry the same keys (those of the first row; a key left
 * out would insert NULL, not the column default); Dates serialise as ISO instants.
 * @param rows drizzle insert objects (property names, not column names)
 */
export async function insertAsJson<T extends PgTable>(db: Db, table: T, rows: T["$inferInsert"][]): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const all = getTableColumns(table);
  const keys = Object.keys(first).filter((k) => k in all);
  const column = (k: string) => all[k]!;
  // custom column types map their values on the way in (a sealed contact field is encrypted here)
  const custom = keys.filter((k) => column(k).columnType === "PgCustomColumn");
  const mapped = custom.length === 0 ? rows : rows.map((r) => {
    const row: Record<string, unknown> = { ...r };
    for (const k of custom) if (row[k] !== null && row[k] !== undefined) row[k] = column(k).mapToDriverValue(row[k]);
    return row;
  });
  await db.execute(sql`
    INSERT INTO ${table} (${sql.join(keys.map((k) => sql.identifier(column(k).name)), sql`, `)})
    SELECT ${sql.join(keys.map((k) => sql.identifier(k)), sql`, `)}
    FROM jsonb_to_recordset(${JSON.stringify(mapped)}::jsonb)
      AS x(${sql.join(keys.map((k) => sql`${sql.identifier(k)} ${sql.raw(column(k).getSQLType())}`), sql`, `)})`);
}
