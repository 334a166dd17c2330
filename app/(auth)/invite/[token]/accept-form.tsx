"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { acceptInvitationAction, type AcceptState } from "./actions";

/** Sets name + password for a new member, or confirms an existing account's password. */
export function AcceptInvitationForm({ token, hasAccount, email }: { token: string; hasAccount: boolean; email: string }) {
  const t = useTranslations("common.invite");
  const [state, action] = useActionState<AcceptState, FormData>(acceptInvitationAction, {});
  const fe = state.fieldErrors ?? {};
  return (
    <ActionForm action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="username" value={email} autoComplete="username" />
      {hasAccount ? null : (
        <Field id="name" label={t("yourName")} error={fe.name}>
          <input id="name" name="name" autoComplete="name" required maxLength={120} aria-invalid={!!fe.name} className={inputClass} />
        </Field>
      )}
      <Field id="password" label={hasAccount ? t("currentPassword") : t("password")} error={fe.password} hint={hasAccount ? undefined : t("passwordHint")}>
        <input id="password" name="password" type="password" autoComplete={hasAccount ? "current-password" : "new-password"} required aria-invalid={!!fe.password} className={inputClass} />
      </Field>
      {hasAccount ? null : (
        <Field id="confirmPassword" label={t("repeatPassword")} error={fe.confirmPassword}>
          <input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required className={inputClass} />
        </Field>
      )}
      <FormError message={state.error} />
      <SubmitButton pendingLabel={t("joining")} className="w-full">{hasAccount ? t("joinOrg") : t("setPasswordAndJoin")}</SubmitButton>
    </ActionForm>
  );
}
