import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER } from "@/lib/auth/callback-path";
import { contentSecurityPolicy, newNonce } from "@/lib/http/content-security-policy";

/**
 * For every page request:
 * - passes the path and query to the server components (header `x-tandem-path`), so a signed-out visit to a deep link
 *   is sent to `/login?callbackUrl=…` and comes back to it after signing in (app/_auth/guard.ts);
 * - sets the page's Content Security Policy with a fresh nonce (lib/http/content-security-policy.ts), on the request
 *   (Next reads the nonce from it and puts it on its scripts) and on the response.
 * Nothing else: authentication and roles are checked on the server, page by page.
 */
export function proxy(request: NextRequest) {
  const csp = contentSecurityPolicy(newNonce(), { dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // pages only: not the API, webhooks, Next's assets or static files
  matcher: ["/((?!api/|_next/|favicon.ico|sw.js|.*\\.[a-z0-9]+$).*)"],
};
