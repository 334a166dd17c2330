import { getDb } from "@/db/client";
import { answer503WhenDatabaseDown } from "@/lib/errors/database-unavailable";
import { deliverLateReply } from "@/lib/ingest/deliver-reply";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { kickOutbox } from "@/lib/outbox/run-outbox";
import { afterResponse } from "@/app/_lib/after-response";

export const dynamic = "force-dynamic";

/** Signed customer messages from a channel (Standard Webhooks). See lib/ingest/handle-incoming-message.ts. */
export async function POST(request: Request): Promise<Response> {
  const db = await getDb();
  // 503 + Retry-After while PostgreSQL is unreachable: the channel keeps the message and retries
  return answer503WhenDatabaseDown("incoming-message", () =>
    handleIncomingMessage(db, request, {
      // the alert pushes the message caused, committed to the outbox: dispatched once the webhook has answered
      afterCommit: async (result) => afterResponse("incoming-message", () => kickOutbox(db, result.outboxIds)),
      // a reply that missed the webhook's budget: its alert pushes, and the reply to the channel's outbound URL
      afterLateReply: async (late) => {
        // the reply first: its delivery was recorded claimed for this attempt (lib/ingest/deliver-reply.ts), and the
        // alert pushes (in-process, up to a push service's timeout each) must not eat into that claim
        await deliverLateReply(db, late);
        await kickOutbox(db, late.outboxIds);
      },
    }),
  );
}
