/**
 * next-intl's request configuration (no locale in the URL): a signed-in member reads their own language (profile
 * choice, else the org's — lib/i18n/ui-language.ts); a signed-out visitor (login, invitation) reads the first of their
 * browser's languages we offer, else Bahasa Indonesia. Dates and numbers keep the org's region (`member.locale`).
 */
import { headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { messagesFor } from "@/lib/i18n/messages";
import { languageFromAcceptLanguage } from "@/lib/i18n/ui-language";
import { currentMember } from "@/app/_auth/guard";

export default getRequestConfig(async () => {
  const member = await currentMember().catch(() => null);
  const locale = member?.uiLanguage ?? languageFromAcceptLanguage((await headers()).get("accept-language"));
  return {
    locale,
    messages: messagesFor(locale),
    timeZone: member?.timezone ?? "Asia/Jakarta",
    // a missing message shows its key in development and logs; never a crash for the person reading
    onError: (error) => console.error(`[i18n] ${error.code}: ${error.message}`),
    getMessageFallback: ({ namespace, key }) => [namespace, key].filter(Boolean).join("."),
  };
});
