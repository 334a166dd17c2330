import { getDb } from "@/db/client";
import { answer503WhenDatabaseDown } from "@/lib/errors/database-unavailable";
import { receiveChatwootWebhook } from "@/lib/chatwoot/receive-webhook";
import { webhookJson } from "@/lib/http/webhook-json";
import { readBytesWithLimit } from "@/lib/ingest/read-body";
import { kickOutbox } from "@/lib/outbox/run-outbox";
import { afterResponse } from "@/app/_lib/after-response";

export const dynamic = "force-dynamic";

/** Largest delivery accepted (Chatwoot payloads are a few kB). */
const MAX_BODY_BYTES = 1_000_000;

/**
 * Chatwoot account webhook (004_… §7): verified, deduplicated and answered at once; the triage, draft and approval run
 * after the answer from the outbox row committed with the delivery (Inngest, or in-process without it; retried with
 * backoff, never lost). See lib/chatwoot/receive-webhook.ts for the answers. The raw
 * bytes are what the signature covers; at most 1 MB is read, even from a chunked upload.
 */
export async function POST(request: Request, { params }: { params: Promise<{ linkId: string }> }): Promise<Response> {
  const { linkId } = await params;
  const rawBody = await readBytesWithLimit(request, MAX_BODY_BYTES);
  if (!rawBody) return webhookJson(413, { ok: false, error: "Payload too large" });
  const db = await getDb();
  // 503 + Retry-After while PostgreSQL is unreachable: Chatwoot keeps the delivery and retries
  return answer503WhenDatabaseDown("chatwoot", async () => {
    const answer = await receiveChatwootWebhook(db, { linkId, headers: request.headers, rawBody });
    // the work was committed to the outbox with the delivery id: dispatched once the answer is out
    if (answer.outboxId) {
      const outboxId = answer.outboxId;
      afterResponse("chatwoot-webhook", () => kickOutbox(db, [outboxId]));
    }
    return webhookJson(answer.status, answer.body);
  });
}
