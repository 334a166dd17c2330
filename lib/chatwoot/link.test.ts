import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations, chatwootInboxes, chatwootLinks } from "@/db/schema";
import { UserError } from "@/lib/errors/user-error";
import { seedTestOrg, testDb } from "@/test/db";
import { auditEntries, signInAs } from "@/test/members";
import { getChatwootLink, loadChatwootLink, saveChatwootLink, saveTriageRules } from "./link";
import { DEFAULT_TRIAGE_RULES } from "./triage-rules";

const TOKEN = "cw-api-token-PLAINTEXT-1111";
const SECRET = "cw-webhook-secret-PLAINTEXT-2222";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

type Org = Awaited<ReturnType<typeof seedTestOrg>>;

function input(org: Org, overrides: Record<string, unknown> = {}) {
  return {
    baseUrl: "https://chatwoot.example.com/",
    accountId: "3",
    apiToken: TOKEN,
    webhookSecret: SECRET,
    escalationTeamId: "",
    escalationAssigneeId: "44",
    inboxes: [
      { inboxId: "12", channelId: org.channels[1]!.id },
      { inboxId: 13, channelId: org.channels[0]!.id },
    ],
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

const rowOf = async (orgId: string) => (await db.select().from(chatwootLinks).where(eq(chatwootLinks.orgId, orgId)))[0];

describe("saveChatwootLink", () => {
  it("lets an owner link Chatwoot: fields normalised, secrets sealed at rest, never returned", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    const view = await saveChatwootLink(db, { actor: owner, input: input(org) });
    expect(view).toMatchObject({
      baseUrl: "https://chatwoot.example.com",
      accountId: 3,
      escalationTeamId: null,
      escalationAssigneeId: 44,
      inboxes: [
        { inboxId: 12, channelId: org.channels[1]!.id },
        { inboxId: 13, channelId: org.channels[0]!.id },
      ],
      triageRules: DEFAULT_TRIAGE_RULES,
    });
    expect(JSON.stringify(view)).not.toContain(TOKEN);
    expect(JSON.stringify(view)).not.toContain(SECRET);

    const row = (await rowOf(org.orgId))!;
    expect(row.apiTokenSealed).toMatch(/^v1\./);
    expect(row.webhookSecretSealed).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(row.updatedBy).toBe(owner.userId);

    const got = await getChatwootLink(db, org.orgId);
    expect(got).toEqual(view);
    for (const key of ["apiToken", "webhookSecret", "credentials", "apiTokenSealed", "webhookSecretSealed"]) expect(got).not.toHaveProperty(key);
    expect(JSON.stringify(got)).not.toMatch(/PLAINTEXT|v1\./);

    const loaded = await loadChatwootLink(db, view.id);
    expect(loaded).toMatchObject({ id: view.id, orgId: org.orgId, webhookSecret: SECRET, credentials: { baseUrl: "https://chatwoot.example.com", accountId: 3, apiToken: TOKEN } });
    expect(await loadChatwootLink(db, org.orgId, "org")).toMatchObject({ id: view.id, webhookSecret: SECRET });
  });

  it("lets an admin link Chatwoot", async () => {
    const org = await seedTestOrg(db);
    const admin = await signInAs(db, org, "admin");
    await saveChatwootLink(db, { actor: admin, input: input(org) });
    expect((await getChatwootLink(db, org.orgId))?.accountId).toBe(3);
  });

  it.each(["supervisor", "agent"] as const)("refuses a %s with 403 and writes nothing", async (role) => {
    const org = await seedTestOrg(db);
    const member = await signInAs(db, org, role);
    const error = await refusal(saveChatwootLink(db, { actor: member, input: input(org) }));
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).status).toBe(403);
    expect(await rowOf(org.orgId)).toBeUndefined();
  });

  it.each([
    ["the token", { apiToken: "" }],
    ["the secret", { webhookSecret: "  " }],
    ["both", { apiToken: undefined, webhookSecret: undefined }],
  ])("refuses a new link without %s (400)", async (_name, overrides) => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    const error = await refusal(saveChatwootLink(db, { actor: owner, input: input(org, overrides) }));
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).status).toBe(400);
    expect(await rowOf(org.orgId)).toBeUndefined();
  });

  it("keeps the saved token and secret when an update leaves them blank, and replaces only what is entered", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    const { id } = await saveChatwootLink(db, { actor: owner, input: input(org) });
    const before = (await rowOf(org.orgId))!;

    await saveChatwootLink(db, { actor: owner, input: input(org, { apiToken: "", webhookSecret: "", accountId: 4, inboxes: [] }) });
    const kept = (await rowOf(org.orgId))!;
    expect(kept.id).toBe(id);
    expect(kept.apiTokenSealed).toBe(before.apiTokenSealed);
    expect(kept.webhookSecretSealed).toBe(before.webhookSecretSealed);
    expect(await loadChatwootLink(db, id)).toMatchObject({ accountId: 4, inboxes: [], webhookSecret: SECRET, credentials: { apiToken: TOKEN } });

    await saveChatwootLink(db, { actor: owner, input: input(org, { apiToken: "new-token-3333", webhookSecret: "" }) });
    expect(await loadChatwootLink(db, id)).toMatchObject({ webhookSecret: SECRET, credentials: { apiToken: "new-token-3333" } });
    expect((await rowOf(org.orgId))!.webhookSecretSealed).toBe(before.webhookSecretSealed);
  });

  it("refuses an inbox mapped to another org's channel (400), and an archived channel", async () => {
    const org = await seedTestOrg(db);
    const other = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    const foreign = await refusal(saveChatwootLink(db, { actor: owner, input: input(org, { inboxes: [{ inboxId: 12, channelId: other.channels[0]!.id }] }) }));
    expect(foreign).toBeInstanceOf(UserError);
    expect((foreign as UserError).status).toBe(400);
    expect(await rowOf(org.orgId)).toBeUndefined();

    await db.update(channelIntegrations).set({ archivedAt: new Date() }).where(eq(channelIntegrations.id, org.channels[2]!.id));
    const archived = await refusal(saveChatwootLink(db, { actor: owner, input: input(org, { inboxes: [{ inboxId: 12, channelId: org.channels[2]!.id }] }) }));
    expect(archived).toBeInstanceOf(UserError);
  });

  it("refuses the same inbox mapped twice (nothing written)", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    const error = await refusal(
      saveChatwootLink(db, {
        actor: owner,
        input: input(org, { inboxes: [{ inboxId: 12, channelId: org.channels[0]!.id }, { inboxId: "12", channelId: org.channels[1]!.id }] }),
      }),
    );
    expect(error).toBeInstanceOf(ZodError);
    expect(JSON.stringify((error as ZodError).issues)).toContain("Each inbox can be mapped once.");
    expect(await rowOf(org.orgId)).toBeUndefined();
  });

  it("maps two inboxes to one channel", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    const view = await saveChatwootLink(db, { actor: owner, input: input(org, { inboxes: [{ inboxId: 12, channelId: org.channels[0]!.id }, { inboxId: 13, channelId: org.channels[0]!.id }] }) });
    expect(view.inboxes).toHaveLength(2);
  });

  it.each([
    ["a base URL that isn't http(s)", { baseUrl: "ftp://chatwoot.example.com" }],
    ["no base URL", { baseUrl: "" }],
    ["account id 0", { accountId: 0 }],
    ["a non-numeric account id", { accountId: "three" }],
    ["a bad channel id", { inboxes: [{ inboxId: 12, channelId: "not-a-uuid" }] }],
  ])("refuses %s with a ZodError", async (_name, overrides) => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    expect(await refusal(saveChatwootLink(db, { actor: owner, input: input(org, overrides) }))).toBeInstanceOf(ZodError);
  });

  it("replaces the inbox mapping on update", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    const { id } = await saveChatwootLink(db, { actor: owner, input: input(org) });
    await saveChatwootLink(db, { actor: owner, input: input(org, { apiToken: "", webhookSecret: "", inboxes: [{ inboxId: 99, channelId: org.channels[2]!.id }] }) });
    expect(await db.select({ inboxId: chatwootInboxes.inboxId }).from(chatwootInboxes).where(eq(chatwootInboxes.linkId, id))).toEqual([{ inboxId: 99 }]);
  });

  it("audits each save (created, updated) naming which secret was replaced, never its value", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    const { id } = await saveChatwootLink(db, { actor: owner, input: input(org) });
    await saveChatwootLink(db, { actor: owner, input: input(org, { apiToken: "rotated-token-4444", webhookSecret: "" }) });
    const entries = (await auditEntries(db, org.orgId)).filter((e) => e.area === "chatwoot");
    expect(entries.map((e) => e.action)).toEqual(["chatwoot.link_created", "chatwoot.link_updated"]);
    expect(entries.every((e) => e.targetId === id && e.actorUserId === owner.userId)).toBe(true);
    expect(entries[0]!.changes).toMatchObject({ apiToken: { from: null, to: "replaced" }, webhookSecret: { from: null, to: "replaced" }, accountId: { from: null, to: 3 } });
    expect(entries[1]!.changes).toMatchObject({ apiToken: { from: "saved", to: "replaced" } });
    expect(entries[1]!.changes).not.toHaveProperty("webhookSecret");
    const text = JSON.stringify(entries);
    for (const secret of [TOKEN, SECRET, "rotated-token-4444"]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"v1\./);
  });
});

describe("loadChatwootLink", () => {
  it("is null for an unknown id and for a malformed one", async () => {
    expect(await loadChatwootLink(db, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await loadChatwootLink(db, "'; DROP TABLE chatwoot_links; --")).toBeNull();
    expect(await getChatwootLink(db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});

describe("saveTriageRules", () => {
  it("saves keyword lists typed one per line (or comma-separated) and thresholds; the link reads them back; reset restores the defaults", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    await saveChatwootLink(db, { actor: owner, input: input(org) });
    const saved = await saveTriageRules(db, {
      actor: owner,
      input: { p0: "payment failed\n  kartu ditolak ,\n\nfraud alert", p1: "late", p3: "saran", escalationKeywords: "lawyer", maxUnresolved: "4", minPreviousGrade: "2.5", maxOrderValue: "1000", maxRefund: "250", angerScore: "-6", minDraftConfidence: "0.65" },
    });
    expect(saved.p0).toEqual(["payment failed", "kartu ditolak", "fraud alert"]);
    expect((await getChatwootLink(db, org.orgId))!.triageRules).toMatchObject({ p0: ["payment failed", "kartu ditolak", "fraud alert"], maxUnresolved: 4, minPreviousGrade: 2.5, minDraftConfidence: 0.65, operatorReminderMinutes: 30, managerAlertMinutes: 60 });
    // the approval timeouts (issue 18): the org's own reminder times
    await saveTriageRules(db, { actor: owner, input: { ...{ p0: "a1", p1: "b1", p3: "c1", escalationKeywords: "d1", maxUnresolved: "2", minPreviousGrade: "3", maxOrderValue: "500", maxRefund: "100", angerScore: "-4", minDraftConfidence: "0.5" }, operatorReminderMinutes: "10", managerAlertMinutes: "25" } });
    expect((await getChatwootLink(db, org.orgId))!.triageRules).toMatchObject({ operatorReminderMinutes: 10, managerAlertMinutes: 25 });
    expect((await auditEntries(db, org.orgId)).some((e) => e.action === "chatwoot.triage_rules_saved")).toBe(true);
    await saveTriageRules(db, { actor: owner, input: {}, reset: true });
    expect((await getChatwootLink(db, org.orgId))!.triageRules).toEqual(DEFAULT_TRIAGE_RULES);
  });

  it("refuses bad thresholds (nothing saved) and other roles", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    await saveChatwootLink(db, { actor: owner, input: input(org) });
    const good = { p0: "a1", p1: "b1", p3: "c1", escalationKeywords: "d1", maxUnresolved: "2", minPreviousGrade: "3", maxOrderValue: "500", maxRefund: "100", angerScore: "-4", minDraftConfidence: "0.5" };
    for (const bad of [{ maxUnresolved: "-1" }, { minDraftConfidence: "2" }, { angerScore: "3" }, { minPreviousGrade: "x" }, { operatorReminderMinutes: "0" }, { operatorReminderMinutes: "30", managerAlertMinutes: "20" }]) {
      expect(await refusal(saveTriageRules(db, { actor: owner, input: { ...good, ...bad } }))).toBeInstanceOf(ZodError);
    }
    expect((await getChatwootLink(db, org.orgId))!.triageRules).toEqual(DEFAULT_TRIAGE_RULES);
    const supervisor = await signInAs(db, org, "supervisor");
    expect(((await refusal(saveTriageRules(db, { actor: supervisor, input: good }))) as UserError).status).toBe(403);
  });
});
