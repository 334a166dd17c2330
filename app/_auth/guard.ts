/**
 * The server-side role guard used by every page, server action and non-webhook route.
 * Pages/actions: unauthenticated (or revoked session, deactivated member) → redirect to /login with the page asked for
 * as `callbackUrl` (see proxy.ts); wrong role →
 * forbidden() (app/forbidden.tsx, 403). Routes: {@link guardRoute} answers 401/403 JSON instead.
 */
import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { forbidden, notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { loadSessionMember, type Membership } from "@/lib/auth/sessions";
import { REQUEST_PATH_HEADER, safeCallbackPath } from "@/lib/auth/callback-path";
import { canAccess, type Area } from "@/lib/auth/roles";
import { crossSiteRefusal } from "@/lib/http/same-origin";
import { auth } from "./auth";

/**
 * The signed-in member of the session's active org, or null (signed out, revoked or deactivated). Read once per
 * request (React `cache`): the layout, the page and the language configuration share it.
 */
export const currentMember = cache(async (): Promise<Membership | null> => {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.sid) return null;
  return loadSessionMember(await getDb(), { sessionId: user.sid, userId: user.id });
});

/**
 * The signed-in member, with role and org read fresh from the database.
 * @param area when given, the member's role must be allowed in it
 */
export async function requireMember(area?: Area): Promise<Membership> {
  const member = await currentMember();
  if (!member) {
    // back to the page asked for after signing in (a deep link survives sign-in; same origin only)
    const back = safeCallbackPath((await headers()).get(REQUEST_PATH_HEADER));
    redirect(back && back !== "/" ? `/login?callbackUrl=${encodeURIComponent(back)}` : "/login");
  }
  if (area && !canAccess(member.role, area)) forbidden();
  return member;
}

/**
 * Like {@link requireMember}, but a role outside `area` gets "not found" instead of a 403: for areas whose entry
 * simply doesn't exist for other roles (reports — 001_… IMPACT-S01-NEG NEG-2: "no 403 surfaced").
 */
export async function requireMemberOrNotFound(area: Area): Promise<Membership> {
  const member = await requireMember();
  if (!canAccess(member.role, area)) notFound();
  return member;
}

/**
 * For route handlers: the member, or a 401/403 Response to return as is.
 */
export async function guardRoute(area: Area): Promise<Membership | Response> {
  const member = await currentMember();
  if (!member) return Response.json({ error: "Sign in required" }, { status: 401 });
  if (!canAccess(member.role, area)) return Response.json({ error: "Not available for your role" }, { status: 403 });
  return member;
}

/**
 * For route handlers that change state (POST/PUT/DELETE): a cross-site request is refused (403) before the session is
 * read (lib/http/same-origin.ts), then as {@link guardRoute}.
 */
export async function guardWriteRoute(request: Request, area: Area): Promise<Membership | Response> {
  return crossSiteRefusal(request) ?? guardRoute(area);
}
