import { getDb } from "@/db/client";
import { handleConversationEvent } from "@/lib/ingest/handle-conversation-event";

export const dynamic = "force-dynamic";

/** Signed helpdesk events (Standard Webhooks). See lib/ingest/handle-conversation-event.ts. */
export async function POST(request: Request): Promise<Response> {
  return handleConversationEvent(await getDb(), request);
}
