"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { SIGNAL_LABEL } from "@/lib/alerts/alert-message";
import { removeRecipientAction, saveRecipientAction } from "./actions";

export type RecipientRow = { id: string; member: string; channel: string; signals: string[]; quiet: string | null };

function RemoveRecipient({ row }: { row: RecipientRow }) {
  const [state, action] = useActionState<ActionState, FormData>(removeRecipientAction, {});
  useActionToast(state, { errors: true });
  return (
    <ActionForm action={action} confirm={() => window.confirm(`Stop sending alerts to ${row.member} (${row.channel})?`)}>
      <input type="hidden" name="recipientId" value={row.id} />
      <SubmitButton variant="danger" pendingLabel="Removing…" className="!px-2 !py-1 text-xs">Remove</SubmitButton>
    </ActionForm>
  );
}

/** The explicit recipients table and the add/update form. */
export function Recipients({ rows, members, channels, readOnly }: { rows: RecipientRow[]; members: { id: string; label: string }[]; channels: { id: string; name: string }[]; readOnly: boolean }) {
  const [state, action] = useActionState<ActionState, FormData>(saveRecipientAction, {});
  useActionToast(state);
  return (
    <section className="rounded-lg border border-gray-200 bg-white" aria-labelledby="recipients-heading">
      <div className="border-b border-gray-100 px-5 py-3">
        <h2 id="recipients-heading" className="font-semibold">Recipients</h2>
        <p className="text-sm text-gray-500">Every supervisor gets every alert. Add admins or owners here, for all channels or one, choose their signals and quiet hours (also to narrow a supervisor&apos;s alerts). If nobody can receive an alert, owners and admins get it and the alert says so.</p>
      </div>
      {rows.length === 0 ? <p className="px-5 py-4 text-sm text-gray-600">No explicit recipients: alerts go to the supervisors.</p> : (
        <table className="min-w-full text-sm" aria-label="Alert recipients">
          <thead className="bg-gray-50 text-left text-gray-600"><tr><th className="px-4 py-2 font-medium">Member</th><th className="px-4 py-2 font-medium">Channel</th><th className="px-4 py-2 font-medium">Signals</th><th className="px-4 py-2 font-medium">Quiet hours</th>{readOnly ? null : <th className="px-4 py-2"><span className="sr-only">Actions</span></th>}</tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-gray-100">
                <td className="px-4 py-2">{r.member}</td>
                <td className="px-4 py-2">{r.channel}</td>
                <td className="px-4 py-2">{r.signals.map((s) => SIGNAL_LABEL[s as keyof typeof SIGNAL_LABEL]).join(", ")}</td>
                <td className="px-4 py-2">{r.quiet ?? "—"}</td>
                {readOnly ? null : <td className="px-4 py-2 text-right"><RemoveRecipient row={r} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {readOnly ? null : (
        <ActionForm action={action} className="space-y-3 border-t border-gray-100 px-5 py-4" aria-label="Add a recipient">
          <h3 className="text-sm font-semibold">Add or update a recipient</h3>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field id="userId" label="Member" error={state.fieldErrors?.userId}>
              <select id="userId" name="userId" className={inputClass} defaultValue="">
                <option value="" disabled>Choose a member</option>
                {members.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
              </select>
            </Field>
            <Field id="channelId" label="Channel" error={state.fieldErrors?.channelId}>
              <select id="channelId" name="channelId" className={inputClass} defaultValue="">
                <option value="">All channels</option>
                {channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            </Field>
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-gray-700">Signals</legend>
            <div className="mt-1 flex flex-wrap gap-4 text-sm">
              {Object.entries(SIGNAL_LABEL).map(([s, label]) => <label key={s} className="flex items-center gap-1"><input type="checkbox" name="signals" value={s} defaultChecked /> {label}</label>)}
            </div>
            <p className="mt-1 text-sm text-red-600">{state.fieldErrors?.signals?.[0]}</p>
          </fieldset>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field id="quietStart" label="Quiet hours from (optional)" error={state.fieldErrors?.quietStart}>
              <input id="quietStart" name="quietStart" type="time" className={inputClass} />
            </Field>
            <Field id="quietEnd" label="until" error={state.fieldErrors?.quietEnd} hint="In the organization's time zone; may pass midnight (22:00 → 07:00).">
              <input id="quietEnd" name="quietEnd" type="time" className={inputClass} />
            </Field>
          </div>
          <FormError message={state.fieldErrors ? undefined : state.error} />
          <SubmitButton pendingLabel="Saving…">Save recipient</SubmitButton>
        </ActionForm>
      )}
    </section>
  );
}
