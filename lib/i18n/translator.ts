/**
 * A translator outside React and Next's request scope (route handlers' CSV labels, push and e-mail texts built in
 * `lib/`), over the same catalogues as the pages (use-intl's framework-free core).
 */
import { createTranslator } from "use-intl/core";
import { messagesFor, type Messages } from "./messages";
import type { UiLanguage } from "./ui-language";

/**
 * @param language `id` or `en`
 * @param namespace a top-level namespace of the catalogue, e.g. "common"
 * @returns `t(key, values)` typed against the English catalogue, formatting numbers and dates in `language`
 */
export function translatorFor<N extends keyof Messages>(language: UiLanguage, namespace: N) {
  return createTranslator({ locale: language, messages: messagesFor(language), namespace });
}
