"use client";

import { useActionState, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { saveCostAssumptionAction } from "./actions";

type Props = {
  /** the saved assumption, or null (first time: blank fields) */
  current: { agentHourRate: number; minutesPerConversation: number } | null;
  /** distinguishes the two places the editor opens from (header gear, work tile) */
  idPrefix: string;
  label: string;
  variant?: "gear" | "link" | "primary";
};

/**
 * The CostAssumptionModal (001_… IMPACT-S04): agent-hour rate in rupiah and minutes per conversation, owner/admin
 * only (the page renders it only for them; the server checks again). A native modal dialog: focus moves in, Esc
 * closes it. Save shows a spinner and keeps the fields while saving; invalid input shows inline errors and saves
 * nothing; success closes it with a toast and the report recomputes.
 */
export function CostAssumptionDialog({ current, idPrefix, label, variant = "link" }: Props) {
  const t = useTranslations("reports");
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, action] = useActionState<ActionState, FormData>(saveCostAssumptionAction, {});
  useActionToast(state);
  useEffect(() => {
    if (state.ok) dialog.current?.close();
  }, [state.ok, state.at]);
  const id = (name: string) => `${idPrefix}-${name}`;
  const trigger = {
    gear: "inline-flex items-center gap-1 rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-700 hover:bg-gray-50",
    link: "text-sm font-medium text-blue-700 underline-offset-2 hover:underline",
    primary: "rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-700",
  }[variant];
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} className={`${trigger} focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500`}>
        {variant === "gear" ? <span aria-hidden>⚙</span> : null}
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={id("title")} className="w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-gray-900/40">
        <ActionForm action={action} className="space-y-4 p-6" noValidate>
          <div>
            <h2 id={id("title")} className="text-lg font-semibold text-gray-900">{t("impact.dialog.title")}</h2>
            <p className="mt-1 text-sm text-gray-600">
              {t("impact.dialog.intro")}
            </p>
          </div>
          <Field id={id("rate")} label={t("impact.dialog.rate")} error={state.fieldErrors?.agentHourRate} hint={t("impact.dialog.rateHint")}>
            <input id={id("rate")} name="agentHourRate" inputMode="numeric" autoComplete="off" required defaultValue={current?.agentHourRate ?? ""}
              aria-invalid={Boolean(state.fieldErrors?.agentHourRate)} aria-describedby={id("rate-error")} className={inputClass} />
          </Field>
          <Field id={id("minutes")} label={t("impact.dialog.minutes")} error={state.fieldErrors?.minutesPerConversation} hint={t("impact.dialog.minutesHint")}>
            <input id={id("minutes")} name="minutesPerConversation" inputMode="numeric" autoComplete="off" required defaultValue={current?.minutesPerConversation ?? ""}
              aria-invalid={Boolean(state.fieldErrors?.minutesPerConversation)} aria-describedby={id("minutes-error")} className={inputClass} />
          </Field>
          <FormError message={state.fieldErrors ? undefined : state.error} />
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm text-gray-700 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500">{t("impact.dialog.cancel")}</button>
            <SubmitButton pendingLabel={t("impact.dialog.saving")}>{t("impact.dialog.save")}</SubmitButton>
          </div>
        </ActionForm>
      </dialog>
    </>
  );
}
