/**
 * What each outbox topic does when it runs in-process (no Inngest engine configured). With an engine, a row is sent
 * as the Inngest event of its topic instead, and the function of `inngest/functions/` runs the same `lib/` call.
 */
import type { Db } from "@/db/client";
import { modelClientFromEnv } from "@/lib/agent/model-client";
import { deliverPush, pushToMembers } from "@/lib/alerts/deliver-push";
import { handleChatwootDelivery } from "@/lib/chatwoot/handle-delivery";
import type { OutboxPayload, OutboxTopic } from "./payloads";

/** The in-process work of a topic: its summary (shown nowhere yet, logged by tests), or a throw to retry later. */
export type OutboxHandler<T extends OutboxTopic> = (db: Db, payload: OutboxPayload<T>) => Promise<unknown>;

/**
 * The in-process handler per topic.
 * - `alerts/push.requested`: Web Push to every recipient device; a 429/5xx throws, so the row is retried with backoff
 *   (devices already reached are skipped).
 * - `chatwoot/event.received`: triage, draft and approval (idempotent on Chatwoot's message id).
 * - `members/push.requested`: one notification to every device of the members named (one attempt per device, logged).
 * - `approvals/approval.opened|decided`: nothing in-process — the approval's due times live in the database and the
 *   every-minute sweep of the schedule fires them; these rows exist for the engine's per-approval timer.
 */
export const OUTBOX_HANDLERS: { [T in OutboxTopic]: OutboxHandler<T> } = {
  "alerts/push.requested": (db, payload) => deliverPush(db, payload),
  "chatwoot/event.received": (db, payload) => handleChatwootDelivery(db, { linkId: payload.linkId, body: payload.body, model: modelClientFromEnv() }),
  "approvals/approval.opened": async () => ({ timer: "sweep" }),
  "approvals/approval.decided": async () => ({ timer: "sweep" }),
  "members/push.requested": (db, payload) => pushToMembers(db, payload),
};
