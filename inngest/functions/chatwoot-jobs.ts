import { scheduledFunction } from "./scheduled-jobs";

/**
 * Every 5 minutes: picks up Chatwoot messages whose webhook never arrived (004_… §9); recovered drafts have no
 * per-approval timer: the every-minute sweep fires their timeouts.
 */
export const reconcileChatwootFn = scheduledFunction("reconcile-chatwoot");

/**
 * Nightly: removes Chatwoot customer content and PII older than 90 days, keeping the anonymous metrics (004_… §12),
 * and forgets webhook delivery ids older than a week.
 */
export const purgeChatwootContentFn = scheduledFunction("purge-chatwoot-content");
