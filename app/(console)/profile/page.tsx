import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { countOtherSessions, listUserOrganizations } from "@/lib/auth/sessions";
import { resolveUiLanguage, UI_LANGUAGE_NAMES } from "@/lib/i18n/ui-language";
import { getUiLanguageChoice } from "@/lib/members/ui-language-choice";
import { ProfileForms } from "./profile-forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("common.profile"))("metaTitle") };
}

export default async function ProfilePage() {
  const member = await requireMember();
  const db = await getDb();
  const t = await getTranslations("common.profile");
  const [otherSessions, orgs, choice] = await Promise.all([
    countOtherSessions(db, { userId: member.userId, keepSessionId: member.sessionId }),
    listUserOrganizations(db, { userId: member.userId }),
    getUiLanguageChoice(db, { userId: member.userId }),
  ]);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-500">{member.name} · {member.email}</p>
      </div>
      <ProfileForms otherSessions={otherSessions} orgs={orgs} activeOrgId={member.orgId}
        language={{ choice: choice ?? "org", orgLanguageName: UI_LANGUAGE_NAMES[resolveUiLanguage(null, member.orgLocale)] }} />
    </div>
  );
}
