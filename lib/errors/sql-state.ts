/**
 * The PostgreSQL SQLSTATE of a database error (postgres.js or PGlite), looked for in the error and its causes (drizzle
 * wraps driver errors), e.g. `23505` for a unique violation; undefined when there is none (a network error, a bug).
 */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
