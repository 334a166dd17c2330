import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { ZodError } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { userSessions } from "@/db/schema";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";
import { UserError } from "@/lib/errors/user-error";
import { changeMemberRole, setMemberStatus } from "@/lib/members/change-member";
import { acceptInvitation, createInvitation } from "@/lib/members/invitations";
import { seedTestOrg, testDb } from "@/test/db";
import { signIn, signInAs, userIdOf } from "@/test/members";
import { changePassword } from "./change-password";
import {
  countOtherSessions, listUserOrganizations, loadSessionMember, revokeOtherSessions, revokeSession, startSession, switchOrganization,
} from "./sessions";
import { verifyCredentials } from "./verify-credentials";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
});

/** Opens another session for a user (another browser), in their sign-in org. */
async function anotherSession(email: string, password = DEMO_PASSWORD) {
  const user = await verifyCredentials(db, { email, password });
  return startSession(db, { userId: user!.userId, orgId: user!.orgId });
}

async function expectUserError(promise: Promise<unknown>, status: number) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).status).toBe(status);
  return error as UserError;
}

describe("sessions", () => {
  let org: Org;
  beforeAll(async () => {
    org = await seedTestOrg(db);
  });

  it("a new session loads the member with org, role and the org's time zone", async () => {
    const member = await signInAs(db, org, "supervisor");
    expect(member).toMatchObject({
      orgId: org.orgId, role: "supervisor", email: `supervisor@${org.emailDomain}`, name: "Sari Wulandari", timezone: "Asia/Jakarta", locale: "id-ID",
    });
    expect(member.orgName).toMatch(/^Test org /);
  });

  it("refuses a session presented with another user's id, an unknown id or malformed ids", async () => {
    const member = await signInAs(db, org, "agent");
    const otherUser = await userIdOf(db, org, "admin");
    expect(await loadSessionMember(db, { sessionId: member.sessionId, userId: otherUser })).toBeNull();
    expect(await loadSessionMember(db, { sessionId: randomUUID(), userId: member.userId })).toBeNull();
    expect(await loadSessionMember(db, { sessionId: "not-a-uuid", userId: member.userId })).toBeNull();
    expect(await loadSessionMember(db, { sessionId: member.sessionId, userId: "' or 1=1 --" })).toBeNull();
  });

  it("sign-out ends that session only", async () => {
    const a = await signInAs(db, org, "agent");
    const b = await signInAs(db, org, "agent");
    await revokeSession(db, { sessionId: a.sessionId });
    expect(await loadSessionMember(db, { sessionId: a.sessionId, userId: a.userId })).toBeNull();
    expect(await loadSessionMember(db, { sessionId: b.sessionId, userId: b.userId })).not.toBeNull();
  });

  it("'sign out of other sessions' keeps the current session and ends the user's others, not other users'", async () => {
    const fresh = await seedTestOrg(db);
    const current = await signInAs(db, fresh, "admin");
    const others = [await anotherSession(`admin@${fresh.emailDomain}`), await anotherSession(`admin@${fresh.emailDomain}`)];
    const colleague = await signInAs(db, fresh, "agent");
    expect(await countOtherSessions(db, { userId: current.userId, keepSessionId: current.sessionId })).toBe(2);

    expect(await revokeOtherSessions(db, { userId: current.userId, keepSessionId: current.sessionId })).toBe(2);

    expect(await loadSessionMember(db, { sessionId: current.sessionId, userId: current.userId })).not.toBeNull();
    for (const sessionId of others) expect(await loadSessionMember(db, { sessionId, userId: current.userId })).toBeNull();
    expect(await loadSessionMember(db, { sessionId: colleague.sessionId, userId: colleague.userId })).not.toBeNull();
    expect(await countOtherSessions(db, { userId: current.userId, keepSessionId: current.sessionId })).toBe(0);
    // nothing left to end
    expect(await revokeOtherSessions(db, { userId: current.userId, keepSessionId: current.sessionId })).toBe(0);
  });
});

describe("a deactivated member is refused at the next request", () => {
  it("ends the existing session and sign-in at once; reactivation restores both", async () => {
    const org = await seedTestOrg(db);
    const admin = await signInAs(db, org, "admin");
    const agent = await signInAs(db, org, "agent");
    const email = `agent@${org.emailDomain}`;

    await setMemberStatus(db, { actor: admin, input: { userId: agent.userId, status: "deactivated" } });
    expect(await loadSessionMember(db, { sessionId: agent.sessionId, userId: agent.userId })).toBeNull();
    expect(await verifyCredentials(db, { email, password: DEMO_PASSWORD })).toBeNull();
    expect(await listUserOrganizations(db, { userId: agent.userId })).toEqual([]);

    await setMemberStatus(db, { actor: admin, input: { userId: agent.userId, status: "active" } });
    expect(await loadSessionMember(db, { sessionId: agent.sessionId, userId: agent.userId })).toMatchObject({ role: "agent", orgId: org.orgId });
    expect(await verifyCredentials(db, { email, password: DEMO_PASSWORD })).toMatchObject({ orgId: org.orgId, role: "agent" });
  });

  it("a role change applies to the open session at its next request", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    const agent = await signInAs(db, org, "agent");
    await changeMemberRole(db, { actor: owner, input: { userId: agent.userId, role: "supervisor" } });
    expect((await loadSessionMember(db, { sessionId: agent.sessionId, userId: agent.userId }))?.role).toBe("supervisor");
  });
});

describe("change password", () => {
  it("with a wrong current password throws and changes nothing", async () => {
    const org = await seedTestOrg(db);
    const me = await signInAs(db, org, "supervisor");
    const other = await anotherSession(me.email);
    const error = await expectUserError(
      changePassword(db, { userId: me.userId, sessionId: me.sessionId, input: { currentPassword: "not-my-password", newPassword: "brand-new-pass-1", confirmPassword: "brand-new-pass-1" } }),
      400,
    );
    expect(error.message).toMatch(/current password/);
    expect(await verifyCredentials(db, { email: me.email, password: DEMO_PASSWORD })).not.toBeNull();
    expect(await verifyCredentials(db, { email: me.email, password: "brand-new-pass-1" })).toBeNull();
    expect(await loadSessionMember(db, { sessionId: other, userId: me.userId })).not.toBeNull();
  });

  it("with the right current password: the new one signs in, the old one fails, other sessions end, this one stays", async () => {
    const org = await seedTestOrg(db);
    const me = await signInAs(db, org, "supervisor");
    const others = [await anotherSession(me.email), await anotherSession(me.email)];
    const ended = await changePassword(db, {
      userId: me.userId, sessionId: me.sessionId, input: { currentPassword: DEMO_PASSWORD, newPassword: "brand-new-pass-1", confirmPassword: "brand-new-pass-1" },
    });
    expect(ended).toBe(2);
    expect(await verifyCredentials(db, { email: me.email, password: "brand-new-pass-1" })).toMatchObject({ userId: me.userId, orgId: org.orgId });
    expect(await verifyCredentials(db, { email: me.email, password: DEMO_PASSWORD })).toBeNull();
    expect(await loadSessionMember(db, { sessionId: me.sessionId, userId: me.userId })).not.toBeNull();
    for (const sessionId of others) expect(await loadSessionMember(db, { sessionId, userId: me.userId })).toBeNull();
  });

  it.each([
    ["a new password under 10 characters", { newPassword: "short-pw1", confirmPassword: "short-pw1" }, "newPassword"],
    ["a confirmation that doesn't match", { newPassword: "brand-new-pass-1", confirmPassword: "brand-new-pass-2" }, "confirmPassword"],
  ])("refuses %s with a field error and keeps the old password", async (_name, fields, path) => {
    const org = await seedTestOrg(db);
    const me = await signInAs(db, org, "agent");
    const error = await changePassword(db, { userId: me.userId, sessionId: me.sessionId, input: { currentPassword: DEMO_PASSWORD, ...fields } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((i) => i.path.join("."))).toEqual([path]);
    expect(await verifyCredentials(db, { email: me.email, password: DEMO_PASSWORD })).not.toBeNull();
  });
});

describe("organizations of a user", () => {
  let orgA: Org;
  let orgB: Org;
  let email: string;
  beforeAll(async () => {
    [orgA, orgB] = [await seedTestOrg(db), await seedTestOrg(db)];
    // org A's agent also joins org B as a supervisor, with their existing password
    email = `agent@${orgA.emailDomain}`;
    const { token } = await createInvitation(db, { actor: await signInAs(db, orgB, "owner"), input: { email, role: "supervisor" } });
    await acceptInvitation(db, { input: { token, password: DEMO_PASSWORD } });
  });

  it("lists the orgs with an active membership, by name, with the role in each", async () => {
    const me = await signIn(db, email);
    const orgs = await listUserOrganizations(db, { userId: me.userId });
    expect(orgs).toHaveLength(2);
    expect(orgs).toEqual(expect.arrayContaining([
      { orgId: orgA.orgId, role: "agent", name: expect.stringMatching(/^Test org /) },
      { orgId: orgB.orgId, role: "supervisor", name: expect.stringMatching(/^Test org /) },
    ]));
    expect(orgs.map((o) => o.name)).toEqual([...orgs.map((o) => o.name)].sort());
  });

  it("switching makes the session act in the other org with that org's role", async () => {
    const me = await signIn(db, email);
    expect(me.orgId).toBe(orgA.orgId);
    await switchOrganization(db, { sessionId: me.sessionId, userId: me.userId, orgId: orgB.orgId });
    expect(await loadSessionMember(db, { sessionId: me.sessionId, userId: me.userId })).toMatchObject({ orgId: orgB.orgId, role: "supervisor" });
  });

  it("refuses to switch to an org without membership (404) and leaves the session where it was", async () => {
    const me = await signIn(db, email);
    const stranger = await seedTestOrg(db);
    for (const orgId of [stranger.orgId, randomUUID(), "not-a-uuid"]) {
      await expectUserError(switchOrganization(db, { sessionId: me.sessionId, userId: me.userId, orgId }), 404);
    }
    const [session] = await db.select({ activeOrgId: userSessions.activeOrgId }).from(userSessions).where(eq(userSessions.id, me.sessionId));
    expect(session?.activeOrgId).toBe(orgA.orgId);
  });

  it("refuses to switch to an org where the membership was deactivated, and a session already there stops", async () => {
    const me = await signIn(db, email);
    await switchOrganization(db, { sessionId: me.sessionId, userId: me.userId, orgId: orgB.orgId });
    const ownerB = await signInAs(db, orgB, "owner");
    await setMemberStatus(db, { actor: ownerB, input: { userId: me.userId, status: "deactivated" } });
    try {
      expect(await loadSessionMember(db, { sessionId: me.sessionId, userId: me.userId })).toBeNull();
      const other = await signIn(db, email); // still signs in: org A membership is active
      expect(other.orgId).toBe(orgA.orgId);
      await expectUserError(switchOrganization(db, { sessionId: other.sessionId, userId: other.userId, orgId: orgB.orgId }), 404);
      expect((await listUserOrganizations(db, { userId: me.userId })).map((o) => o.orgId)).toEqual([orgA.orgId]);
    } finally {
      await setMemberStatus(db, { actor: ownerB, input: { userId: me.userId, status: "active" } });
    }
  });
});
