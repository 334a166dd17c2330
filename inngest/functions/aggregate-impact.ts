import { getDb } from "@/db/client";
import { aggregateDaily } from "@/lib/impact/aggregate-daily";
import { impactRecomputeRequested, inngest } from "../client";

/**
 * Hourly (freshness ≤ 1 h) and on `impact/recompute.requested`: the impact datamart's last 3 local days for every org
 * (or a requested org and range), then the 13-month purge (001_… datamart).
 */
export const aggregateImpactFn = inngest.createFunction(
  { id: "aggregate-impact", concurrency: { limit: 1 }, triggers: [{ cron: "15 * * * *" }, impactRecomputeRequested] },
  async ({ event, step }) => {
    const data = event?.name === "impact/recompute.requested" ? (event.data as { orgId?: string; from?: string; to?: string }) : {};
    const result = await step.run("recompute-datamart", async () =>
      aggregateDaily(await getDb(), { orgId: data.orgId, range: data.from && data.to ? { from: data.from, to: data.to } : undefined }),
    );
    return { orgs: result.length, rows: result.reduce((s, r) => s + r.rows, 0) };
  },
);
