/**
 * Invitations (issue 8, Members): an admin adds a member by email + role and gets a link, valid for 7 days and
 * usable once, that lets the invitee set a password (or, if they already have a Tandem account, join with it).
 * Only the SHA-256 of the link's token is stored.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { invitations, memberships, organizations, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { newPasswordSchema } from "@/lib/auth/password-policy";
import { requireCapability, ROLES, type Role } from "@/lib/auth/roles";
import { countClientFailure, waitFor, waitInWords } from "@/lib/auth/attempt-limits";
import { lockedFor, recordSignInFailure } from "@/lib/auth/login-throttle";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { assertCanAssignRole } from "./role-rules";
import { say, localized, type ErrorKey } from "@/lib/i18n/language-scope";

/** How long an invitation link works, in ms (7 days). */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export const inviteSchema = z.object({
  email: z.email(localized("members.emailInvalid")).max(320).transform((e) => e.toLowerCase()),
  role: z.enum(ROLES, localized("members.chooseRole")),
});

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Creates an invitation (replacing any open one for the same email) and returns the raw token once.
 * @returns `{ token, email, role, expiresAt }` — build the link as `/invite/{token}`
 * @throws UserError 403 (role rules), 409 (already a member); ZodError for a bad email/role
 */
export async function createInvitation(
  db: Db,
  { actor, input, now = new Date() }: { actor: Membership; input: unknown; now?: Date },
): Promise<{ token: string; email: string; role: Role; expiresAt: Date }> {
  const { email, role } = inviteSchema.parse(input);
  assertCanAssignRole(actor.role, null, role);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ status: memberships.status })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, actor.orgId), eq(users.email, email)))
      .limit(1);
    if (existing) {
      throw new UserError(
        existing.status === "active" ? say("members.alreadyMember", { email }) : say("members.deactivatedMember", { email }),
        409,
      );
    }
    const replaced = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.orgId, actor.orgId), eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id, role: invitations.role });
    for (const previous of replaced) {
      // re-inviting must not become a way around "only an owner can revoke an owner invitation"
      if (previous.role === "owner") requireCapability(actor, "manageOwners", "roles.replaceOwnerInvitation");
      await recordAudit(tx, { actor, area: "members", action: "member.invitation_revoked", targetId: previous.id, targetLabel: email, changes: { replaced_by_new_invitation: { from: null, to: true } } });
    }
    const [row] = await tx
      .insert(invitations)
      .values({ orgId: actor.orgId, email, role, tokenHash: tokenHash(token), invitedBy: actor.userId, createdAt: now, expiresAt })
      .returning({ id: invitations.id });
    await recordAudit(tx, { actor, area: "members", action: "member.invited", targetId: row!.id, targetLabel: email, changes: { role: { from: null, to: role } } });
  });
  return { token, email, role, expiresAt };
}

/**
 * Revokes an open invitation of the actor's org.
 * @throws UserError 404 when there is no such open invitation in the org
 */
export async function revokeInvitation(db: Db, { actor, invitationId }: { actor: Membership; invitationId: string }): Promise<void> {
  requireCapability(actor, "manageMembers", "roles.manageMembers");
  if (!z.uuid().safeParse(invitationId).success) throw new UserError(say("members.invitationNotFound"), 404);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, invitationId), eq(invitations.orgId, actor.orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ email: invitations.email, role: invitations.role });
    if (!row) throw new UserError(say("members.invitationNotFound"), 404);
    if (row.role === "owner") requireCapability(actor, "manageOwners", "roles.revokeOwnerInvitation");
    await recordAudit(tx, { actor, area: "members", action: "member.invitation_revoked", targetId: invitationId, targetLabel: row.email });
  });
}

export type InvitationView =
  | { state: "valid"; orgName: string; email: string; role: Role; expiresAt: Date; hasAccount: boolean }
  | { state: "expired" | "used" | "revoked" | "unknown" };

/** What the invite page shows for a token (never throws). */
export async function viewInvitation(db: Db, { token, now = new Date() }: { token: string; now?: Date }): Promise<InvitationView> {
  if (!token || token.length > 100) return { state: "unknown" };
  const [row] = await db
    .select({
      orgName: organizations.name, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt,
      hasAccount: sql<boolean>`exists (select 1 from ${users} where ${users.email} = ${invitations.email})`,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, tokenHash(token)))
    .limit(1);
  if (!row) return { state: "unknown" };
  if (row.acceptedAt) return { state: "used" };
  if (row.revokedAt) return { state: "revoked" };
  if (row.expiresAt <= now) return { state: "expired" };
  return { state: "valid", orgName: row.orgName, email: row.email, role: row.role, expiresAt: row.expiresAt, hasAccount: row.hasAccount };
}

export const acceptInvitationSchema = z.object({
  token: z.string().min(1).max(100),
  name: z.string().trim().min(1, localized("members.nameRequired")).max(120).optional(),
  password: z.string().min(1, localized("members.passwordRequired")).max(200),
});

/** Why a link no longer works, as the catalogue key of its sentence (said when refused, in the reader's language). */
const INVALID_LINK = {
  expired: "members.invalidLink.expired",
  used: "members.invalidLink.used",
  revoked: "members.invalidLink.revoked",
  unknown: "members.invalidLink.unknown",
} as const satisfies Record<Exclude<InvitationView["state"], "valid">, ErrorKey>;

/**
 * Accepts an invitation, once: a new invitee sets their name and password (policy: 10+ characters); someone
 * who already has an account confirms with their current password and gains the membership. Consuming the
 * token is one conditional UPDATE, so two simultaneous submits cannot both succeed.
 * @returns the email to sign in with
 * Unknown or spent links and wrong passwords count against the client address (lib/auth/attempt-limits.ts): past
 * the limit every try waits for the window to end, so links cannot be guessed and accounts cannot be tried.
 * @param client the caller's address
 * @throws UserError 410 (expired/used/revoked/unknown link), 400 (wrong existing-account password, counted against
 *   that account as a failed sign-in), 429 past the address limit or while the account's sign-in is locked;
 *   ZodError for bad fields
 */
export async function acceptInvitation(db: Db, { input, now = new Date(), client = "unknown" }: { input: unknown; now?: Date; client?: string }): Promise<{ email: string }> {
  const wait = await waitFor(db, "client", client);
  if (wait > 0) throw new UserError(say("members.tooManyAttempts", { wait: waitInWords(wait) }), 429);
  const { token, name, password } = acceptInvitationSchema.parse(input);
  try {
    return await acceptOnce(db, { token, name, password, now });
  } catch (error) {
    // a wrong existing-account password counts against that account like a failed sign-in (after the rollback)
    if (error instanceof WrongAccountPassword) await recordSignInFailure(db, error.email, now);
    if (error instanceof UserError && (error.status === 410 || error.status === 400)) await countClientFailure(db, client, error instanceof WrongAccountPassword ? { email: error.email } : {});
    throw error;
  }
}

/** The existing account's password was wrong: refused like any 400, and counted against `email` by the caller. */
class WrongAccountPassword extends UserError {
  constructor(readonly email: string) {
    super(say("members.wrongExistingPassword"), 400);
  }
}

async function acceptOnce(db: Db, { token, name, password, now }: { token: string; name?: string; password: string; now: Date }): Promise<{ email: string }> {
  return db.transaction(async (tx) => {
    const [invite] = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(and(eq(invitations.tokenHash, tokenHash(token)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
      .returning({ id: invitations.id, orgId: invitations.orgId, email: invitations.email, role: invitations.role });
    if (!invite) {
      const view = await viewInvitation(tx, { token, now });
      throw new UserError(say(INVALID_LINK[view.state === "valid" ? "used" : view.state]), 410);
    }
    const [existing] = await tx.select().from(users).where(eq(users.email, invite.email)).limit(1);
    let user: { id: string; name: string };
    if (existing) {
      // the account's sign-in lock holds here too: the invitation page is not a way around it
      const locked = await lockedFor(tx, invite.email, now);
      if (locked > 0) throw new UserError(say("members.accountLocked", { wait: waitInWords(locked) }), 429);
      if (!(await verifyPassword(password, existing.passwordHash))) throw new WrongAccountPassword(invite.email);
      user = existing;
    } else {
      const newPassword = newPasswordSchema.safeParse(password);
      if (!newPassword.success) throw new z.ZodError(newPassword.error.issues.map((i) => ({ ...i, path: ["password"] })));
      if (!name) throw new z.ZodError([{ code: "custom", message: say("members.nameRequired"), path: ["name"], input: name }]);
      [user] = (await tx.insert(users).values({ email: invite.email, name, passwordHash: await hashPassword(password) }).returning({ id: users.id, name: users.name })) as [typeof user];
    }
    const inserted = await tx
      .insert(memberships)
      .values({ orgId: invite.orgId, userId: user.id, role: invite.role })
      .onConflictDoNothing()
      .returning({ userId: memberships.userId });
    if (inserted.length === 0) throw new UserError(say("members.alreadyInOrg"), 409);
    await tx.update(invitations).set({ acceptedUserId: user.id }).where(eq(invitations.id, invite.id));
    await recordAudit(tx, {
      actor: { userId: user.id, name: user.name, orgId: invite.orgId }, area: "members", action: "member.joined",
      targetId: user.id, targetLabel: invite.email, changes: { role: { from: null, to: invite.role } },
    });
    return { email: invite.email };
  });
}
