"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { requestOrigin } from "@/app/_lib/origin";
import { getDb } from "@/db/client";
import { env } from "@/lib/config/env";
import { changeMemberRole, setMemberStatus, updateAgentSettings } from "@/lib/members/change-member";
import { createInvitation, revokeInvitation } from "@/lib/members/invitations";
import { sendInvitationEmail } from "@/lib/members/send-invitation-email";
import { resolveUiLanguage } from "@/lib/i18n/ui-language";
import { errorMessage } from "@/lib/errors/error-message";

export type InviteResult = { link: string; email: string; emailed: boolean | null };

/** Invites a member; returns the link to share (and emails it when SMTP is configured). */
export async function inviteMember(_prev: ActionState<InviteResult>, formData: FormData): Promise<ActionState<InviteResult>> {
  return runAction("settingsWrite", async (member) => {
    const invite = await createInvitation(await getDb(), { actor: member, input: { email: formData.get("email"), role: formData.get("role") } });
    const link = `${await requestOrigin()}/invite/${invite.token}`;
    let emailed: boolean | null = null;
    const { SMTP_URL, SMTP_FROM } = env();
    if (SMTP_URL) {
      emailed = await sendInvitationEmail({
        smtpUrl: SMTP_URL, from: SMTP_FROM, to: invite.email, orgName: member.orgName, inviterName: member.name, role: invite.role, link, expiresAt: invite.expiresAt,
        // the organization's language: the one the new member will read Tandem in
        language: resolveUiLanguage(null, member.orgLocale),
      }).then(() => true, (error: unknown) => {
        console.warn("[invite] email failed:", errorMessage(error));
        return false;
      });
    }
    revalidatePath("/settings/members");
    const t = await getTranslations("settings.members.messages");
    return { message: t("invited", { email: invite.email }), data: { link, email: invite.email, emailed } };
  }, { input: formData });
}

/** Withdraws an open invitation. */
export async function revokeInvite(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    await revokeInvitation(await getDb(), { actor: member, invitationId: String(formData.get("invitationId") ?? "") });
    revalidatePath("/settings/members");
    const t = await getTranslations("settings.members.messages");
    return { message: t("revoked") };
  }, { input: formData });
}

/** Changes a member's role. */
export async function changeRole(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    await changeMemberRole(await getDb(), { actor: member, input: { userId: formData.get("userId"), role: formData.get("role") } });
    revalidatePath("/settings/members");
    const t = await getTranslations("settings.members.messages");
    return { message: t("roleUpdated") };
  }, { input: formData });
}

/** Deactivates or reactivates a member. */
export async function changeStatus(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    const status = formData.get("status");
    await setMemberStatus(await getDb(), { actor: member, input: { userId: formData.get("userId"), status } });
    revalidatePath("/settings/members");
    const t = await getTranslations("settings.members.messages");
    return { message: status === "deactivated" ? t("deactivated") : t("reactivated") };
  }, { input: formData });
}

/** Saves an agent's capacity and availability. */
export async function saveAgentSettings(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    await updateAgentSettings(await getDb(), {
      actor: member,
      input: { userId: formData.get("userId"), capacity: formData.get("capacity"), availability: formData.get("availability") },
    });
    revalidatePath("/settings/members");
    const t = await getTranslations("settings.members.messages");
    return { message: t("agentSaved") };
  }, { input: formData });
}
