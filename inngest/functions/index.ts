import { aggregateImpactFn } from "./aggregate-impact";
import { checkExperimentHealthFn } from "./check-experiment-health";
import { deliverAlertPushFn } from "./deliver-alert-push";
import { recordMessageReceivedFn } from "./record-message-received";
import { resolveIdleConversationsFn } from "./resolve-idle-conversations";

/** Every function served from /api/inngest. */
export const functions = [recordMessageReceivedFn, checkExperimentHealthFn, resolveIdleConversationsFn, deliverAlertPushFn, aggregateImpactFn];
