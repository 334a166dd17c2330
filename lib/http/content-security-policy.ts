/**
 * The pages' Content Security Policy (issue 17 item 8), built per request by the proxy with a fresh nonce: scripts run
 * only with that nonce (Next puts it on its own scripts) or when loaded by such a script (`'strict-dynamic'`), so an
 * injected `<script>` or inline handler does not run. Styles may be inline (style attributes of the chart library);
 * everything else is this origin only; no framing, no plugins, forms and `<base>` to this origin only.
 */

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * @param dev allow `eval` for React's development tooling (never in production)
 * @returns the header value
 */
export function contentSecurityPolicy(nonce: string, { dev = false }: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
