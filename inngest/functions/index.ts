import { aggregateImpactFn } from "./aggregate-impact";
import { approvalTimeoutFn, sweepApprovalTimeoutsFn } from "./approval-timeout";
import { checkExperimentHealthFn } from "./check-experiment-health";
import { purgeChatwootContentFn, reconcileChatwootFn } from "./chatwoot-jobs";
import { deliverAlertPushFn } from "./deliver-alert-push";
import { processChatwootEventFn } from "./process-chatwoot-event";
import { recordMessageReceivedFn } from "./record-message-received";
import { resolveIdleConversationsFn } from "./resolve-idle-conversations";
import { retryReplyDeliveriesFn } from "./retry-reply-deliveries";

/** Every function served from /api/inngest. */
export const functions = [recordMessageReceivedFn, checkExperimentHealthFn, resolveIdleConversationsFn, deliverAlertPushFn, aggregateImpactFn, processChatwootEventFn, approvalTimeoutFn, sweepApprovalTimeoutsFn, reconcileChatwootFn, purgeChatwootContentFn, retryReplyDeliveriesFn];
