/**
 * The one wrapper every settings server action uses: resolves the member from the session (redirect to /login
 * when signed out), checks the role for `area` on the server, runs the domain function, and turns its outcome
 * into form state — zod field errors, a business refusal's sentence (UserError), or a generic retry message for
 * anything unexpected (logged without input values).
 */
import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { canAccess, type Area } from "@/lib/auth/roles";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { requireMember } from "./guard";

export type ActionState<T = unknown> = {
  ok?: boolean;
  /** success sentence for a toast */
  message?: string;
  /** refusal or failure sentence shown in the form */
  error?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  data?: T;
  /** increments on every submit so effects (toasts) fire once per result */
  at?: number;
  /** true when the failure was unexpected (server/network): the same input may succeed on retry */
  retry?: boolean;
};

/**
 * Runs `fn` for the signed-in member if their role may use `area`.
 * @param onUnexpected for an unexpected error: record it and return the sentence to show (default: generic retry)
 * @returns `{ ok, message, data }` on success, else `{ error | fieldErrors }`; 403-equivalent refusal when the role
 *   is not allowed (nothing runs)
 */
export async function runAction<T>(
  area: Area,
  fn: (member: Membership) => Promise<{ message?: string; data?: T } | void>,
  { onUnexpected }: { onUnexpected?: (member: Membership, error: unknown) => Promise<string> } = {},
): Promise<ActionState<T>> {
  const member = await requireMember();
  const at = Date.now();
  if (!canAccess(member.role, area)) return { error: "Your role can't make this change.", at };
  try {
    const result = (await fn(member)) ?? {};
    return { ok: true, ...result, at };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof UserError) return { error: error.message, at };
    if (error instanceof z.ZodError) {
      return { error: "Please fix the errors above.", fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]>, at };
    }
    console.error("[action]", error instanceof Error ? error.name : "error", error instanceof Error ? error.message : "");
    return { error: onUnexpected ? await onUnexpected(member, error) : "Something went wrong. Try again.", at, retry: true };
  }
}
