import { checkExperimentHealthFn } from "./check-experiment-health";
import { recordMessageReceivedFn } from "./record-message-received";

/** Every function served from /api/inngest. */
export const functions = [recordMessageReceivedFn, checkExperimentHealthFn];
