/**
 * The dispatcher's way to the Inngest engine, when one is configured (`INNGEST_EVENT_KEY` or `INNGEST_DEV`).
 */
import { inngest } from "@/inngest/client";
import { inngestConfigured } from "@/lib/config/inngest-configured";
import type { OutboxSender } from "./dispatch";

/** How long the engine may take to accept a batch (ms) before the rows are retried later. */
const SEND_TIMEOUT_MS = 2_000;

/**
 * The sender for {@link dispatchOutbox}: one `inngest.send` per batch (event ids = dedup keys, so the engine drops a
 * second send of the same row), failing after 2 s without an answer.
 * @returns the sender, or null when no engine is configured (rows then run in-process)
 */
export function engineSender(): OutboxSender | null {
  if (!inngestConfigured()) return null;
  return async (events) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${SEND_TIMEOUT_MS} ms`)), SEND_TIMEOUT_MS);
      timer.unref();
    });
    try {
      await Promise.race([inngest.send(events), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
