import { getDb } from "@/db/client";
import { emitAlertPushes, emitMessageReceived } from "@/inngest/emit";
import { answer503WhenDatabaseDown } from "@/lib/errors/database-unavailable";
import { deliverLateReply } from "@/lib/ingest/deliver-reply";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";

export const dynamic = "force-dynamic";

/** Signed customer messages from a channel (Standard Webhooks). See lib/ingest/handle-incoming-message.ts. */
export async function POST(request: Request): Promise<Response> {
  const db = await getDb();
  // 503 + Retry-After while PostgreSQL is unreachable: the channel keeps the message and retries
  return answer503WhenDatabaseDown("incoming-message", () =>
    handleIncomingMessage(db, request, {
      afterCommit: (result) => emitMessageReceived(db, result),
      // a reply that missed the webhook's budget: its alert pushes, and the reply to the channel's outbound URL
      afterLateReply: async (late) => {
        await emitAlertPushes(db, late.pushes);
        await deliverLateReply(db, late);
      },
    }),
  );
}
