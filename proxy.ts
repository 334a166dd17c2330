import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER } from "@/lib/auth/callback-path";

/**
 * Passes each page request's path and query to the server components (header `x-tandem-path`), so a signed-out visit
 * to a deep link is sent to `/login?callbackUrl=…` and comes back to it after signing in (app/_auth/guard.ts).
 * Nothing else: authentication and roles are checked on the server, page by page.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // pages only: not the API, webhooks, Next's assets or static files
  matcher: ["/((?!api/|_next/|favicon.ico|sw.js|.*\\.[a-z0-9]+$).*)"],
};
