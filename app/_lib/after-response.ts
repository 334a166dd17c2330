import { after } from "next/server";
import { errorMessage } from "@/lib/errors/error-message";

/**
 * Runs `task` after the response has been sent (Next.js `after`), so the caller answers first. Outside a Next.js request
 * scope — a route handler called directly, as the route tests and scripts do — there is no response to wait for, so it
 * starts at once, not awaited. Either way a failure of `task` is logged, never thrown at the caller (the work it does
 * has a sweep behind it: the outbox's schedule).
 * @throws what Next.js `after` throws inside a request scope (it cannot schedule the work there)
 * @param label names the work in the log line
 */
export function afterResponse(label: string, task: () => Promise<unknown>): void {
  const run = () => task().then(undefined, (error: unknown) => console.warn(`[${label}] work after the response failed:`, errorMessage(error)));
  try {
    after(run);
  } catch (error) {
    if (!(error instanceof Error && error.message.includes("outside a request scope"))) throw error;
    void run();
  }
}
