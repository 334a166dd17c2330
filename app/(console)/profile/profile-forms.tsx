"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import type { Role } from "@/lib/auth/roles";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { UI_LANGUAGE_NAMES } from "@/lib/i18n/ui-language";
import { changePasswordAction, saveLanguageAction, signOutOtherSessionsAction, switchOrganizationAction } from "./actions";

type Org = { orgId: string; name: string; role: string };

/** Language, password change, sign out of other sessions, and the organizations this user belongs to. */
export function ProfileForms({ otherSessions, orgs, activeOrgId, language }: { otherSessions: number; orgs: Org[]; activeOrgId: string; language: { choice: "id" | "en" | "org"; orgLanguageName: string } }) {
  const t = useTranslations("common.profile");
  const roleName = useTranslations("common.roles");
  const [lang, saveLang] = useActionState<ActionState, FormData>(saveLanguageAction, {});
  useActionToast(lang, { errors: true });
  const [pw, changePw] = useActionState<ActionState, FormData>(changePasswordAction, {});
  const [sessions, signOutOthers] = useActionState<ActionState>(signOutOtherSessionsAction, {});
  const [sw, switchOrg] = useActionState<ActionState, FormData>(switchOrganizationAction, {});
  useActionToast(pw);
  useActionToast(sessions, { errors: true });
  const fe = pw.fieldErrors ?? {};
  return (
    <>
      <section className="rounded-lg border border-gray-200 bg-white p-5" aria-labelledby="language-title">
        <h2 id="language-title" className="font-semibold">{t("language.title")}</h2>
        <p className="mb-3 text-sm text-gray-600">{t("language.description")}</p>
        <form action={saveLang} className="flex flex-wrap items-end gap-3" key={lang.at ?? "lang"}>
          <div className="min-w-56 flex-1">
            <Field id="language" label={t("language.label")} error={lang.fieldErrors?.language}>
              <select id="language" name="language" defaultValue={language.choice} className={inputClass}>
                <option value="org">{t("language.followOrg", { language: language.orgLanguageName })}</option>
                <option value="id" lang="id">{UI_LANGUAGE_NAMES.id}</option>
                <option value="en" lang="en">{UI_LANGUAGE_NAMES.en}</option>
              </select>
            </Field>
          </div>
          <SubmitButton pendingLabel={t("language.saving")}>{t("language.save")}</SubmitButton>
        </form>
      </section>

      <section className="rounded-lg border border-gray-200 bg-white p-5">
        <h2 className="mb-3 font-semibold">{t("password.title")}</h2>
        <form action={changePw} className="space-y-3" noValidate key={pw.ok ? pw.at : "form"}>
          <Field id="currentPassword" label={t("password.current")} error={fe.currentPassword}>
            <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" className={inputClass} />
          </Field>
          <Field id="newPassword" label={t("password.new")} error={fe.newPassword} hint={t("password.newHint")}>
            <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" className={inputClass} />
          </Field>
          <Field id="confirmPassword" label={t("password.repeat")} error={fe.confirmPassword}>
            <input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" className={inputClass} />
          </Field>
          <FormError message={pw.error} />
          <SubmitButton pendingLabel={t("password.changing")}>{t("password.change")}</SubmitButton>
        </form>
      </section>

      <section className="rounded-lg border border-gray-200 bg-white p-5">
        <h2 className="font-semibold">{t("sessions.title")}</h2>
        <p className="mb-3 text-sm text-gray-600">
          {otherSessions === 0 ? t("sessions.onlyHere") : t("sessions.elsewhere", { count: otherSessions })}
        </p>
        <form action={signOutOthers}>
          <SubmitButton variant="secondary" pendingLabel={t("sessions.signingOut")}>{t("sessions.signOutOthers")}</SubmitButton>
        </form>
      </section>

      {orgs.length > 1 ? (
        <section className="rounded-lg border border-gray-200 bg-white p-5">
          <h2 className="mb-3 font-semibold">{t("orgs.title")}</h2>
          <FormError message={sw.error} />
          <ul className="divide-y divide-gray-100">
            {orgs.map((o) => (
              <li key={o.orgId} className="flex items-center justify-between py-2 text-sm">
                <span><span className="font-medium">{o.name}</span> <span className="capitalize text-gray-500">· {roleName(o.role as Role)}</span></span>
                {o.orgId === activeOrgId ? <span className="text-xs font-medium text-green-700">{t("orgs.current")}</span> : (
                  <form action={switchOrg}>
                    <input type="hidden" name="orgId" value={o.orgId} />
                    <SubmitButton variant="secondary" pendingLabel={t("orgs.switching")} className="!py-1 text-xs">{t("orgs.switch")}</SubmitButton>
                  </form>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
