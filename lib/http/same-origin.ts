/**
 * Cross-site write refusal for cookie-authenticated routes (issue 17 item 8): a browser sends `Origin` with every
 * POST/PUT/DELETE, so a write whose `Origin` is another site (or the opaque `null` of a sandboxed frame or a
 * redirect) is refused before the session is even read. Requests without `Origin` come from non-browser clients and
 * are judged by `Sec-Fetch-Site` when a browser sent that instead. Server actions get the same check from Next.
 */

/** The host the request was sent to, as the browser saw it (`X-Forwarded-Host` behind a proxy). */
function requestHost(request: Request): string {
  return request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || new URL(request.url).host;
}

/**
 * Whether `request` comes from this site (or from a non-browser client).
 * @returns false for another origin, an opaque `null` origin, a malformed one, or `Sec-Fetch-Site: cross-site`/`same-site`
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) {
    const site = request.headers.get("sec-fetch-site");
    return site === null || site === "same-origin" || site === "none";
  }
  try {
    return new URL(origin).host === requestHost(request);
  } catch {
    return false;
  }
}

/** A 403 `{ error }` for a cross-site write, or null when the request may go on. */
export function crossSiteRefusal(request: Request): Response | null {
  return isSameOrigin(request) ? null : Response.json({ error: "Cross-site request refused" }, { status: 403 });
}
