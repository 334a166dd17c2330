import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, users } from "@/db/schema";
import { resolveUiLanguage, type UiLanguage } from "@/lib/i18n/ui-language";

/**
 * The language each of these people reads Tandem in, for what is sent to them (pushes): their profile choice, else
 * the organization's (issue 19 item 1). One round trip.
 * @returns `of(userId)`: that person's language, the organization's for anyone not found
 */
export async function memberLanguages(db: Db, { orgId, userIds }: { orgId: string; userIds: string[] }): Promise<{ of: (userId: string) => UiLanguage }> {
  const rows = await db
    .select({ locale: organizations.locale, userId: users.id, uiLanguage: users.uiLanguage })
    .from(organizations)
    .leftJoin(users, userIds.length > 0 ? inArray(users.id, userIds) : sql`false`)
    .where(eq(organizations.id, orgId));
  const orgLanguage = resolveUiLanguage(null, rows[0]?.locale ?? "id-ID");
  const chosen = new Map(rows.filter((r) => r.userId !== null).map((r) => [r.userId!, resolveUiLanguage(r.uiLanguage, rows[0]!.locale)]));
  return { of: (userId) => chosen.get(userId) ?? orgLanguage };
}
