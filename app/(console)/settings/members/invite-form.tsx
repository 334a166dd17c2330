"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { CopyButton } from "@/components/copy-button";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { inviteMember, type InviteResult } from "./actions";

/** Add a member by email + role; shows the single-use invitation link to share. */
export function InviteForm({ canInviteOwner }: { canInviteOwner: boolean }) {
  const [state, action] = useActionState<ActionState<InviteResult>, FormData>(inviteMember, {});
  useActionToast(state);
  const t = useTranslations("settings.members.invite");
  const roles = useTranslations("settings.roles");
  const fe = state.fieldErrors ?? {};
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5">
      <h2 className="mb-3 font-semibold">{t("title")}</h2>
      <ActionForm action={action} className="flex flex-wrap items-start gap-3" noValidate>
        <div className="w-72">
          <Field id="invite-email" label={t("email")} error={fe.email}>
            <input id="invite-email" name="email" type="email" required autoComplete="off" aria-invalid={!!fe.email} aria-describedby="invite-email-error" className={inputClass} />
          </Field>
        </div>
        <div className="w-44">
          <Field id="invite-role" label={t("role")} error={fe.role}>
            <select id="invite-role" name="role" defaultValue="agent" className={inputClass}>
              <option value="agent">{roles("agent")}</option>
              <option value="supervisor">{roles("supervisor")}</option>
              <option value="admin">{roles("admin")}</option>
              {canInviteOwner ? <option value="owner">{roles("owner")}</option> : null}
            </select>
          </Field>
        </div>
        <div className="pt-6"><SubmitButton pendingLabel={t("creating")}>{t("create")}</SubmitButton></div>
      </ActionForm>
      <div className="mt-3"><FormError message={state.error} /></div>
      {state.ok && state.data ? (
        <div className="mt-4 rounded-md border border-green-200 bg-green-50 p-3 text-sm" data-testid="invite-link-panel">
          <p className="font-medium text-green-900">{t("share", { email: state.data.email })}</p>
          {state.data.emailed === true ? <p className="text-green-800">{t("emailed")}</p> : null}
          {state.data.emailed === false ? <p className="text-amber-800">{t("notEmailed")}</p> : null}
          <div className="mt-2 flex items-center gap-2">
            <code className="block min-w-0 flex-1 truncate rounded bg-white px-2 py-1 text-xs" data-testid="invite-link">{state.data.link}</code>
            <CopyButton text={state.data.link} label={t("copyLink")} what={t("linkCopied")} />
          </div>
          <p className="mt-2 text-xs text-gray-600">{t("oneTime")}</p>
        </div>
      ) : null}
    </section>
  );
}
