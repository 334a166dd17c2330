import { getDb } from "@/db/client";
import { checkExperimentHealth } from "@/lib/routing/experiment-health";
import { inngest } from "../client";

/** Hourly: decision-fallback rate and human-arm queue-wait p90 per split channel → operator alerts (000_… §10). */
export const checkExperimentHealthFn = inngest.createFunction(
  { id: "check-experiment-health", triggers: [{ cron: "5 * * * *" }] },
  async ({ step }) => {
    const stored = await step.run("check-and-store-alerts", async () => checkExperimentHealth(await getDb()));
    return { alerts: stored.length };
  },
);
