/**
 * The data migration behind issue 17 item 6: seals the contact name, phone and email of conversations written before
 * sealing began, fills their blind indexes, then validates the `conversations_contact_sealed` check (added NOT VALID
 * by migration 0019). It runs after the schema migrations on every open of the embedded database and on every
 * `npm run db:migrate`; a second run finds nothing to do, and two runs at once never seal a value twice.
 */
import { sql } from "drizzle-orm";
import type { Db } from "./client";
import { executeRows } from "./execute-rows";
import { seal } from "@/lib/crypto/secret-box";
import { contactIndexes } from "@/lib/conversations/contact-index";

type Row = { id: string; contact_name: string | null; contact_phone: string | null; contact_email: string | null };

const plain = (v: string | null): string | null => (v !== null && !v.startsWith("v1.") ? v : null);

/**
 * Seals every unsealed contact field, `batch` conversations per statement.
 * @returns how many conversations were sealed
 */
export async function sealContactData(db: Db, { batch = 500 }: { batch?: number } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await executeRows<Row>(
      db,
      sql`SELECT id, contact_name, contact_phone, contact_email FROM conversations
          WHERE contact_name NOT LIKE 'v1.%' OR contact_phone NOT LIKE 'v1.%' OR contact_email NOT LIKE 'v1.%'
          ORDER BY id LIMIT ${batch}`,
    );
    if (rows.length === 0) break;
    const values = rows.map((r) => {
      const [name, phone, email] = [plain(r.contact_name), plain(r.contact_phone), plain(r.contact_email)];
      const index = contactIndexes({ phone, email });
      return sql`(${r.id}::uuid, ${name === null ? null : seal(name)}, ${phone === null ? null : seal(phone)}, ${email === null ? null : seal(email)}, ${index.contactPhoneIndex}, ${index.contactEmailIndex})`;
    });
    // a value sealed meanwhile by another run is kept as it is (CASE), so nothing is ever sealed twice
    await db.execute(sql`
      UPDATE conversations c SET
        contact_name = CASE WHEN c.contact_name LIKE 'v1.%' THEN c.contact_name ELSE coalesce(v.name, c.contact_name) END,
        contact_phone = CASE WHEN c.contact_phone LIKE 'v1.%' THEN c.contact_phone ELSE coalesce(v.phone, c.contact_phone) END,
        contact_email = CASE WHEN c.contact_email LIKE 'v1.%' THEN c.contact_email ELSE coalesce(v.email, c.contact_email) END,
        contact_phone_index = coalesce(c.contact_phone_index, v.phone_index),
        contact_email_index = coalesce(c.contact_email_index, v.email_index)
      FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, name, phone, email, phone_index, email_index)
      WHERE c.id = v.id`);
    total += rows.length;
  }
  const [check] = await executeRows<{ validated: boolean }>(db, sql`SELECT convalidated AS validated FROM pg_constraint WHERE conname = 'conversations_contact_sealed'`);
  if (check && !check.validated) await db.execute(sql`ALTER TABLE conversations VALIDATE CONSTRAINT conversations_contact_sealed`);
  return total;
}
