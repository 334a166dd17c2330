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
 * The sentences live in `messages/<language>/errors/<area>.json`. zod's own messages for checks without one of ours
 * ("Invalid input: expected string") follow the scope too, through zod's English and Indonesian locales.
 *
 * Isomorphic: a few browser forms validate with the same zod schemas (the agent editor), so this module has no static
 * Node import. On Node the scope is an `AsyncLocalStorage` (kept across awaits, apart per request); in the browser a
 * synchronous scope, enough for a form's check: `safeParseIn(useLocale(), schema, value)`.
 */
import { createTranslator } from "use-intl/core";
import { config as zodConfig, type ZodType } from "zod";
import zodEnglish from "zod/v4/locales/en.js";
import zodIndonesian from "zod/v4/locales/id.js";
import { errorMessagesFor, type ErrorMessages } from "./error-messages";
import type { UiLanguage } from "./ui-language";

type Scope = { run<T>(language: UiLanguage, fn: () => T): T; getStore(): UiLanguage | undefined };

/** The browser's scope: holds while `fn` runs synchronously. */
class SyncScope implements Scope {
  private current: UiLanguage | undefined;
  run<T>(language: UiLanguage, fn: () => T): T {
    const previous = this.current;
    this.current = language;
    try {
      return fn();
    } finally {
      this.current = previous;
    }
  }
  getStore(): UiLanguage | undefined {
    return this.current;
  }
}

function createScope(): Scope {
  // a runtime lookup (Node ≥ 20.16), so bundling this module for the browser never pulls in a Node builtin
  const hooks = typeof process !== "undefined" && typeof process.getBuiltinModule === "function" ? process.getBuiltinModule("node:async_hooks") : undefined;
  return hooks ? new hooks.AsyncLocalStorage<UiLanguage>() : new SyncScope();
}

const scope = createScope();

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

const ZOD_LOCALES = { en: zodEnglish().localeError, id: zodIndonesian().localeError };
// zod's built-in messages, at its lowest priority: ours (`localized`) always win
zodConfig({ localeError: (issue) => ZOD_LOCALES[currentLanguage()](issue) });

/**
 * `schema.safeParse(value)` with its messages written in `language`. zod writes a failed result's messages when its
 * `error` is first read, so reading it after `inLanguage` returned would write them in English; this reads it inside.
 * @returns zod's safeParse result
 */
export function safeParseIn<S extends ZodType>(language: UiLanguage, schema: S, value: unknown): ReturnType<S["safeParse"]> {
  return inLanguage(language, () => {
    const result = schema.safeParse(value) as ReturnType<S["safeParse"]>;
    if (!result.success) void result.error;
    return result;
  });
}

