/**
 * What a log line (or a stored failure, e.g. a job run's error) may say about an error: its message — for a failed
 * database query, the database's own reason, never drizzle's "Failed query: <SQL> params: <values>" wrapper, whose
 * parameters carry customer text and emails (issue 17). At most `max` characters (the first ones).
 */
export function errorMessage(error: unknown, max = 300): string {
  let current: unknown = error;
  // drizzle wraps the driver's error: report the cause instead of the query and its parameters
  for (let depth = 0; depth < 5 && current instanceof Error && current.message.startsWith("Failed query:") && current.cause !== undefined; depth++) current = current.cause;
  const text = current instanceof Error ? current.message : typeof current === "string" ? current : String(current);
  // a message still quoting the query (no cause to report) keeps only its first line, never the parameters
  const safe = text.startsWith("Failed query:") ? "a database query failed" : text;
  return safe.slice(0, max);
}
