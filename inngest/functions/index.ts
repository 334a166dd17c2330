import { aggregateImpactFn } from "./aggregate-impact";
import { approvalTimeoutFn, sweepApprovalTimeoutsFn } from "./approval-timeout";
import { checkExperimentHealthFn } from "./check-experiment-health";
import { purgeChatwootContentFn, reconcileChatwootFn } from "./chatwoot-jobs";
import { deliverAlertPushFn } from "./deliver-alert-push";
import { dispatchOutboxFn } from "./dispatch-outbox";
import { processChatwootEventFn } from "./process-chatwoot-event";
import { pushToMembersFn } from "./push-to-members";
import { resolveIdleConversationsFn } from "./resolve-idle-conversations";
import { retryReplyDeliveriesFn } from "./retry-reply-deliveries";

/** Every function served from /api/inngest. */
export const functions = [checkExperimentHealthFn, resolveIdleConversationsFn, deliverAlertPushFn, aggregateImpactFn, processChatwootEventFn, approvalTimeoutFn, sweepApprovalTimeoutsFn, reconcileChatwootFn, purgeChatwootContentFn, retryReplyDeliveriesFn, dispatchOutboxFn, pushToMembersFn];
