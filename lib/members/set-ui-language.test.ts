/**
 * Issue 19 item 1: a person's own console language. `setUiLanguage` stores `id` or `en` (or null for "follow the
 * organization") and refuses anything else without writing; the session member (`loadSessionMember`, as every request
 * reads it) speaks the person's choice, else the org's language, and formats with that language and the org's region.
 * The choice belongs to the person, so it follows them into another organization.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { loadSessionMember, switchOrganization, type Membership } from "@/lib/auth/sessions";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";
import { acceptInvitation, createInvitation } from "@/lib/members/invitations";
import { getOrganization } from "@/lib/org/get-organization";
import { updateOrganizationSettings } from "@/lib/org/update-organization";
import { seedQuietOrg, testDb } from "@/test/db";
import { signInAs, userIdOf } from "@/test/members";
import { setUiLanguage } from "./set-ui-language";
import { getUiLanguageChoice } from "./ui-language-choice";
import { memberLanguages } from "./member-languages";

type Org = Awaited<ReturnType<typeof seedQuietOrg>>;
let db: Db;
let org: Org;

beforeAll(async () => {
  db = await testDb();
  org = await seedQuietOrg(db);
});

/** The stored column itself, not through the reader under test. */
const storedChoice = async (userId: string) => (await db.select({ uiLanguage: users.uiLanguage }).from(users).where(eq(users.id, userId)))[0]?.uiLanguage;
const userRow = async (userId: string) => (await db.select().from(users).where(eq(users.id, userId)))[0];
/** The session's member as the next request reads it. */
const reload = async (member: Membership) => (await loadSessionMember(db, { sessionId: member.sessionId, userId: member.userId }))!;

describe("setUiLanguage", () => {
  it("stores id and en, and 'org' as null (follow the organization)", async () => {
    const userId = await userIdOf(db, org, "admin");
    expect(await storedChoice(userId)).toBeNull(); // nobody has chosen yet
    expect(await getUiLanguageChoice(db, { userId })).toBeNull();

    expect(await setUiLanguage(db, { userId, input: { language: "id" } })).toBe("id");
    expect(await storedChoice(userId)).toBe("id");
    expect(await getUiLanguageChoice(db, { userId })).toBe("id");

    expect(await setUiLanguage(db, { userId, input: { language: "en" } })).toBe("en");
    expect(await storedChoice(userId)).toBe("en");
    expect(await getUiLanguageChoice(db, { userId })).toBe("en");

    expect(await setUiLanguage(db, { userId, input: { language: "org" } })).toBeNull();
    expect(await storedChoice(userId)).toBeNull();
    expect(await getUiLanguageChoice(db, { userId })).toBeNull();
  });

  it("changes only that person", async () => {
    const [admin, agent] = [await userIdOf(db, org, "admin"), await userIdOf(db, org, "agent")];
    await setUiLanguage(db, { userId: agent, input: { language: "org" } });
    await setUiLanguage(db, { userId: admin, input: { language: "en" } });
    expect(await storedChoice(agent)).toBeNull();
    await setUiLanguage(db, { userId: admin, input: { language: "org" } });
  });

  it("refuses any other value with a ZodError and writes nothing", async () => {
    const userId = await userIdOf(db, org, "supervisor");
    await setUiLanguage(db, { userId, input: { language: "en" } });
    const before = await userRow(userId);
    const bad: unknown[] = [
      { language: "fr" }, { language: "EN" }, { language: "id-ID" }, { language: "" }, { language: null }, { language: 1 },
      { language: ["id"] }, {}, "id", null, undefined,
    ];
    for (const input of bad) {
      await expect(setUiLanguage(db, { userId, input }), JSON.stringify(input) ?? "undefined").rejects.toBeInstanceOf(ZodError);
    }
    expect(await userRow(userId)).toEqual(before);
    expect(await storedChoice(userId)).toBe("en");
  });

  it("tells the person what to do in its error", async () => {
    const userId = await userIdOf(db, org, "supervisor");
    const error = await setUiLanguage(db, { userId, input: { language: "fr" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues[0]).toMatchObject({ path: ["language"], message: "Choose a language from the list." });
  });
});

describe("the session member", () => {
  it("in an id-ID org without a choice reads Indonesian, formatted id-ID", async () => {
    const userId = await userIdOf(db, org, "owner");
    await setUiLanguage(db, { userId, input: { language: "org" } });
    const member = await signInAs(db, org, "owner");
    expect(member).toMatchObject({ orgLocale: "id-ID", uiLanguage: "id", locale: "id-ID", timezone: "Asia/Jakarta" });
  });

  it("with the choice en reads English with the org's region (en-ID), from the next request on, and back with 'org'", async () => {
    const member = await signInAs(db, org, "owner");
    await setUiLanguage(db, { userId: member.userId, input: { language: "en" } });
    // the same session: no new sign-in needed
    expect(await reload(member)).toMatchObject({ orgLocale: "id-ID", uiLanguage: "en", locale: "en-ID" });
    // and a fresh sign-in
    expect(await signInAs(db, org, "owner")).toMatchObject({ orgLocale: "id-ID", uiLanguage: "en", locale: "en-ID" });

    await setUiLanguage(db, { userId: member.userId, input: { language: "org" } });
    expect(await reload(member)).toMatchObject({ orgLocale: "id-ID", uiLanguage: "id", locale: "id-ID" });
  });

  it("follows the person into another organization with an en-US locale, and back", async () => {
    // a second organization, in English (United States), which invites the first org's agent
    const other = await seedQuietOrg(db);
    const otherOwner = await signInAs(db, other, "owner");
    const settings = (await getOrganization(db, { orgId: other.orgId }))!;
    await updateOrganizationSettings(db, {
      actor: otherOwner,
      input: { name: settings.name, timezone: settings.timezone, locale: "en-US", currency: settings.currency, businessHours: settings.businessHours, holidays: settings.holidays },
    });
    const email = `agent@${org.emailDomain}`;
    const { token } = await createInvitation(db, { actor: otherOwner, input: { email, role: "agent" } });
    await acceptInvitation(db, { input: { token, password: DEMO_PASSWORD } });

    const agent = await signInAs(db, org, "agent");
    const inHome = () => switchOrganization(db, { sessionId: agent.sessionId, userId: agent.userId, orgId: org.orgId });
    const inOther = () => switchOrganization(db, { sessionId: agent.sessionId, userId: agent.userId, orgId: other.orgId });

    // no choice: each organization's own language
    await setUiLanguage(db, { userId: agent.userId, input: { language: "org" } });
    await inHome();
    expect(await reload(agent)).toMatchObject({ orgId: org.orgId, orgLocale: "id-ID", uiLanguage: "id", locale: "id-ID" });
    await inOther();
    expect(await reload(agent)).toMatchObject({ orgId: other.orgId, orgLocale: "en-US", uiLanguage: "en", locale: "en-US" });

    // chose Indonesian (while in the English org): Indonesian in both, each with its org's region
    await setUiLanguage(db, { userId: agent.userId, input: { language: "id" } });
    expect(await reload(agent)).toMatchObject({ orgId: other.orgId, orgLocale: "en-US", uiLanguage: "id", locale: "id-US" });
    await inHome();
    expect(await reload(agent)).toMatchObject({ orgId: org.orgId, orgLocale: "id-ID", uiLanguage: "id", locale: "id-ID" });

    // chose English (while in the Indonesian org): English in both
    await setUiLanguage(db, { userId: agent.userId, input: { language: "en" } });
    expect(await reload(agent)).toMatchObject({ orgId: org.orgId, orgLocale: "id-ID", uiLanguage: "en", locale: "en-ID" });
    await inOther();
    expect(await reload(agent)).toMatchObject({ orgId: other.orgId, orgLocale: "en-US", uiLanguage: "en", locale: "en-US" });

    // the other org's own members are untouched by the agent's choice
    expect(await reload(otherOwner)).toMatchObject({ orgLocale: "en-US", uiLanguage: "en", locale: "en-US" });
  });
});

describe("memberLanguages (what pushes are written in)", () => {
  it("gives each person their own choice, else the organization's, in one call", async () => {
    const fresh = await seedQuietOrg(db);
    const [chose, follows] = [await userIdOf(db, fresh, "supervisor"), await userIdOf(db, fresh, "agent")];
    await setUiLanguage(db, { userId: chose, input: { language: "en" } });
    const languages = await memberLanguages(db, { orgId: fresh.orgId, userIds: [chose, follows] });
    expect(languages.of(chose)).toBe("en");
    expect(languages.of(follows)).toBe("id"); // the quiet org is id-ID
    expect(languages.of(randomUUID())).toBe("id");
    expect((await memberLanguages(db, { orgId: fresh.orgId, userIds: [] })).of(chose)).toBe("id");
  });
});
