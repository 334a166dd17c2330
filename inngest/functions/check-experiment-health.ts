import { scheduledFunction } from "./scheduled-jobs";

/** Hourly: decision-fallback rate and human-arm queue-wait p90 per split channel → operator alerts (000_… §10). */
export const checkExperimentHealthFn = scheduledFunction("check-experiment-health");
