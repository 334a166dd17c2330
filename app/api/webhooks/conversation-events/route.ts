import { getDb } from "@/db/client";
import { answer503WhenDatabaseDown } from "@/lib/errors/database-unavailable";
import { handleConversationEvent } from "@/lib/ingest/handle-conversation-event";

export const dynamic = "force-dynamic";

/** Signed helpdesk events (Standard Webhooks). See lib/ingest/handle-conversation-event.ts. */
export async function POST(request: Request): Promise<Response> {
  const db = await getDb();
  // 503 + Retry-After while PostgreSQL is unreachable: the helpdesk keeps the event and retries
  return answer503WhenDatabaseDown("conversation-events", () => handleConversationEvent(db, request));
}
