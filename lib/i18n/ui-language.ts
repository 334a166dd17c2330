/**
 * The console's two languages (issue 19 item 1) and the one place that turns a person's language and an
 * organization's locale into the Intl locale every date, number and rupiah amount is formatted with.
 *
 * - `id` Bahasa Indonesia, `en` English.
 * - A member sees their own choice (profile page), else their organization's language (`id-ID` → `id`).
 * - Formatting keeps the organization's region: an English reader in an Indonesian org reads "2 Dec 2026, 21.37 WIB"
 *   and "Rp 12.345" (`en-ID`), never an Indonesian month inside English text.
 */
export const UI_LANGUAGES = ["id", "en"] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

/** The names people choose from, each in its own language. */
export const UI_LANGUAGE_NAMES: Record<UiLanguage, string> = { id: "Bahasa Indonesia", en: "English" };

/** Narrows any string to a UI language, or null. */
export function asUiLanguage(value: unknown): UiLanguage | null {
  return typeof value === "string" && (UI_LANGUAGES as readonly string[]).includes(value) ? (value as UiLanguage) : null;
}

/**
 * The language a member reads the console in.
 * @param choice the person's own choice (users.ui_language), or null to follow the org
 * @param orgLocale the organization's BCP 47 locale, e.g. `id-ID` or `en-US`
 * @returns `id` for any Indonesian org locale, else `en`, unless the person chose
 */
export function resolveUiLanguage(choice: string | null | undefined, orgLocale: string): UiLanguage {
  return asUiLanguage(choice) ?? (orgLocale.toLowerCase().startsWith("id") ? "id" : "en");
}

/**
 * The Intl locale for formatting: the reader's language with the organization's region.
 * @example intlLocaleFor("en", "id-ID") → "en-ID"; intlLocaleFor("id", "en-US") → "id-US"; intlLocaleFor("id", "id-ID") → "id-ID"
 */
export function intlLocaleFor(language: UiLanguage, orgLocale: string): string {
  const region = orgLocale.split("-")[1];
  const candidate = region ? `${language}-${region.toUpperCase()}` : language;
  return Intl.DateTimeFormat.supportedLocalesOf([candidate]).length > 0 ? candidate : language;
}

/**
 * The language a signed-out visitor reads (login, invitation): the first of `Accept-Language` we offer, else `id`
 * (Tandem's first users are Indonesian).
 * @param acceptLanguage the raw header, e.g. "en-US,en;q=0.9,id;q=0.8"
 */
export function languageFromAcceptLanguage(acceptLanguage: string | null | undefined): UiLanguage {
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.trim().slice(2) ?? "1");
      return { lang: (tag ?? "").trim().toLowerCase().split("-")[0], q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.lang && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { lang } of ranked) {
    const l = asUiLanguage(lang === "in" ? "id" : lang);
    if (l) return l;
  }
  return "id";
}
