import { env } from "./env";

/**
 * Whether an Inngest engine is configured (`INNGEST_DEV` other than `0`, or `INNGEST_EVENT_KEY`): then Inngest runs
 * the schedule and the background functions; otherwise Tandem runs them in-process (the embedded default).
 */
export function inngestConfigured(): boolean {
  const { INNGEST_DEV, INNGEST_EVENT_KEY } = env();
  return Boolean((INNGEST_DEV && INNGEST_DEV !== "0") || INNGEST_EVENT_KEY);
}
