/** The header every webhook answer carries: never cached, never compressed by the server (Next honours `no-transform`). */
export const WEBHOOK_ANSWER_CACHE_CONTROL = "no-store, no-transform";

/**
 * A webhook's JSON answer (channel webhooks, Chatwoot): never cached, and never compressed by the server. The answers
 * are small and read once by a machine; gzip on every one cost `next start` about a fifth of its webhook throughput
 * (bench:ingest --server, 1 org, c=32, 2026-12-04: `next start` at 78–81 % of in-process with it, 91–107 % without,
 * alternating runs on one build, with prepared statements; one full run that evening: 80–87 %).
 * @param status HTTP status
 * @param body serialized with `JSON.stringify`
 * @param headers extra headers (they may not override Cache-Control)
 */
export function webhookJson(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...headers, "Cache-Control": WEBHOOK_ANSWER_CACHE_CONTROL } });
}
