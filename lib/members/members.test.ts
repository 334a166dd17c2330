import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { and, count, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { ZodError } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { invitations, memberships, users } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import type { Membership } from "@/lib/auth/sessions";
import { attemptLogin, FREE_FAILURES, lockAfter, lockedFor } from "@/lib/auth/login-throttle";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo-org";
import { UserError } from "@/lib/errors/user-error";
import { onPostgresServer, seedTestOrg, testDb } from "@/test/db";
import { auditCount, auditEntries, membershipOf, signInAs, userIdOf } from "@/test/members";
import { changeMemberRole, setMemberStatus, updateAgentSettings } from "./change-member";
import { acceptInvitation, createInvitation, INVITATION_TTL_MS, revokeInvitation, viewInvitation } from "./invitations";
import { listMembers, listPendingInvitations } from "./list-members";
import { sendInvitationEmail } from "./send-invitation-email";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
});

async function expectUserError(promise: Promise<unknown>, status: number, message?: RegExp): Promise<void> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, "expected a UserError").toBeInstanceOf(UserError);
  expect((error as UserError).status).toBe(status);
  if (message) expect((error as UserError).message).toMatch(message);
}

async function expectZodError(promise: Promise<unknown>, path: string): Promise<void> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, "expected a ZodError").toBeInstanceOf(ZodError);
  expect((error as ZodError).issues.map((i) => i.path.join("."))).toContain(path);
}

/** Everything the member actions could write for an org: members, invitations, audit entries. */
async function orgState(orgId: string) {
  const members = (await listMembers(db, { orgId })).map(({ userId, role, status, capacity, availability }) => ({ userId, role, status, capacity, availability }));
  const invites = await db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt })
    .from(invitations)
    .where(eq(invitations.orgId, orgId))
    .orderBy(invitations.id);
  return { members, invites, audit: await auditCount(db, orgId) };
}

async function activeOwners(orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner"), eq(memberships.status, "active")));
  return row!.n;
}

/** An org whose seeded admin was promoted to owner: returns both owners, signed in with their current role. */
async function orgWithTwoOwners(): Promise<{ org: Org; first: Membership; second: Membership }> {
  const org = await seedTestOrg(db);
  const first = await signInAs(db, org, "owner");
  await changeMemberRole(db, { actor: first, input: { userId: await userIdOf(db, org, "admin"), role: "owner" } });
  const second = await signInAs(db, org, "admin");
  expect(second.role).toBe("owner");
  return { org, first, second };
}

describe("last-owner protection", () => {
  it("the sole owner can't be demoted (409) or deactivated, and stays owner", async () => {
    const org = await seedTestOrg(db);
    const owner = await signInAs(db, org, "owner");
    const before = await orgState(org.orgId);
    await expectUserError(changeMemberRole(db, { actor: owner, input: { userId: owner.userId, role: "admin" } }), 409, /last owner/);
    await expectUserError(setMemberStatus(db, { actor: owner, input: { userId: owner.userId, status: "deactivated" } }), 403);
    expect(await orgState(org.orgId)).toEqual(before);
    expect(await membershipOf(db, org.orgId, owner.userId)).toMatchObject({ role: "owner", status: "active" });
  });

  it("with two owners one can be demoted; then the remaining owner is the last one", async () => {
    const { org, first, second } = await orgWithTwoOwners();
    await changeMemberRole(db, { actor: second, input: { userId: first.userId, role: "admin" } });
    expect(await membershipOf(db, org.orgId, first.userId)).toMatchObject({ role: "admin" });
    expect(await activeOwners(org.orgId)).toBe(1);
    await expectUserError(changeMemberRole(db, { actor: second, input: { userId: second.userId, role: "agent" } }), 409, /last owner/);
    expect(await membershipOf(db, org.orgId, second.userId)).toMatchObject({ role: "owner" });
  });

  it("a deactivated owner doesn't count: the only active owner still can't step down", async () => {
    const { org, first, second } = await orgWithTwoOwners();
    await setMemberStatus(db, { actor: first, input: { userId: second.userId, status: "deactivated" } });
    await expectUserError(changeMemberRole(db, { actor: first, input: { userId: first.userId, role: "admin" } }), 409, /last owner/);
    expect(await activeOwners(org.orgId)).toBe(1);
  });

  it("a request still carrying an outdated owner role can't remove the last owner", async () => {
    const { org, first, second } = await orgWithTwoOwners();
    await changeMemberRole(db, { actor: first, input: { userId: second.userId, role: "admin" } });
    // `second` was loaded as an owner before the demotion (a request in flight)
    await expectUserError(setMemberStatus(db, { actor: second, input: { userId: first.userId, status: "deactivated" } }), 409, /last owner/);
    await expectUserError(changeMemberRole(db, { actor: second, input: { userId: first.userId, role: "agent" } }), 409, /last owner/);
    expect(await membershipOf(db, org.orgId, first.userId)).toMatchObject({ role: "owner", status: "active" });
  });

  it.skipIf(!onPostgresServer()).each([
    ["demote", (actor: Membership, userId: string) => changeMemberRole(db, { actor, input: { userId, role: "admin" } })],
    ["deactivate", (actor: Membership, userId: string) => setMemberStatus(db, { actor, input: { userId, status: "deactivated" } })],
  ])("two owners who %s each other at the same time leave exactly one owner (PostgreSQL)", async (_name, act) => {
    for (let round = 0; round < 3; round++) {
      const { org, first, second } = await orgWithTwoOwners();
      const results = await Promise.allSettled([act(first, second.userId), act(second, first.userId)]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected")!;
      expect(refused.reason).toBeInstanceOf(UserError);
      expect((refused.reason as UserError).status).toBe(409);
      expect(await activeOwners(org.orgId)).toBe(1);
      const entries = await auditEntries(db, org.orgId);
      expect(entries.filter((e) => e.changes.role?.from === "owner" || e.changes.status?.from === "active")).toHaveLength(1);
    }
  });
});

describe("role escalation is refused and writes nothing", () => {
  let org: Org;
  let ids: Record<Role, string>;
  const actors = {} as Record<Role, Membership>;
  beforeAll(async () => {
    org = await seedTestOrg(db);
    ids = {} as Record<Role, string>;
    for (const role of ["owner", "admin", "supervisor", "agent"] as const) {
      actors[role] = await signInAs(db, org, role);
      ids[role] = actors[role].userId;
    }
  });

  it.each([
    ["invite an owner", () => createInvitation(db, { actor: actors.admin, input: { email: `boss-${randomUUID()}@x.test`, role: "owner" } })],
    ["promote an agent to owner", () => changeMemberRole(db, { actor: actors.admin, input: { userId: ids.agent, role: "owner" } })],
    ["promote themselves to owner", () => changeMemberRole(db, { actor: actors.admin, input: { userId: ids.admin, role: "owner" } })],
    ["demote an owner", () => changeMemberRole(db, { actor: actors.admin, input: { userId: ids.owner, role: "agent" } })],
    ["deactivate an owner", () => setMemberStatus(db, { actor: actors.admin, input: { userId: ids.owner, status: "deactivated" } })],
  ])("an admin can't %s (403)", async (_name, act) => {
    const before = await orgState(org.orgId);
    await expectUserError(act(), 403, /owner/);
    expect(await orgState(org.orgId)).toEqual(before);
  });

  it("an admin can't revoke an owner's invitation (403), and the link keeps working", async () => {
    const { token, email } = await createInvitation(db, { actor: actors.owner, input: { email: `co-owner-${randomUUID()}@x.test`, role: "owner" } });
    const [invite] = await db.select({ id: invitations.id }).from(invitations).where(and(eq(invitations.orgId, org.orgId), eq(invitations.email, email)));
    const before = await orgState(org.orgId);
    await expectUserError(revokeInvitation(db, { actor: actors.admin, invitationId: invite!.id }), 403);
    expect(await orgState(org.orgId)).toEqual(before);
    expect(await viewInvitation(db, { token })).toMatchObject({ state: "valid", role: "owner" });
  });

  // regression: re-inviting used to revoke the open invitation without checking its role
  it("an admin can't withdraw an owner's invitation by re-inviting the same email", async () => {
    const email = `co-owner-${randomUUID()}@x.test`;
    const { token } = await createInvitation(db, { actor: actors.owner, input: { email, role: "owner" } });
    await expectUserError(createInvitation(db, { actor: actors.admin, input: { email, role: "agent" } }), 403);
    expect(await viewInvitation(db, { token })).toMatchObject({ state: "valid", role: "owner" });
  });

  const memberActions: [string, (actor: Membership) => Promise<unknown>][] = [
    ["change a role", (actor) => changeMemberRole(db, { actor, input: { userId: ids.agent, role: "supervisor" } })],
    ["deactivate a member", (actor) => setMemberStatus(db, { actor, input: { userId: ids.agent, status: "deactivated" } })],
    ["change agent settings", (actor) => updateAgentSettings(db, { actor, input: { userId: ids.agent, capacity: 9, availability: "online" } })],
    ["invite an agent", (actor) => createInvitation(db, { actor, input: { email: `new-${randomUUID()}@x.test`, role: "agent" } })],
  ];
  it.each((["supervisor", "agent"] as const).flatMap((role) => memberActions.map(([name, act]) => [role, name, act] as const)))(
    "%s can't %s (403)",
    async (role, _name, act) => {
      const before = await orgState(org.orgId);
      await expectUserError(act(actors[role]), 403);
      expect(await orgState(org.orgId)).toEqual(before);
    },
  );

  it("an admin can do what is below owner, each with one audit entry", async () => {
    const fresh = await seedTestOrg(db);
    const admin = await signInAs(db, fresh, "admin");
    const agentId = await userIdOf(db, fresh, "agent");
    const supervisorId = await userIdOf(db, fresh, "supervisor");
    await changeMemberRole(db, { actor: admin, input: { userId: agentId, role: "admin" } });
    await setMemberStatus(db, { actor: admin, input: { userId: supervisorId, status: "deactivated" } });
    expect(await membershipOf(db, fresh.orgId, agentId)).toMatchObject({ role: "admin" });
    expect(await membershipOf(db, fresh.orgId, supervisorId)).toMatchObject({ status: "deactivated" });
    const entries = await auditEntries(db, fresh.orgId);
    expect(entries.map((e) => ({ actor: e.actorName, area: e.area, action: e.action, changes: e.changes }))).toEqual([
      { actor: "Budi Santoso", area: "members", action: "member.role_changed", changes: { role: { from: "agent", to: "admin" } } },
      { actor: "Budi Santoso", area: "members", action: "member.deactivated", changes: { status: { from: "active", to: "deactivated" } } },
    ]);
    // setting the same role again is a no-op
    await changeMemberRole(db, { actor: admin, input: { userId: agentId, role: "admin" } });
    expect(await auditCount(db, fresh.orgId)).toBe(2);
  });
});

describe("agent settings", () => {
  it("saves capacity and availability with one audit entry; the same values again write nothing", async () => {
    const org = await seedTestOrg(db);
    const admin = await signInAs(db, org, "admin");
    const agentId = await userIdOf(db, org, "agent");
    await updateAgentSettings(db, { actor: admin, input: { userId: agentId, capacity: "8", availability: "online" } });
    expect(await membershipOf(db, org.orgId, agentId)).toMatchObject({ capacity: 8, availability: "online" });
    await updateAgentSettings(db, { actor: admin, input: { userId: agentId, capacity: 8, availability: "online" } });
    const entries = await auditEntries(db, org.orgId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorName: "Budi Santoso", area: "members", action: "member.agent_settings_changed", targetLabel: `agent@${org.emailDomain}`,
      changes: { capacity: { from: 5, to: 8 }, availability: { from: "offline", to: "online" } },
    });
  });

  it("refuses a capacity outside 1–100 or not a whole number with a field error, changing nothing", async () => {
    const org = await seedTestOrg(db);
    const admin = await signInAs(db, org, "admin");
    const agentId = await userIdOf(db, org, "agent");
    for (const capacity of [0, 101, 2.5, "lots"]) {
      await expectZodError(updateAgentSettings(db, { actor: admin, input: { userId: agentId, capacity, availability: "online" } }), "capacity");
    }
    expect(await membershipOf(db, org.orgId, agentId)).toMatchObject({ capacity: 5, availability: "offline" });
    expect(await auditCount(db, org.orgId)).toBe(0);
  });
});

describe("another org's members and invitations are out of reach", () => {
  it("changing role, status or agent settings of org B's member, or revoking org B's invitation, is 404 and changes nothing", async () => {
    const [orgA, orgB] = [await seedTestOrg(db), await seedTestOrg(db)];
    const ownerA = await signInAs(db, orgA, "owner");
    const agentB = await userIdOf(db, orgB, "agent");
    await createInvitation(db, { actor: await signInAs(db, orgB, "owner"), input: { email: `b-${randomUUID()}@x.test`, role: "agent" } });
    const [inviteB] = await listPendingInvitations(db, { orgId: orgB.orgId });
    const beforeA = await orgState(orgA.orgId);
    const beforeB = await orgState(orgB.orgId);

    await expectUserError(changeMemberRole(db, { actor: ownerA, input: { userId: agentB, role: "admin" } }), 404);
    await expectUserError(setMemberStatus(db, { actor: ownerA, input: { userId: agentB, status: "deactivated" } }), 404);
    await expectUserError(updateAgentSettings(db, { actor: ownerA, input: { userId: agentB, capacity: 50, availability: "online" } }), 404);
    await expectUserError(revokeInvitation(db, { actor: ownerA, invitationId: inviteB!.id }), 404);
    await expectUserError(revokeInvitation(db, { actor: ownerA, invitationId: "not-a-uuid" }), 404);

    expect(await orgState(orgA.orgId)).toEqual(beforeA);
    expect(await orgState(orgB.orgId)).toEqual(beforeB);
    expect((await listMembers(db, { orgId: orgA.orgId })).map((m) => m.userId)).not.toContain(agentB);
  });
});

describe("invitations", () => {
  let org: Org;
  let admin: Membership;
  beforeAll(async () => {
    org = await seedTestOrg(db);
    admin = await signInAs(db, org, "admin");
  });
  const newEmail = () => `invitee-${randomUUID().slice(0, 8)}@example.test`;
  const usersWithEmail = async (email: string) => (await db.select({ id: users.id }).from(users).where(eq(users.email, email))).length;
  const membershipsOf = async (email: string) =>
    db.select({ role: memberships.role }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(and(eq(memberships.orgId, org.orgId), eq(users.email, email)));

  it("a new invitee sets a name and password, signs in with the invited role, and the link is then used", async () => {
    const email = newEmail();
    const now = new Date();
    const invite = await createInvitation(db, { actor: admin, input: { email: email.toUpperCase(), role: "supervisor" }, now });
    expect(invite).toMatchObject({ email, role: "supervisor", expiresAt: new Date(now.getTime() + 7 * 24 * 3600_000) });
    expect(await viewInvitation(db, { token: invite.token })).toMatchObject({ state: "valid", email, role: "supervisor", hasAccount: false, orgName: admin.orgName });
    expect((await listPendingInvitations(db, { orgId: org.orgId })).map((i) => i.email)).toContain(email);

    expect(await acceptInvitation(db, { input: { token: invite.token, name: "Nia Ramadhani", password: "a-long-password" } })).toEqual({ email });

    const user = await verifyCredentials(db, { email, password: "a-long-password" });
    expect(user).toMatchObject({ orgId: org.orgId, role: "supervisor", name: "Nia Ramadhani" });
    expect(await viewInvitation(db, { token: invite.token })).toEqual({ state: "used" });
    expect((await listPendingInvitations(db, { orgId: org.orgId })).map((i) => i.email)).not.toContain(email);
    const entries = (await auditEntries(db, org.orgId)).filter((e) => e.targetLabel === email);
    expect(entries.map((e) => [e.actorName, e.action, e.changes])).toEqual([
      ["Budi Santoso", "member.invited", { role: { from: null, to: "supervisor" } }],
      ["Nia Ramadhani", "member.joined", { role: { from: null, to: "supervisor" } }],
    ]);
  });

  it("expires 7 days after it was created: a millisecond later it is refused (410) and nothing is created", async () => {
    const created = new Date();
    const late = await createInvitation(db, { actor: admin, input: { email: newEmail(), role: "agent" }, now: created });
    const justInTime = await createInvitation(db, { actor: admin, input: { email: newEmail(), role: "agent" }, now: created });
    const expiredAt = new Date(created.getTime() + INVITATION_TTL_MS + 1);

    await expectUserError(acceptInvitation(db, { input: { token: late.token, name: "Late", password: "a-long-password" }, now: expiredAt }), 410, /expired/);
    expect(await usersWithEmail(late.email)).toBe(0);
    expect(await membershipsOf(late.email)).toEqual([]);
    expect(await viewInvitation(db, { token: late.token, now: expiredAt })).toEqual({ state: "expired" });
    expect((await listPendingInvitations(db, { orgId: org.orgId, now: expiredAt })).map((i) => i.email)).not.toContain(late.email);

    await acceptInvitation(db, { input: { token: justInTime.token, name: "On time", password: "a-long-password" }, now: new Date(created.getTime() + INVITATION_TTL_MS - 1) });
    expect(await membershipsOf(justInTime.email)).toEqual([{ role: "agent" }]);
  });

  it("works once: a second accept is refused (410) and doesn't touch the account", async () => {
    const { token, email } = await createInvitation(db, { actor: admin, input: { email: newEmail(), role: "agent" } });
    await acceptInvitation(db, { input: { token, name: "First", password: "first-password" } });
    await expectUserError(acceptInvitation(db, { input: { token, name: "Second", password: "second-password" } }), 410, /already been used/);
    expect(await usersWithEmail(email)).toBe(1);
    expect(await membershipsOf(email)).toHaveLength(1);
    expect(await verifyCredentials(db, { email, password: "first-password" })).toMatchObject({ name: "First" });
    expect(await verifyCredentials(db, { email, password: "second-password" })).toBeNull();
  });

  it.skipIf(!onPostgresServer())("two simultaneous accepts of one link: exactly one succeeds (PostgreSQL)", async () => {
    for (let round = 0; round < 3; round++) {
      const { token, email } = await createInvitation(db, { actor: admin, input: { email: newEmail(), role: "agent" } });
      const results = await Promise.allSettled(
        ["one", "two"].map((name) => acceptInvitation(db, { input: { token, name, password: `${name}-long-password` } })),
      );
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      const refused = results.find((r) => r.status === "rejected")!;
      expect(refused.reason).toBeInstanceOf(UserError);
      expect((refused.reason as UserError).status).toBe(410);
      expect(await usersWithEmail(email)).toBe(1);
      expect(await membershipsOf(email)).toHaveLength(1);
    }
  });

  it("a revoked link is refused (410) and can't be revoked twice", async () => {
    const { token, email } = await createInvitation(db, { actor: admin, input: { email: newEmail(), role: "agent" } });
    const [pending] = (await listPendingInvitations(db, { orgId: org.orgId })).filter((i) => i.email === email);
    await revokeInvitation(db, { actor: admin, invitationId: pending!.id });
    expect(await viewInvitation(db, { token })).toEqual({ state: "revoked" });
    await expectUserError(acceptInvitation(db, { input: { token, name: "Too late", password: "a-long-password" } }), 410, /withdrawn/);
    expect(await usersWithEmail(email)).toBe(0);
    await expectUserError(revokeInvitation(db, { actor: admin, invitationId: pending!.id }), 404);
    expect((await auditEntries(db, org.orgId)).filter((e) => e.targetLabel === email).map((e) => e.action)).toEqual(["member.invited", "member.invitation_revoked"]);
  });

  it("an unknown link is refused (410)", async () => {
    expect(await viewInvitation(db, { token: "no-such-token" })).toEqual({ state: "unknown" });
    await expectUserError(acceptInvitation(db, { input: { token: "no-such-token", name: "X", password: "a-long-password" } }), 410, /isn't valid/);
  });

  it("someone with an account joins with their existing password; a wrong one is refused and the link stays usable", async () => {
    const other = await seedTestOrg(db);
    const email = `agent@${other.emailDomain}`;
    const { token } = await createInvitation(db, { actor: admin, input: { email, role: "supervisor" } });
    expect(await viewInvitation(db, { token })).toMatchObject({ state: "valid", hasAccount: true });

    await expectUserError(acceptInvitation(db, { input: { token, name: "Someone", password: "not-their-password" } }), 400, /existing Tandem account/);
    expect(await membershipsOf(email)).toEqual([]);
    expect(await viewInvitation(db, { token })).toMatchObject({ state: "valid" });

    await acceptInvitation(db, { input: { token, name: "A new name", password: DEMO_PASSWORD } });
    expect(await membershipsOf(email)).toEqual([{ role: "supervisor" }]);
    // same account: name and password unchanged, still signs in (to the org they joined first)
    const user = await verifyCredentials(db, { email, password: DEMO_PASSWORD });
    expect(user).toMatchObject({ name: "Agus Pratama", orgId: other.orgId });
    expect(await usersWithEmail(email)).toBe(1);
  });

  it("wrong existing-account passwords on an invitation count against the account like failed sign-ins: past the free ones the account locks, there and at sign-in, and the lock is audited", async () => {
    const other = await seedTestOrg(db);
    const email = `agent@${other.emailDomain}`;
    const { token } = await createInvitation(db, { actor: admin, input: { email, role: "agent" } });
    const now = new Date();
    // five wrong passwords from five different addresses (no address limit): the fifth locks the account
    for (let i = 0; i < FREE_FAILURES; i++) {
      await expectUserError(acceptInvitation(db, { input: { token, name: "X", password: `wrong-${i}` }, now, client: `10.9.0.${i}` }), 400, /existing Tandem account/);
    }
    expect(await lockedFor(db, email, now)).toBeGreaterThan(0);
    // the right password is refused while the lock lasts, on the invitation and at sign-in alike
    await expectUserError(acceptInvitation(db, { input: { token, name: "X", password: DEMO_PASSWORD }, now, client: "10.9.1.1" }), 429, /Too many wrong passwords for this account/);
    expect(await attemptLogin(db, { email, password: DEMO_PASSWORD }, now)).toMatchObject({ ok: false, reason: "locked" });
    expect(await membershipsOf(email)).toEqual([]);
    expect((await auditEntries(db, other.orgId)).filter((e) => e.action === "member.sign_in_locked" && e.targetLabel === email)).toHaveLength(1);
    // once the lock has passed, the right password joins
    const later = new Date(now.getTime() + lockAfter(FREE_FAILURES) + 1_000);
    await acceptInvitation(db, { input: { token, name: "X", password: DEMO_PASSWORD }, now: later, client: "10.9.1.2" });
    expect(await membershipsOf(email)).toEqual([{ role: "agent" }]);
  });

  it("re-inviting an email revokes the previous link", async () => {
    const email = newEmail();
    const first = await createInvitation(db, { actor: admin, input: { email, role: "agent" } });
    const second = await createInvitation(db, { actor: admin, input: { email, role: "supervisor" } });
    expect(await viewInvitation(db, { token: first.token })).toEqual({ state: "revoked" });
    expect((await listPendingInvitations(db, { orgId: org.orgId })).filter((i) => i.email === email).map((i) => i.role)).toEqual(["supervisor"]);
    await expectUserError(acceptInvitation(db, { input: { token: first.token, name: "X", password: "a-long-password" } }), 410);
    await acceptInvitation(db, { input: { token: second.token, name: "X", password: "a-long-password" } });
    expect(await membershipsOf(email)).toEqual([{ role: "supervisor" }]);
  });

  it("inviting someone who is already a member is refused (409), also when deactivated, and writes nothing", async () => {
    const fresh = await seedTestOrg(db);
    const freshOwner = await signInAs(db, fresh, "owner");
    await setMemberStatus(db, { actor: freshOwner, input: { userId: await userIdOf(db, fresh, "agent"), status: "deactivated" } });
    const before = await orgState(fresh.orgId);
    await expectUserError(createInvitation(db, { actor: freshOwner, input: { email: `ADMIN@${fresh.emailDomain}`, role: "agent" } }), 409, /already a member/);
    await expectUserError(createInvitation(db, { actor: freshOwner, input: { email: `agent@${fresh.emailDomain}`, role: "agent" } }), 409, /reactivate/);
    expect(await orgState(fresh.orgId)).toEqual(before);
  });

  it("a new invitee's password must have 10+ characters (field error on `password`); nothing is created and the link stays usable", async () => {
    const { token, email } = await createInvitation(db, { actor: admin, input: { email: newEmail(), role: "agent" } });
    await expectZodError(acceptInvitation(db, { input: { token, name: "Short", password: "nine-char" } }), "password");
    await expectZodError(acceptInvitation(db, { input: { token, password: "a-long-password" } }), "name");
    expect(await usersWithEmail(email)).toBe(0);
    expect(await viewInvitation(db, { token })).toMatchObject({ state: "valid" });
    await acceptInvitation(db, { input: { token, name: "Long enough", password: "ten-chars!" } });
    expect(await verifyCredentials(db, { email, password: "ten-chars!" })).toMatchObject({ orgId: org.orgId, role: "agent" });
  });

  it("refuses a malformed email or role with a field error", async () => {
    const before = await orgState(org.orgId);
    await expectZodError(createInvitation(db, { actor: admin, input: { email: "not-an-email", role: "agent" } }), "email");
    await expectZodError(createInvitation(db, { actor: admin, input: { email: newEmail(), role: "superuser" } }), "role");
    expect(await orgState(org.orgId)).toEqual(before);
  });
});

describe("invitation email", () => {
  type Received = { from: string | undefined; to: string[]; raw: string };
  const received: Received[] = [];
  let smtp: SMTPServer;
  let smtpUrl: string;
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(resolve)));

  /** The message's unfolded headers and decoded text body. */
  function parse(raw: string): { headers: Record<string, string>; body: string } {
    const split = raw.indexOf("\r\n\r\n");
    const headers: Record<string, string> = {};
    for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    let body = raw.slice(split + 4);
    const encoding = headers["content-transfer-encoding"]?.toLowerCase();
    if (encoding === "quoted-printable") {
      body = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    } else if (encoding === "base64") {
      body = Buffer.from(body, "base64").toString("utf8");
    }
    return { headers, body };
  }

  it("delivers the link to the invitee with who invited them, to which org and role", async () => {
    const org = await seedTestOrg(db);
    const admin = await signInAs(db, org, "admin");
    const invite = await createInvitation(db, { actor: admin, input: { email: newInviteeEmail(), role: "supervisor" } });
    const link = `https://tandem.example.com/invite/${invite.token}`;
    await sendInvitationEmail({
      smtpUrl, from: "Tandem <no-reply@tandem.example.com>", to: invite.email, orgName: admin.orgName, inviterName: admin.name,
      role: invite.role, link, expiresAt: invite.expiresAt,
    });

    const message = received.find((m) => m.to.includes(invite.email));
    expect(message, "message received by the SMTP server").toBeDefined();
    expect(message!.from).toBe("no-reply@tandem.example.com");
    const { headers, body } = parse(message!.raw);
    expect(headers.to).toBe(invite.email);
    expect(headers.subject).toBe(`Budi Santoso invited you to ${admin.orgName} on Tandem`);
    expect(body).toContain(link);
    expect(body).toContain("as supervisor");
    expect(body).toContain(invite.expiresAt.toISOString().slice(0, 10));
    // the link from the email really opens the invitation
    expect(await viewInvitation(db, { token: body.match(/\/invite\/([\w-]+)/)![1]! })).toMatchObject({ state: "valid", email: invite.email });
  });

  it("is written in the organization's language for an Indonesian org (issue 19)", async () => {
    const org = await seedTestOrg(db);
    const admin = await signInAs(db, org, "admin");
    const invite = await createInvitation(db, { actor: admin, input: { email: newInviteeEmail(), role: "agent" } });
    const link = `https://tandem.example.com/invite/${invite.token}`;
    await sendInvitationEmail({
      smtpUrl, from: "no-reply@tandem.example.com", to: invite.email, orgName: admin.orgName, inviterName: admin.name,
      role: invite.role, link, expiresAt: invite.expiresAt, language: "id",
    });
    const message = received.find((m) => m.to.includes(invite.email));
    const { headers, body } = parse(message!.raw);
    expect(headers.subject).toBe(`Budi Santoso mengundang Anda ke ${admin.orgName} di Tandem`);
    expect(body).toContain("sebagai agen");
    expect(body).toContain(link);
  });

  it("reports an unreachable mail server to the caller", async () => {
    const closed = new SMTPServer({ authOptional: true, logger: false });
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(resolve));
    await expect(
      sendInvitationEmail({
        smtpUrl: `smtp://127.0.0.1:${port}`, from: "no-reply@tandem.example.com", to: "x@example.test", orgName: "Org", inviterName: "Me",
        role: "agent", link: "https://tandem.example.com/invite/abc", expiresAt: new Date(),
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});

function newInviteeEmail(): string {
  return `mail-${randomUUID().slice(0, 8)}@example.test`;
}
