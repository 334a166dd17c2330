import { scheduledFunction } from "./scheduled-jobs";

/**
 * Every minute: late replies whose delivery to the channel's outbound reply URL is due (e.g. after a restart lost the
 * in-process retry timers) are attempted again (lib/ingest/deliver-reply.ts, issue 14).
 */
export const retryReplyDeliveriesFn = scheduledFunction("retry-reply-deliveries");
