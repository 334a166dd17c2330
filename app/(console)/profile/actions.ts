"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { changePassword } from "@/lib/auth/change-password";
import { clientAddress } from "@/lib/auth/attempt-limits";
import { revokeOtherSessions, switchOrganization } from "@/lib/auth/sessions";
import { resolveUiLanguage } from "@/lib/i18n/ui-language";
import { setUiLanguage } from "@/lib/members/set-ui-language";

/** Changes the member's own password (current one required); other sessions are signed out. */
export async function changePasswordAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("conversations", async (member) => {
    const ended = await changePassword(await getDb(), {
      userId: member.userId,
      sessionId: member.sessionId,
      input: { currentPassword: formData.get("currentPassword"), newPassword: formData.get("newPassword"), confirmPassword: formData.get("confirmPassword") },
      client: clientAddress(await headers()),
    });
    const t = await getTranslations("common.profile.password");
    return { message: ended ? t("changedSignedOut", { count: ended }) : t("changed") };
  }, { input: formData });
}

/** Signs out every other session of the member (this one stays). */
export async function signOutOtherSessionsAction(_prev: ActionState): Promise<ActionState> {
  return runAction("conversations", async (member) => {
    const ended = await revokeOtherSessions(await getDb(), { userId: member.userId, keepSessionId: member.sessionId });
    const t = await getTranslations("common.profile.sessions");
    return { message: ended ? t("signedOut", { count: ended }) : t("noneOpen") };
  });
}

/** Switches the session's active organization, then opens its conversations. */
export async function switchOrganizationAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await runAction("conversations", async (member) => {
    await switchOrganization(await getDb(), { sessionId: member.sessionId, userId: member.userId, orgId: String(formData.get("orgId") ?? "") });
  }, { input: formData });
  if (result.ok) redirect("/conversations");
  return result;
}

/**
 * Saves the member's console language (`id`, `en` or `org`); the whole console re-renders in it, and the toast
 * already speaks it.
 */
export async function saveLanguageAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("conversations", async (member) => {
    const chosen = await setUiLanguage(await getDb(), { userId: member.userId, input: { language: formData.get("language") } });
    revalidatePath("/", "layout");
    const t = await getTranslations({ locale: resolveUiLanguage(chosen, member.orgLocale), namespace: "common.profile.language" });
    return { message: t("saved") };
  }, { input: formData });
}
