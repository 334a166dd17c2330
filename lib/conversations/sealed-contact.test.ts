/**
 * Issue 17 item 6: a customer's name, phone and email arrive through the signed webhook and are stored sealed (no
 * plain text in the table), read back as plain text by the console, and found by phone or email through the keyed
 * blind index — in any common spelling of the number, only within the caller's organization. The database refuses
 * plain text; the data migration seals rows written before, validates the check, and changes nothing the second time.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { sealContactData } from "@/db/seal-contact-data";
import { conversations } from "@/db/schema";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { signWebhook } from "@/lib/ingest/sign";
import { serve } from "@/test/http";
import { seedQuietOrg, testDb } from "@/test/db";
import { listParamsSchema } from "./list-params";
import { listConversations } from "./list-conversations";
import { contactLookup, normalisePhone } from "./contact-index";

type Org = Awaited<ReturnType<typeof seedQuietOrg>>;
let db: Db;
let orgA: Org;
let orgB: Org;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  db = await testDb();
  [orgA, orgB] = [await seedQuietOrg(db), await seedQuietOrg(db)];
  server = await serve((req) => handleIncomingMessage(db, req, { model: null }));
});
afterAll(() => server?.close());

async function customerWrites(org: Org, contact: Record<string, string>): Promise<string> {
  const raw = JSON.stringify({ channel_id: org.channels[0]!.id, conversation_id: `c-${randomUUID()}`, message_id: `m-${randomUUID()}`, contact, text: "where is my order?", sent_at: new Date().toISOString() });
  const res = await fetch(`${server.url}/api/webhooks/incoming-message`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(org.channels[0]!.secret, raw) } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { conversation_id: string }).conversation_id;
}

type RawContact = { contact_name: string | null; contact_phone: string | null; contact_email: string | null; contact_phone_index: string | null };
const rawRow = async (id: string) =>
  (await executeRows<RawContact>(db, sql`SELECT contact_name, contact_phone, contact_email, contact_phone_index FROM conversations WHERE id = ${id}`))[0]!;

const find = (org: Org, customer: string) => listConversations(db, { orgId: org.orgId, params: listParamsSchema.parse({ customer }) }).then((r) => r.rows.map((x) => x.id));

describe("through the signed webhook", () => {
  it("name, phone and email are stored sealed and read back as plain text", async () => {
    const id = await customerWrites(orgA, { id: "wa:6281234567890", name: "Rina Wulandari", phone: "+62 812-3456-7890", email: "Rina.W@Example.co.id" });
    const raw = await rawRow(id);
    for (const v of [raw.contact_name, raw.contact_phone, raw.contact_email]) expect(v).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\./);
    expect(JSON.stringify(raw)).not.toMatch(/Rina|3456|example/i);
    const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
    expect(row).toMatchObject({ contactName: "Rina Wulandari", contactPhone: "+62 812-3456-7890", contactEmail: "Rina.W@Example.co.id" });
    const { rows } = await listConversations(db, { orgId: orgA.orgId, params: listParamsSchema.parse({ customer: "wa:6281234567890" }) });
    expect(rows.map((r) => r.contact)).toEqual(["Rina Wulandari"]);
  });

  it("is found by phone in any common spelling and by email in any case, only in the caller's organization", async () => {
    const phone = `+62 813-${String(Date.now()).slice(-4)}-${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const mine = await customerWrites(orgA, { id: `wa:${randomUUID()}`, name: "Budi", phone, email: `budi.${orgA.slug}@example.com` });
    const theirs = await customerWrites(orgB, { id: `wa:${randomUUID()}`, name: "Budi", phone });
    const national = `0${normalisePhone(phone)!.slice(2)}`;
    for (const q of [phone, national, normalisePhone(phone)!, ` ${national.replace(/(\d{4})/g, "$1 ")} `]) expect(await find(orgA, q)).toEqual([mine]);
    expect(await find(orgA, `BUDI.${orgA.slug.toUpperCase()}@EXAMPLE.COM`)).toEqual([mine]);
    expect(await find(orgB, phone)).toEqual([theirs]);
    expect(await find(orgA, "+62 899 0000 0000")).toEqual([]);
    expect(await find(orgA, "Budi")).toEqual([]); // names are sealed: never searched
  });

  it("a search the database can't hold (a NUL character) is dropped instead of failing the page", async () => {
    expect(listParamsSchema.parse({ customer: "ab\u0000c" }).customer).toBeUndefined();
    expect(listParamsSchema.parse({ customer: "\ud800x" }).customer).toBeUndefined();
    await expect(find(orgA, "0812\u00003456")).resolves.toEqual(expect.any(Array));
  });
});

describe("contactLookup", () => {
  it("tells phone numbers, emails and other text apart", () => {
    expect(contactLookup("0812 3456 789")?.column).toBe("phone");
    expect(contactLookup("(021) 555-0100")?.column).toBe("phone");
    expect(contactLookup("a@b.co")?.column).toBe("email");
    expect(contactLookup("wa:62812")).toBeNull();
    expect(contactLookup("12")).toBeNull();
    expect(contactLookup("0812 3456 789")).toEqual(contactLookup("+62-812-3456-789"));
  });
});

describe("in the database", () => {
  it("plain text in a contact field is refused by the check constraint", async () => {
    const insert = sql`INSERT INTO conversations (org_id, channel_id, external_id, contact_id, contact_name, first_message_preview, last_message_at)
      VALUES (${orgA.orgId}, ${orgA.channels[0]!.id}, ${`plain-${randomUUID()}`}, 'wa:1', 'Rina', 'hi', now())`;
    await expect(db.execute(insert)).rejects.toThrow();
  });

  it("the data migration seals rows written before sealing, fills the indexes, validates the check, and is safe to run again", async () => {
    // a database from before migration 0019: the check not yet there, plain text in the fields
    await db.execute(sql`ALTER TABLE conversations DROP CONSTRAINT conversations_contact_sealed`);
    const legacy = randomUUID();
    try {
      await db.execute(sql`INSERT INTO conversations (id, org_id, channel_id, external_id, contact_id, contact_name, contact_phone, contact_email, first_message_preview, last_message_at)
        VALUES (${legacy}, ${orgA.orgId}, ${orgA.channels[0]!.id}, ${`legacy-${legacy}`}, 'wa:legacy', 'Sari Legacy', '0857 1111 2222', 'sari@legacy.example', 'hi', now())`);
    } finally {
      await db.execute(sql`ALTER TABLE conversations ADD CONSTRAINT conversations_contact_sealed CHECK ((contact_name IS NULL OR contact_name LIKE 'v1.%') AND (contact_phone IS NULL OR contact_phone LIKE 'v1.%') AND (contact_email IS NULL OR contact_email LIKE 'v1.%')) NOT VALID`);
    }
    // before sealing, the console still reads the legacy row
    expect((await db.select({ name: conversations.contactName }).from(conversations).where(eq(conversations.id, legacy)))[0]?.name).toBe("Sari Legacy");

    expect(await sealContactData(db, { batch: 2 })).toBeGreaterThanOrEqual(1);
    const raw = await rawRow(legacy);
    expect(raw.contact_name).toMatch(/^v1\./);
    expect(raw.contact_phone_index).not.toBeNull();
    const [validated] = await executeRows<{ v: boolean }>(db, sql`SELECT convalidated AS v FROM pg_constraint WHERE conname = 'conversations_contact_sealed'`);
    expect(validated?.v).toBe(true);
    const [row] = await db.select().from(conversations).where(and(eq(conversations.id, legacy), eq(conversations.orgId, orgA.orgId)));
    expect(row).toMatchObject({ contactName: "Sari Legacy", contactPhone: "0857 1111 2222", contactEmail: "sari@legacy.example" });
    expect(await find(orgA, "+62 857-1111-2222")).toEqual([legacy]);

    const sealedOnce = await rawRow(legacy);
    expect(await sealContactData(db)).toBe(0);
    expect(await rawRow(legacy)).toEqual(sealedOnce);
  });
});
