import type { Db } from "@/db/client";
import type { ModelClient } from "@/lib/agent/model-client";
import { chatwootClient } from "./client";
import { loadChatwootLink } from "./link";
import { parseChatwootPayload } from "./payloads";
import { processChatwootEvent, type ProcessOutcome } from "./process-event";

/**
 * The work of one accepted delivery (the Inngest function `process-chatwoot-event`, or in-process without Inngest):
 * loads the link, parses the body again and processes the event with the link's Chatwoot client.
 * @returns the outcome, or `{ action: "ignored" }` when the link is gone or the body is no longer understood
 */
export async function handleChatwootDelivery(
  db: Db,
  { linkId, body, model = null, fetchImpl }: { linkId: string; body: string; model?: ModelClient | null; fetchImpl?: typeof fetch },
): Promise<ProcessOutcome | { action: "ignored"; reason: "link_gone" | "not_processed" }> {
  const link = await loadChatwootLink(db, linkId);
  if (!link) return { action: "ignored", reason: "link_gone" };
  const parsed = parseChatwootPayload(body);
  if (parsed.kind !== "event") return { action: "ignored", reason: "not_processed" };
  return processChatwootEvent(db, { link, event: parsed.event, client: chatwootClient(link.credentials, fetchImpl), model });
}
