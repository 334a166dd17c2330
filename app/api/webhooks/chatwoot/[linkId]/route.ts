import { after } from "next/server";
import { getDb } from "@/db/client";
import { emitChatwootEvent } from "@/inngest/emit";
import { receiveChatwootWebhook } from "@/lib/chatwoot/receive-webhook";

export const dynamic = "force-dynamic";

/** Largest delivery accepted (Chatwoot payloads are a few kB). */
const MAX_BODY_BYTES = 1_000_000;

/** The body, read chunk by chunk and abandoned past `limit` bytes (a chunked upload has no Content-Length). */
async function readLimited(request: Request, limit: number): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Chatwoot account webhook (004_… §7): verified, deduplicated and answered at once; the triage, draft and approval run
 * after the answer (Inngest, or in-process without it). See lib/chatwoot/receive-webhook.ts for the answers.
 */
export async function POST(request: Request, { params }: { params: Promise<{ linkId: string }> }): Promise<Response> {
  const { linkId } = await params;
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) return Response.json({ ok: false, error: "Payload too large" }, { status: 413 });
  const rawBody = await readLimited(request, MAX_BODY_BYTES);
  if (!rawBody) return Response.json({ ok: false, error: "Payload too large" }, { status: 413 });
  const db = await getDb();
  const answer = await receiveChatwootWebhook(db, { linkId, headers: request.headers, rawBody });
  if (answer.work) {
    const work = answer.work;
    after(() => emitChatwootEvent(db, work));
  }
  return Response.json(answer.body, { status: answer.status });
}
