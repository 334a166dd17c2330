/**
 * Server-side sessions. The session cookie (an Auth.js JWT) carries only the user id and the id of a
 * `user_sessions` row; everything else — the active org, the role, whether the membership is still active,
 * whether the session was revoked — is read from the database on every request, so a revoked session, a
 * deactivated member or a changed role takes effect at the next request.
 */
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, organizations, userSessions, users } from "@/db/schema";
import { z } from "zod";
import { UserError } from "@/lib/errors/user-error";
import { intlLocaleFor, resolveUiLanguage, type UiLanguage } from "@/lib/i18n/ui-language";
import type { Role } from "./roles";
import { say } from "@/lib/i18n/language-scope";

export type Membership = {
  userId: string;
  sessionId: string;
  name: string;
  email: string;
  orgId: string;
  orgName: string;
  timezone: string;
  /**
   * The Intl locale every date, number and rupiah amount is formatted with: the member's language with the org's
   * region (lib/i18n/ui-language.ts `intlLocaleFor`, e.g. `id-ID`, or `en-ID` for an English reader in an Indonesian org)
   */
  locale: string;
  /** the organization's own locale as set in Settings › Organization, e.g. `id-ID` */
  orgLocale: string;
  /** the language the console speaks to this member: their profile choice, else the org's (issue 19 item 1) */
  uiLanguage: UiLanguage;
  role: Role;
  /** online/offline for human-arm auto-assignment (agents) */
  availability: "online" | "offline";
};

/** "Last seen" is written at most once per this many ms per session (keeps reads cheap). */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * Opens a session for a user who just signed in.
 * @returns the new session id (goes into the JWT)
 */
export async function startSession(
  db: Db,
  { userId, orgId, userAgent }: { userId: string; orgId: string; userAgent?: string | null },
): Promise<string> {
  const [row] = await db
    .insert(userSessions)
    .values({ userId, activeOrgId: orgId, userAgent: userAgent?.slice(0, 300) ?? null })
    .returning({ id: userSessions.id });
  await db.update(memberships).set({ lastSeenAt: new Date() }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row!.id;
}

/**
 * The member behind a session: the session must exist, belong to `userId` and not be revoked, and the user's
 * membership in the session's active org must be active. Refreshes "last seen" (at most once a minute).
 * @returns null when any of that fails (the caller treats it as signed out)
 */
export async function loadSessionMember(
  db: Db,
  { sessionId, userId }: { sessionId: string; userId: string },
): Promise<Membership | null> {
  if (!isUuid(sessionId) || !isUuid(userId)) return null;
  const [row] = await db
    .select({
      userId: users.id,
      sessionId: userSessions.id,
      name: users.name,
      email: users.email,
      orgId: organizations.id,
      orgName: organizations.name,
      timezone: organizations.timezone,
      orgLocale: organizations.locale,
      chosenLanguage: users.uiLanguage,
      role: memberships.role,
      availability: memberships.availability,
      lastSeenAt: userSessions.lastSeenAt,
    })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .innerJoin(memberships, and(eq(memberships.userId, userSessions.userId), eq(memberships.orgId, userSessions.activeOrgId)))
    .innerJoin(organizations, eq(organizations.id, userSessions.activeOrgId))
    .where(
      and(
        eq(userSessions.id, sessionId),
        eq(userSessions.userId, userId),
        isNull(userSessions.revokedAt),
        eq(memberships.status, "active"),
      ),
    )
    .limit(1);
  if (!row) return null;
  const { lastSeenAt, chosenLanguage, ...rest } = row;
  const uiLanguage = resolveUiLanguage(chosenLanguage, rest.orgLocale);
  const member: Membership = { ...rest, uiLanguage, locale: intlLocaleFor(uiLanguage, rest.orgLocale) };
  if (Date.now() - lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) await touch(db, member);
  return member;
}

async function touch(db: Db, member: Membership): Promise<void> {
  const now = new Date();
  await db.update(userSessions).set({ lastSeenAt: now }).where(eq(userSessions.id, member.sessionId));
  await db
    .update(memberships)
    .set({ lastSeenAt: now })
    .where(and(eq(memberships.orgId, member.orgId), eq(memberships.userId, member.userId)));
}

/** Ends one session (sign out). */
export async function revokeSession(db: Db, { sessionId }: { sessionId: string }): Promise<void> {
  if (!isUuid(sessionId)) return;
  await db.update(userSessions).set({ revokedAt: new Date() }).where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)));
}

/**
 * "Sign out of other sessions": revokes every open session of the user except `keepSessionId`.
 * @returns how many sessions were ended
 */
export async function revokeOtherSessions(
  db: Db,
  { userId, keepSessionId }: { userId: string; keepSessionId: string },
): Promise<number> {
  const ended = await db
    .update(userSessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(userSessions.userId, userId), ne(userSessions.id, keepSessionId), isNull(userSessions.revokedAt)))
    .returning({ id: userSessions.id });
  return ended.length;
}

/** How many other open sessions the user has (for the profile page). */
export function countOtherSessions(db: Db, { userId, keepSessionId }: { userId: string; keepSessionId: string }) {
  return db
    .select({ count: sql<number>`count(*)::int` })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), ne(userSessions.id, keepSessionId), isNull(userSessions.revokedAt)))
    .then(([r]) => r?.count ?? 0);
}

/** The organizations in which the user has an active membership, by name. */
export function listUserOrganizations(db: Db, { userId }: { userId: string }) {
  return db
    .select({ orgId: organizations.id, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, "active")))
    .orderBy(asc(organizations.name));
}

/**
 * Makes `orgId` the session's active organization; every later query follows it.
 * @throws UserError 404 when the user has no active membership there
 */
export async function switchOrganization(
  db: Db,
  { sessionId, userId, orgId }: { sessionId: string; userId: string; orgId: string },
): Promise<void> {
  if (!isUuid(orgId)) throw new UserError(say("auth.orgNotAvailable"), 404);
  await db.transaction(async (tx) => {
    const [member] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.userId, userId), eq(memberships.orgId, orgId), eq(memberships.status, "active")))
      .limit(1);
    if (!member) throw new UserError(say("auth.orgNotAvailable"), 404);
    await tx
      .update(userSessions)
      .set({ activeOrgId: orgId })
      .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
  });
}

const isUuid = (s: string) => z.uuid().safeParse(s).success;
