"use client";

import { useActionState } from "react";
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
  const fe = state.fieldErrors ?? {};
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5">
      <h2 className="mb-3 font-semibold">Add a member</h2>
      <ActionForm action={action} className="flex flex-wrap items-start gap-3" noValidate>
        <div className="w-72">
          <Field id="invite-email" label="Email" error={fe.email}>
            <input id="invite-email" name="email" type="email" required autoComplete="off" aria-invalid={!!fe.email} aria-describedby="invite-email-error" className={inputClass} />
          </Field>
        </div>
        <div className="w-44">
          <Field id="invite-role" label="Role" error={fe.role}>
            <select id="invite-role" name="role" defaultValue="agent" className={inputClass}>
              <option value="agent">Agent</option>
              <option value="supervisor">Supervisor</option>
              <option value="admin">Admin</option>
              {canInviteOwner ? <option value="owner">Owner</option> : null}
            </select>
          </Field>
        </div>
        <div className="pt-6"><SubmitButton pendingLabel="Creating link…">Create invitation</SubmitButton></div>
      </ActionForm>
      <div className="mt-3"><FormError message={state.error} /></div>
      {state.ok && state.data ? (
        <div className="mt-4 rounded-md border border-green-200 bg-green-50 p-3 text-sm" data-testid="invite-link-panel">
          <p className="font-medium text-green-900">Share this link with {state.data.email}. It works once and expires in 7 days.</p>
          {state.data.emailed === true ? <p className="text-green-800">We also emailed it.</p> : null}
          {state.data.emailed === false ? <p className="text-amber-800">We couldn&apos;t email it — share the link yourself.</p> : null}
          <div className="mt-2 flex items-center gap-2">
            <code className="block min-w-0 flex-1 truncate rounded bg-white px-2 py-1 text-xs" data-testid="invite-link">{state.data.link}</code>
            <CopyButton text={state.data.link} label="Copy link" what="Invitation link copied" />
          </div>
          <p className="mt-2 text-xs text-gray-600">You won&apos;t see this link again; create a new invitation if it gets lost.</p>
        </div>
      ) : null}
    </section>
  );
}
