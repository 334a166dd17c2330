"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { changePasswordAction, signOutOtherSessionsAction, switchOrganizationAction } from "./actions";

type Org = { orgId: string; name: string; role: string };

/** Password change, sign out of other sessions, and the organizations this user belongs to. */
export function ProfileForms({ otherSessions, orgs, activeOrgId }: { otherSessions: number; orgs: Org[]; activeOrgId: string }) {
  const [pw, changePw] = useActionState<ActionState, FormData>(changePasswordAction, {});
  const [sessions, signOutOthers] = useActionState<ActionState>(signOutOtherSessionsAction, {});
  const [sw, switchOrg] = useActionState<ActionState, FormData>(switchOrganizationAction, {});
  useActionToast(pw);
  useActionToast(sessions, { errors: true });
  const fe = pw.fieldErrors ?? {};
  return (
    <>
      <section className="rounded-lg border border-gray-200 bg-white p-5">
        <h2 className="mb-3 font-semibold">Change password</h2>
        <form action={changePw} className="space-y-3" noValidate key={pw.ok ? pw.at : "form"}>
          <Field id="currentPassword" label="Current password" error={fe.currentPassword}>
            <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" className={inputClass} />
          </Field>
          <Field id="newPassword" label="New password" error={fe.newPassword} hint="At least 10 characters.">
            <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" className={inputClass} />
          </Field>
          <Field id="confirmPassword" label="Repeat new password" error={fe.confirmPassword}>
            <input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" className={inputClass} />
          </Field>
          <FormError message={pw.error} />
          <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
        </form>
      </section>

      <section className="rounded-lg border border-gray-200 bg-white p-5">
        <h2 className="font-semibold">Sessions</h2>
        <p className="mb-3 text-sm text-gray-600">
          {otherSessions === 0 ? "You're signed in only here." : `You're signed in on ${otherSessions} other browser${otherSessions === 1 ? "" : "s"} or device${otherSessions === 1 ? "" : "s"}.`}
        </p>
        <form action={signOutOthers}>
          <SubmitButton variant="secondary" pendingLabel="Signing out…">Sign out of other sessions</SubmitButton>
        </form>
      </section>

      {orgs.length > 1 ? (
        <section className="rounded-lg border border-gray-200 bg-white p-5">
          <h2 className="mb-3 font-semibold">Organizations</h2>
          <FormError message={sw.error} />
          <ul className="divide-y divide-gray-100">
            {orgs.map((o) => (
              <li key={o.orgId} className="flex items-center justify-between py-2 text-sm">
                <span><span className="font-medium">{o.name}</span> <span className="capitalize text-gray-500">· {o.role}</span></span>
                {o.orgId === activeOrgId ? <span className="text-xs font-medium text-green-700">Current</span> : (
                  <form action={switchOrg}>
                    <input type="hidden" name="orgId" value={o.orgId} />
                    <SubmitButton variant="secondary" pendingLabel="Switching…" className="!py-1 text-xs">Switch</SubmitButton>
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
