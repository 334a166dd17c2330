"use client";

import type { AgentSignalName } from "@/db/schema";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { AGENT_SIGNALS } from "@/lib/alerts/signals";
import { removeRecipientAction, saveRecipientAction } from "./actions";

export type RecipientRow = { id: string; member: string; channel: string; signals: string[]; quiet: string | null };

function RemoveRecipient({ row }: { row: RecipientRow }) {
  const [state, action] = useActionState<ActionState, FormData>(removeRecipientAction, {});
  useActionToast(state, { errors: true });
  const t = useTranslations("settings.alerts.recipients");
  const signalName = useTranslations("monitoring.signal");
  return (
    <ActionForm action={action} confirm={() => window.confirm(t("confirmRemove", { member: row.member, channel: row.channel }))}>
      <input type="hidden" name="recipientId" value={row.id} />
      <SubmitButton variant="danger" pendingLabel={t("removing")} className="!px-2 !py-1 text-xs">{t("remove")}</SubmitButton>
    </ActionForm>
  );
}

/** The explicit recipients table and the add/update form. */
export function Recipients({ rows, members, channels, readOnly }: { rows: RecipientRow[]; members: { id: string; label: string }[]; channels: { id: string; name: string }[]; readOnly: boolean }) {
  const [state, action] = useActionState<ActionState, FormData>(saveRecipientAction, {});
  useActionToast(state);
  const t = useTranslations("settings.alerts.recipients");
  const signalName = useTranslations("monitoring.signal");
  return (
    <section className="rounded-lg border border-gray-200 bg-white" aria-labelledby="recipients-heading">
      <div className="border-b border-gray-100 px-5 py-3">
        <h2 id="recipients-heading" className="font-semibold">{t("title")}</h2>
        <p className="text-sm text-gray-500">{t("intro")}</p>
      </div>
      {rows.length === 0 ? <p className="px-5 py-4 text-sm text-gray-600">{t("empty")}</p> : (
        <div className="relative overflow-x-auto">
        <table className="min-w-full text-sm" aria-label={t("tableLabel")}>
          <thead className="bg-gray-50 text-left text-gray-600"><tr><th className="px-4 py-2 font-medium">{t("columns.member")}</th><th className="px-4 py-2 font-medium">{t("columns.channel")}</th><th className="px-4 py-2 font-medium">{t("columns.signals")}</th><th className="px-4 py-2 font-medium">{t("columns.quietHours")}</th>{readOnly ? null : <th className="px-4 py-2"><span className="sr-only">{t("columns.actions")}</span></th>}</tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-gray-100">
                <td className="px-4 py-2">{r.member}</td>
                <td className="px-4 py-2">{r.channel}</td>
                <td className="px-4 py-2">{r.signals.map((s) => signalName(s as AgentSignalName)).join(", ")}</td>
                <td className="px-4 py-2">{r.quiet ?? "—"}</td>
                {readOnly ? null : <td className="px-4 py-2 text-right"><RemoveRecipient row={r} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {readOnly ? null : (
        <ActionForm action={action} className="space-y-3 border-t border-gray-100 px-5 py-4" aria-label={t("addLabel")}>
          <h3 className="text-sm font-semibold">{t("addTitle")}</h3>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field id="userId" label={t("member")} error={state.fieldErrors?.userId}>
              <select id="userId" name="userId" className={inputClass} defaultValue="">
                <option value="" disabled>{t("chooseMember")}</option>
                {members.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
              </select>
            </Field>
            <Field id="channelId" label={t("channel")} error={state.fieldErrors?.channelId}>
              <select id="channelId" name="channelId" className={inputClass} defaultValue="">
                <option value="">{t("allChannels")}</option>
                {channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            </Field>
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-gray-700">{t("signals")}</legend>
            <div className="mt-1 flex flex-wrap gap-4 text-sm">
              {AGENT_SIGNALS.map((s) => <label key={s} className="flex items-center gap-1"><input type="checkbox" name="signals" value={s} defaultChecked /> {signalName(s)}</label>)}
            </div>
            <p className="mt-1 text-sm text-red-600">{state.fieldErrors?.signals?.[0]}</p>
          </fieldset>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field id="quietStart" label={t("quietFrom")} error={state.fieldErrors?.quietStart}>
              <input id="quietStart" name="quietStart" type="time" className={inputClass} />
            </Field>
            <Field id="quietEnd" label={t("quietUntil")} error={state.fieldErrors?.quietEnd} hint={t("quietHint")}>
              <input id="quietEnd" name="quietEnd" type="time" className={inputClass} />
            </Field>
          </div>
          <FormError message={state.fieldErrors ? undefined : state.error} />
          <SubmitButton pendingLabel={t("saving")}>{t("save")}</SubmitButton>
        </ActionForm>
      )}
    </section>
  );
}
