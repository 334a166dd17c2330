/**
 * A person's own console language (issue 19 item 1): `id`, `en`, or `org` to follow each organization's locale again.
 * It belongs to the person, not the membership, so it holds in every organization they switch to.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { UI_LANGUAGES } from "@/lib/i18n/ui-language";
import { localized } from "@/lib/i18n/language-scope";

export const uiLanguageInput = z.object({
  language: z.enum([...UI_LANGUAGES, "org"], localized("members.chooseLanguage")),
});

/**
 * Saves the signed-in person's language.
 * @param input `{ language: "id" | "en" | "org" }` (untrusted form data)
 * @returns the stored choice (null: follow the organization)
 * @throws z.ZodError for any other value (nothing is written)
 */
export async function setUiLanguage(db: Db, { userId, input }: { userId: string; input: unknown }): Promise<"id" | "en" | null> {
  const { language } = uiLanguageInput.parse(input);
  const uiLanguage = language === "org" ? null : language;
  await db.update(users).set({ uiLanguage }).where(eq(users.id, userId));
  return uiLanguage;
}
