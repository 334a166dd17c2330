import { getDb } from "@/db/client";
import { env } from "@/lib/config/env";
import { inngestConfigured } from "@/lib/config/inngest-configured";
import { startEmbeddedScheduler, type EmbeddedScheduler } from "./embedded-scheduler";

const KEY = Symbol.for("tandem.scheduler");
type Holder = { [KEY]?: EmbeddedScheduler };

/**
 * Starts the in-process scheduler once per process (`instrumentation.ts`), unless an Inngest engine runs the schedule
 * or `TANDEM_SCHEDULER=off`.
 * @returns the running scheduler, or null when it is not this process's job
 */
export function startSchedulerUnlessInngest(): EmbeddedScheduler | null {
  if (inngestConfigured() || env().TANDEM_SCHEDULER === "off") return null;
  const holder = globalThis as Holder;
  holder[KEY] ??= startEmbeddedScheduler(getDb);
  return holder[KEY];
}
