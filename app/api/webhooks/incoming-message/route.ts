import { getDb } from "@/db/client";
import { emitMessageReceived } from "@/inngest/emit";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";

export const dynamic = "force-dynamic";

/** Signed customer messages from a channel (Standard Webhooks). See lib/ingest/handle-incoming-message.ts. */
export async function POST(request: Request): Promise<Response> {
  const db = await getDb();
  return handleIncomingMessage(db, request, { afterCommit: (result) => emitMessageReceived(db, result) });
}
