import { getDb } from "@/db/client";
import { purgeChatwootContent } from "@/lib/chatwoot/purge";
import { forgetOldDeliveries } from "@/lib/chatwoot/receive-webhook";
import { reconcileChatwoot } from "@/lib/chatwoot/reconcile";
import { inngest } from "../client";

/** Every 5 minutes: picks up Chatwoot messages whose webhook never arrived (004_… §9). */
export const reconcileChatwootFn = inngest.createFunction(
  { id: "reconcile-chatwoot", triggers: [{ cron: "*/5 * * * *" }], concurrency: { limit: 1 } },
  // recovered drafts have no per-approval timer: the 5-minute sweep fires their timeouts (at most 5 minutes late)
  async ({ step }) =>
    step.run("reconcile", async () => (await reconcileChatwoot(await getDb())).map((r) => ({ linkId: r.linkId, conversations: r.conversations, recovered: r.recovered.length, error: r.error ?? null }))),
);

/**
 * Nightly: removes Chatwoot customer content and PII older than 90 days, keeping the anonymous metrics (004_… §12),
 * and forgets webhook delivery ids older than a week.
 */
export const purgeChatwootContentFn = inngest.createFunction(
  { id: "purge-chatwoot-content", triggers: [{ cron: "TZ=Asia/Jakarta 30 2 * * *" }] },
  async ({ step }) =>
    step.run("purge", async () => {
      const db = await getDb();
      await forgetOldDeliveries(db);
      return purgeChatwootContent(db);
    }),
);
