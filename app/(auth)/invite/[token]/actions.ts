"use server";

import { headers } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { acceptInvitation } from "@/lib/members/invitations";
import { clientAddress } from "@/lib/auth/attempt-limits";
import { UserError } from "@/lib/errors/user-error";
import { inLanguage } from "@/lib/i18n/language-scope";

export type AcceptState = { error?: string; fieldErrors?: Record<string, string[] | undefined> };

/** Accepts the invitation, then sends the new member to sign in with their email prefilled. */
export async function acceptInvitationAction(_prev: AcceptState, formData: FormData): Promise<AcceptState> {
  const name = formData.get("name");
  const password = String(formData.get("password") ?? "");
  const confirm = formData.get("confirmPassword");
  const t = await getTranslations("common.invite");
  if (confirm !== null && confirm !== password) return { fieldErrors: { confirmPassword: [t("passwordsDiffer")] } };
  let email: string;
  const client = clientAddress(await headers());
  try {
    // the invitation's refusals and field errors in the reader's language (browser's, they are not signed in yet)
    ({ email } = await inLanguage(await getLocale(), async () =>
      acceptInvitation(await getDb(), { input: { token: formData.get("token"), name: name === null ? undefined : name, password }, client }),
    ));
  } catch (error) {
    if (error instanceof UserError) return { error: error.message };
    if (error instanceof z.ZodError) return { fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[]> };
    console.error("[invite] accept failed:", error instanceof Error ? error.name : "error");
    return { error: t("unexpected") };
  }
  redirect(`/login?${new URLSearchParams({ email, joined: "1" })}`);
}
