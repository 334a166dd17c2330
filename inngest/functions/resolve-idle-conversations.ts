import { scheduledFunction } from "./scheduled-jobs";

/** Every 5 min: bot conversations silent past the agent's idle window close (as silence, issue 15), 002_…. */
export const resolveIdleConversationsFn = scheduledFunction("resolve-idle-conversations");
