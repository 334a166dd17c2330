/**
 * The one wrapper every settings server action uses: resolves the member from the session (redirect to /login
 * when signed out), checks the role for `area` on the server, runs the domain function, and turns its outcome
 * into form state — zod field errors, a business refusal's sentence (UserError), or a generic retry message for
 * anything unexpected (logged without input values). The domain call runs in the member's language
 * (`lib/i18n/language-scope.ts`), so its sentences reach them in it.
 */
import "server-only";
import { unstable_rethrow } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { canAccess, type Area } from "@/lib/auth/roles";
import type { Membership } from "@/lib/auth/sessions";
import { errorMessage } from "@/lib/errors/error-message";
import { UserError } from "@/lib/errors/user-error";
import { inLanguage } from "@/lib/i18n/language-scope";
import { isStorableText, unstorableTextPath } from "@/lib/validation/storable";
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
 * @param input what the browser sent (the form's FormData, or the action's arguments): text in it that PostgreSQL
 *   cannot store (NUL, unpaired surrogates) is refused as a field error before `fn` runs (issue 17 item 1)
 * @param onUnexpected for an unexpected error: record it and return the sentence to show (default: generic retry)
 * @returns `{ ok, message, data }` on success, else `{ error | fieldErrors }`; 403-equivalent refusal when the role
 *   is not allowed (nothing runs)
 */
export async function runAction<T>(
  area: Area,
  fn: (member: Membership) => Promise<{ message?: string; data?: T } | void>,
  { input, onUnexpected }: { input?: unknown; onUnexpected?: (member: Membership, error: unknown) => Promise<string> } = {},
): Promise<ActionState<T>> {
  const member = await requireMember();
  const at = Date.now();
  const t = await getTranslations("common.actions");
  if (!canAccess(member.role, area)) return { error: t("roleRefused"), at };
  const unstorable = unstorableField(input);
  if (unstorable !== null) return { error: t("fixErrors"), fieldErrors: { [unstorable]: [t("unstorableText")] }, at };
  try {
    // refusals and field errors raised in lib/ are written in the member's language
    const language = await getLocale();
    const result = (await inLanguage(language, () => fn(member))) ?? {};
    return { ok: true, ...result, at };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof UserError) return { error: error.message, at };
    if (error instanceof z.ZodError) {
      return { error: t("fixErrors"), fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]>, at };
    }
    // the database's reason only: never a failed query's parameters, which carry what people typed (issue 17)
    console.error("[action]", error instanceof Error ? error.name : "error", errorMessage(error));
    return { error: onUnexpected ? await onUnexpected(member, error) : t("unexpected"), at, retry: true };
  }
}

/** The name (FormData) or path (`name`, `knowledge.0.title`) of the first text in `input` that cannot be stored, or null. */
function unstorableField(input: unknown): string | null {
  if (!(input instanceof FormData)) return input === undefined ? null : unstorableTextPath(input);
  for (const [name, value] of input.entries()) {
    if (!isStorableText(name)) return "(field name)";
    if (typeof value === "string" && !isStorableText(value)) return name;
  }
  return null;
}
