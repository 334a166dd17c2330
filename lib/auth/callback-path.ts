/**
 * Where to go after signing in (issue 19 item 3: deep links survive sign-in, never to another origin).
 * Accepts only a same-origin path: it must start with one "/", hold no backslash or control character, and resolve
 * to the same origin; "//evil.example", "/\\evil.example", "https://…", "javascript:…" and anything over 2,000
 * characters are refused. The login page itself is refused too (it would loop).
 * @param value the `callbackUrl` as received (any type)
 * @returns the path with its query and hash (e.g. `/reports/bot-vs-human?range=7`), or null when unsafe
 */
export function safeCallbackPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2_000) return null;
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(value)) return null;
  const base = "http://tandem.invalid";
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  if (url.pathname === "/login" || url.pathname.startsWith("/login/")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The request header the proxy (`proxy.ts`) sets to the page's path and query, for the sign-in redirect. */
export const REQUEST_PATH_HEADER = "x-tandem-path";
