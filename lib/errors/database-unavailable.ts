/**
 * Telling "the database cannot be reached" apart from every other failure (issue 16 item 5), so a webhook answers
 * 503 with `Retry-After` — the sender keeps the delivery and retries — instead of a 500. The transaction that failed
 * wrote nothing; postgres.js reconnects by itself once the server is back, so no restart is needed.
 */

/** Seconds a sender is asked to wait before retrying. */
export const RETRY_AFTER_SECONDS = 30;

/**
 * Node socket errors, postgres.js connection errors, and PostgreSQL's "shutting down / not accepting connections /
 * too many connections" SQLSTATEs.
 */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE",
  "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT",
  "57P01", "57P02", "57P03", "53300",
]);

/**
 * Whether `error` (or one of its causes: drizzle wraps driver errors) says the database is unreachable. SQLSTATE
 * class 08 (connection exception) counts too.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The 503 a webhook answers while the database is unreachable. */
export function databaseUnavailableResponse(): Response {
  return Response.json({ error: "Tandem cannot reach its database right now; nothing was stored. Retry later." }, { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } });
}

/**
 * Runs a webhook handler; when it fails because the database is unreachable, answers 503 with `Retry-After` (and
 * logs one line without the request's content). Any other failure is rethrown (a 500).
 */
export async function answer503WhenDatabaseDown(endpoint: string, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    console.warn(`[${endpoint}] database unreachable: answered 503`);
    return databaseUnavailableResponse();
  }
}
