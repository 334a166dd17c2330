import { scheduledFunction } from "./scheduled-jobs";

/**
 * Every minute: decides alerts a crash left undecided and sends every due outbox row to the engine — what a crash left
 * between a commit and its send, and retries (lib/outbox/, issue 16 item 2).
 */
export const dispatchOutboxFn = scheduledFunction("dispatch-outbox");
