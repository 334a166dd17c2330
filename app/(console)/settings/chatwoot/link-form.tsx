"use client";

import { useActionState, useEffect, useRef, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { saveChatwootLinkAction, testChatwootConnectionAction } from "./actions";

type Link = { baseUrl: string; accountId: number; escalationTeamId: number | null; escalationAssigneeId: number | null; inboxes: { inboxId: number; channelId: string }[] };

/**
 * The link form (owner/admin): address, account, API access token and webhook secret (write-only: never shown again,
 * blank keeps the saved one), where escalations go, and which Tandem channel each Chatwoot inbox lands on.
 */
export function ChatwootLinkForm({ link, channels }: { link: Link | null; channels: { id: string; name: string }[] }) {
  const [state, action] = useActionState<ActionState, FormData>(saveChatwootLinkAction, {});
  useActionToast(state);
  const t = useTranslations("settings.chatwoot.link");
  const [rows, setRows] = useState(() => (link?.inboxes.length ? link.inboxes.map((i) => ({ inboxId: String(i.inboxId), channelId: i.channelId })) : [{ inboxId: "", channelId: "" }]));
  const [testing, startTest] = useTransition();
  const token = useRef<HTMLInputElement>(null);
  const secret = useRef<HTMLInputElement>(null);
  // saved secrets are write-only: clear them from the page once stored
  useEffect(() => {
    if (!state.ok) return;
    for (const input of [token.current, secret.current]) if (input) input.value = "";
  }, [state.ok, state.at]);
  const errors = state.fieldErrors ?? {};
  const secretHint = link ? t("secretSaved") : t("secretNew");
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5" aria-labelledby="link-heading">
      <h2 id="link-heading" className="font-semibold">{link ? t("titleLinked") : t("title")}</h2>
      <ActionForm action={action} className="mt-3 space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="baseUrl" label={t("baseUrl")} error={errors.baseUrl} hint={t("baseUrlHint")}>
            <input id="baseUrl" name="baseUrl" type="url" required defaultValue={link?.baseUrl ?? ""} className={inputClass} aria-invalid={Boolean(errors.baseUrl)} />
          </Field>
          <Field id="accountId" label={t("accountId")} error={errors.accountId} hint={t("accountIdHint")}>
            <input id="accountId" name="accountId" inputMode="numeric" required defaultValue={link?.accountId ?? ""} className={inputClass} aria-invalid={Boolean(errors.accountId)} />
          </Field>
          <Field id="apiToken" label={t("apiToken")} error={errors.apiToken} hint={t("apiTokenHint", { secretHint })}>
            <input ref={token} id="apiToken" name="apiToken" type="password" autoComplete="off" required={!link} className={inputClass} aria-invalid={Boolean(errors.apiToken)} />
          </Field>
          <Field id="webhookSecret" label={t("webhookSecret")} error={errors.webhookSecret} hint={t("webhookSecretHint", { secretHint })}>
            <input ref={secret} id="webhookSecret" name="webhookSecret" type="password" autoComplete="off" required={!link} className={inputClass} aria-invalid={Boolean(errors.webhookSecret)} />
          </Field>
          <Field id="escalationAssigneeId" label={t("escalationAssignee")} error={errors.escalationAssigneeId} hint={t("escalationAssigneeHint")}>
            <input id="escalationAssigneeId" name="escalationAssigneeId" inputMode="numeric" defaultValue={link?.escalationAssigneeId ?? ""} className={inputClass} aria-invalid={Boolean(errors.escalationAssigneeId)} />
          </Field>
          <Field id="escalationTeamId" label={t("escalationTeam")} error={errors.escalationTeamId} hint={t("escalationTeamHint")}>
            <input id="escalationTeamId" name="escalationTeamId" inputMode="numeric" defaultValue={link?.escalationTeamId ?? ""} className={inputClass} aria-invalid={Boolean(errors.escalationTeamId)} />
          </Field>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-gray-700">{t("inboxes")}</legend>
          <p className="text-xs text-gray-500">{t("inboxesHint")}</p>
          <div className="mt-2 space-y-2">
            {rows.map((row, i) => (
              <div key={i} className="flex flex-wrap items-end gap-2">
                <label className="text-sm">
                  <span className="block text-gray-600">{t("inboxId")}</span>
                  <input name="inboxId" inputMode="numeric" value={row.inboxId} onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, inboxId: e.target.value } : r)))} className="mt-1 w-32 rounded-md border border-gray-300 px-3 py-2 text-sm" />
                </label>
                <label className="text-sm">
                  <span className="block text-gray-600">{t("channel")}</span>
                  <select name="channelId" value={row.channelId} onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, channelId: e.target.value } : r)))} className="mt-1 rounded-md border border-gray-300 px-3 py-2 text-sm">
                    <option value="">{t("chooseChannel")}</option>
                    {channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                  </select>
                </label>
                <button type="button" onClick={() => setRows(rows.length > 1 ? rows.filter((_, j) => j !== i) : [{ inboxId: "", channelId: "" }])} className="rounded-md border border-gray-300 px-3 py-2 text-sm text-gray-700 hover:bg-gray-50" aria-label={t("removeRow", { n: i + 1 })}>{t("remove")}</button>
              </div>
            ))}
          </div>
          {errors.inboxes ? <p className="mt-1 text-sm text-red-600">{errors.inboxes[0]}</p> : null}
          <button type="button" onClick={() => setRows([...rows, { inboxId: "", channelId: "" }])} className="mt-2 text-sm font-medium text-blue-700 hover:underline">{t("addInbox")}</button>
        </fieldset>
        <FormError message={state.fieldErrors ? undefined : state.error} />
        <div className="flex gap-2">
          <SubmitButton pendingLabel={t("saving")}>{link ? t("save") : t("link")}</SubmitButton>
          {link ? (
            <button type="button" disabled={testing} aria-busy={testing}
              onClick={() => startTest(async () => {
                const r = await testChatwootConnectionAction();
                if (r.ok) toast.success(r.message ?? t("connected"));
                else toast.error(r.error ?? t("unreachable"));
              })}
              className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-semibold text-gray-700 hover:bg-gray-50 disabled:opacity-70">
              {testing ? t("testing") : t("test")}
            </button>
          ) : null}
        </div>
      </ActionForm>
    </section>
  );
}
