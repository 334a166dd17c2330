/**
 * The language of the person a piece of domain code is answering (issue 19 item 1), so a refusal or a form error
 * raised deep in `lib/` ("That channel isn't in your organization.") reaches them in their language without every
 * function taking a `language` argument.
 *
 * - The boundary (a server action, a route) runs the domain call inside `inLanguage(member's language, fn)`.
 * - Domain code writes `new UserError(say("channels.notInOrg"), 404)`, and zod schemas
 *   `.min(1, localized("agents.nameRequired"))`: the sentence is built when the refusal happens, in the scope's
 *   language.
 * - Outside any scope (tests, jobs, webhooks answering machines) the language is English.
 *
 * The sentences live in `messages/<language>/errors/<area>.json` (server-only: never sent to the browser).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createTranslator } from "use-intl/core";
import { errorMessagesFor, type ErrorMessages } from "./error-messages";
import type { UiLanguage } from "./ui-language";

const scope = new AsyncLocalStorage<UiLanguage>();

/**
 * Runs `fn` with `language` as the language of every `say`/`localized` sentence built inside it (also across awaits).
 * @returns what `fn` returns (a promise stays a promise)
 */
export function inLanguage<T>(language: UiLanguage, fn: () => T): T {
  return scope.run(language, fn);
}

/** The current scope's language; `en` outside any scope. */
export function currentLanguage(): UiLanguage {
  return scope.getStore() ?? "en";
}

const translators = {
  en: createTranslator({ locale: "en", messages: { errors: errorMessagesFor("en") } as { errors: ErrorMessages }, namespace: "errors" }),
  id: createTranslator({ locale: "id", messages: { errors: errorMessagesFor("id") } as { errors: ErrorMessages }, namespace: "errors" }),
};

/** A key of the error catalogue, e.g. `"channels.notInOrg"` (checked at compile time against the English file). */
export type ErrorKey = Parameters<(typeof translators)["en"]>[0];
/** The ICU arguments of an error sentence: names, counts, versions. */
export type ErrorValues = Record<string, string | number>;

/**
 * One sentence of the error catalogue in the current scope's language.
 * @example say("channels.nameTaken", { name: "WhatsApp" }) → 'A channel named "WhatsApp" already exists.'
 * @returns the formatted sentence (ICU plurals and numbers in that language)
 */
export function say(key: ErrorKey, values?: ErrorValues): string {
  const t = translators[currentLanguage()] as unknown as (key: string, values?: ErrorValues) => string;
  return t(key, values);
}

/**
 * A zod message that is built when the check fails, in that moment's language (schemas are module-level constants,
 * built before anyone's language is known).
 * @example z.string().trim().min(1, localized("agents.nameRequired"))
 */
export function localized(key: ErrorKey, values?: ErrorValues): { error: () => string } {
  return { error: () => say(key, values) };
}
