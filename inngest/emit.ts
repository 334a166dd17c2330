/**
 * Sends events after commit. With no Inngest engine configured or reachable, the webhook still succeeds: the
 * analytics event is recorded in-process through the same lib/ function the Inngest function calls, and the
 * miss is logged.
 */
import type { Db } from "@/db/client";
import { recordIngestAnalytics, type MessageReceivedPayload } from "@/lib/events/message-received";
import type { IngestResult } from "@/lib/ingest/receive-message";
import { deliverPush } from "@/lib/alerts/deliver-push";
import { aggregateDaily } from "@/lib/impact/aggregate-daily";
import type { PushRequest } from "@/lib/alerts/raise-alert";
import { modelClientFromEnv } from "@/lib/agent/model-client";
import { handleChatwootDelivery } from "@/lib/chatwoot/handle-delivery";
import { fireApprovalTimeouts } from "@/lib/approvals/approval-timeouts";
import { recordSlaBreaches } from "@/lib/chatwoot/sla-breaches";
import { inngestConfigured } from "@/lib/config/inngest-configured";
import { alertPushRequested, approvalDecided, approvalOpened, chatwootEventReceived, inngest, messageReceived } from "./client";
import { errorMessage } from "@/lib/errors/error-message";

const SEND_TIMEOUT_MS = 2_000;

/**
 * Emits `conversation/message.received` for an ingest result (and its alert pushes), or records its analytics events directly when
 * Inngest is not configured or does not answer within 2 s.
 */
export async function emitMessageReceived(db: Db, result: IngestResult): Promise<void> {
  await emitAlertPushes(db, result.pushes);
  const data: MessageReceivedPayload = {
    org_id: result.orgId,
    conversation_id: result.response.conversation_id,
    message_id: result.response.message_id,
    channel_id: result.channelId,
    created_conversation: result.createdConversation,
    handled_by: result.response.handled_by,
    variant: result.response.variant,
    bot_percent: result.botPercent,
    reply_confidence: result.response.reply?.confidence ?? null,
  };
  if (inngestConfigured()) {
    try {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${SEND_TIMEOUT_MS} ms`)), SEND_TIMEOUT_MS).unref(),
      );
      await Promise.race([inngest.send(messageReceived.create(data)), timeout]);
      return;
    } catch (error) {
      console.warn(
        "[inngest] could not send conversation/message.received; recording in-process:",
        errorMessage(error),
      );
    }
  }
  await recordIngestAnalytics(db, data);
}

/**
 * Emits `alerts/push.requested` per push (the Inngest function delivers with retries); without a reachable Inngest
 * engine, delivers in-process in the background (one attempt, logged on failure) so the webhook is not held up.
 */
export async function emitAlertPushes(db: Db, pushes: PushRequest[]): Promise<void> {
  if (pushes.length === 0) return;
  if (inngestConfigured()) {
    try {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in ${SEND_TIMEOUT_MS} ms`)), SEND_TIMEOUT_MS).unref(),
      );
      // stable ids: Inngest drops a second send of the same push (a retry after a slow answer)
      await Promise.race([inngest.send(pushes.map((p) => ({ ...alertPushRequested.create(p), id: p.kind === "alert" ? `push:${p.alertId}` : `push:group:${p.groupId}` }))), timeout]);
      return;
    } catch (error) {
      console.warn("[inngest] could not send alerts/push.requested; delivering in-process:", errorMessage(error));
    }
  }
  for (const push of pushes) {
    void deliverPush(db, push).catch((error: unknown) => console.warn("[alerts] push delivery failed:", errorMessage(error)));
  }
}

/** The datamart is refreshed in-process when it is older than this and no Inngest engine runs the hourly job. */
const IMPACT_STALE_MS = 60 * 60 * 1000;

/**
 * Keeps the impact datamart fresh (≤ 1 h, 001_… §6) without an Inngest engine: when the org's datamart was last
 * computed more than an hour ago (or never), runs the hourly job's work for that org in-process. With Inngest
 * configured the hourly cron does it and this does nothing. Call it after the response (`after()`); failures are logged.
 */
export async function refreshImpactIfStale(db: Db, { orgId, updatedAt }: { orgId: string; updatedAt: Date | null }): Promise<void> {
  if (inngestConfigured()) return;
  if (updatedAt && Date.now() - updatedAt.getTime() < IMPACT_STALE_MS) return;
  try {
    await aggregateDaily(db, { orgId });
  } catch (error) {
    console.warn("[impact] in-process datamart refresh failed:", errorMessage(error));
  }
}

/**
 * Hands an accepted Chatwoot delivery to the Inngest function; without a reachable engine, processes it in-process
 * (call after the response, e.g. in `after()`), logging a failure.
 */
export async function emitChatwootEvent(db: Db, work: { linkId: string; deliveryId: string; body: string }): Promise<void> {
  if (inngestConfigured()) {
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${SEND_TIMEOUT_MS} ms`)), SEND_TIMEOUT_MS).unref());
      await Promise.race([inngest.send({ ...chatwootEventReceived.create(work), id: `chatwoot:${work.linkId}:${work.deliveryId}` }), timeout]);
      return;
    } catch (error) {
      console.warn("[inngest] could not send chatwoot/event.received; processing in-process:", errorMessage(error));
    }
  }
  try {
    const outcome = await handleChatwootDelivery(db, { linkId: work.linkId, body: work.body, model: modelClientFromEnv() });
    if (outcome.action === "drafted" && inngestConfigured()) {
      await inngest.send(approvalOpened.create({ approvalId: outcome.approvalId, orgId: outcome.orgId, operatorDueAt: outcome.operatorDueAt, managerDueAt: outcome.managerDueAt })).catch(() => undefined);
    }
  } catch (error) {
    console.error("[chatwoot] processing a delivery failed:", errorMessage(error));
  }
}

/** Cancels a decided approval's timer (best effort: firing checks the status anyway). */
export async function emitApprovalDecided(approvalId: string): Promise<void> {
  if (!inngestConfigured()) return;
  await inngest.send(approvalDecided.create({ approvalId })).catch((error: unknown) => console.warn("[inngest] could not send approvals/approval.decided:", errorMessage(error)));
}

/**
 * Without an Inngest engine (no timers, no sweep cron), fires due approval timeouts in-process; call after a response
 * (e.g. when the approvals queue is viewed). With Inngest this does nothing.
 */
export async function sweepApprovalTimeoutsWithoutInngest(db: Db): Promise<void> {
  if (inngestConfigured()) return;
  try {
    await fireApprovalTimeouts(db);
    await recordSlaBreaches(db);
  } catch (error) {
    console.warn("[approvals] in-process timeout sweep failed:", errorMessage(error));
  }
}
