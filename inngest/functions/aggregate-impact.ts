import { getDb } from "@/db/client";
import { aggregateDaily } from "@/lib/impact/aggregate-daily";
import { impactRecomputeRequested, inngest } from "../client";
import { cronTrigger, runTickFromInngest } from "./scheduled-jobs";

/**
 * Hourly (the schedule's `aggregate-impact`, freshness ≤ 1 h) and on `impact/recompute.requested`: the impact
 * datamart's last 3 local days for every org (or a requested org and range), then the 13-month purge (001_… datamart).
 */
export const aggregateImpactFn = inngest.createFunction(
  { id: "aggregate-impact", concurrency: { limit: 1 }, triggers: [cronTrigger("aggregate-impact"), impactRecomputeRequested] },
  async ({ event, step }) => {
    if (event?.name !== "impact/recompute.requested") return step.run("run", () => runTickFromInngest("aggregate-impact", event?.ts));
    const data = event.data as { orgId?: string; from?: string; to?: string };
    const result = await step.run("recompute-datamart", async () =>
      aggregateDaily(await getDb(), { orgId: data.orgId, range: data.from && data.to ? { from: data.from, to: data.to } : undefined }),
    );
    return { orgs: result.length, rows: result.reduce((s, r) => s + r.rows, 0) };
  },
);
