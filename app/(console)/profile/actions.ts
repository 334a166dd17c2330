"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { changePassword } from "@/lib/auth/change-password";
import { clientAddress } from "@/lib/auth/attempt-limits";
import { revokeOtherSessions, switchOrganization } from "@/lib/auth/sessions";

/** Changes the member's own password (current one required); other sessions are signed out. */
export async function changePasswordAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("conversations", async (member) => {
    const ended = await changePassword(await getDb(), {
      userId: member.userId,
      sessionId: member.sessionId,
      input: { currentPassword: formData.get("currentPassword"), newPassword: formData.get("newPassword"), confirmPassword: formData.get("confirmPassword") },
      client: clientAddress(await headers()),
    });
    return { message: ended ? `Password changed. ${ended} other session${ended === 1 ? "" : "s"} signed out.` : "Password changed" };
  });
}

/** Signs out every other session of the member (this one stays). */
export async function signOutOtherSessionsAction(_prev: ActionState): Promise<ActionState> {
  return runAction("conversations", async (member) => {
    const ended = await revokeOtherSessions(await getDb(), { userId: member.userId, keepSessionId: member.sessionId });
    return { message: ended ? `Signed out of ${ended} other session${ended === 1 ? "" : "s"}` : "No other sessions were open" };
  });
}

/** Switches the session's active organization, then opens its conversations. */
export async function switchOrganizationAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await runAction("conversations", async (member) => {
    await switchOrganization(await getDb(), { sessionId: member.sessionId, userId: member.userId, orgId: String(formData.get("orgId") ?? "") });
  });
  if (result.ok) redirect("/conversations");
  return result;
}
