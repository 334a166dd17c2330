import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { UiLanguage } from "@/lib/i18n/ui-language";

/**
 * The language a person chose on their profile, or null when they follow their organization's (issue 19 item 1).
 */
export async function getUiLanguageChoice(db: Db, { userId }: { userId: string }): Promise<UiLanguage | null> {
  const [row] = await db.select({ uiLanguage: users.uiLanguage }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.uiLanguage ?? null;
}
