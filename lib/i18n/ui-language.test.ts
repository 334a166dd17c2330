import { describe, expect, it } from "vitest";
import { intlLocaleFor, languageFromAcceptLanguage, resolveUiLanguage } from "./ui-language";

describe("the reader's language", () => {
  it("follows the organization unless the person chose", () => {
    expect(resolveUiLanguage(null, "id-ID")).toBe("id");
    expect(resolveUiLanguage(null, "en-US")).toBe("en");
    expect(resolveUiLanguage("en", "id-ID")).toBe("en");
    expect(resolveUiLanguage("fr", "id-ID")).toBe("id");
  });

  it("formats in the reader's language with the org's region: no Indonesian month inside English text", () => {
    expect(intlLocaleFor("en", "id-ID")).toBe("en-ID");
    expect(intlLocaleFor("id", "id-ID")).toBe("id-ID");
    const when = new Date("2026-12-02T14:37:00Z");
    const fmt = (locale: string) => new Intl.DateTimeFormat(locale, { timeZone: "Asia/Jakarta", day: "numeric", month: "short", timeZoneName: "short" }).format(when);
    expect(fmt(intlLocaleFor("en", "id-ID"))).toMatch(/Dec.*WIB/);
    expect(fmt(intlLocaleFor("id", "id-ID"))).toMatch(/Des.*WIB/);
  });

  it("reads a signed-out visitor's browser languages, Indonesian first by default", () => {
    expect(languageFromAcceptLanguage("en-US,en;q=0.9")).toBe("en");
    expect(languageFromAcceptLanguage("fr-FR,id;q=0.8,en;q=0.5")).toBe("id");
    expect(languageFromAcceptLanguage("de-DE,en;q=0.1,id;q=0.9")).toBe("id");
    expect(languageFromAcceptLanguage("in-ID")).toBe("id");
    expect(languageFromAcceptLanguage("fr;q=1,en;q=0")).toBe("id");
    expect(languageFromAcceptLanguage(null)).toBe("id");
  });
});
