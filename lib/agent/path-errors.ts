import type { z } from "zod";

/**
 * Zod issues as `{ "routing.messageCap": ["At least 1 message."] }` — keyed by the full path so the editor can put
 * each message under its own field (`z.flattenError` keeps only the top-level key). A whole-object issue has key "".
 */
export function pathErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".");
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
