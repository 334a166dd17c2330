"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { draftAgentAction } from "./actions";

/** "Describe your business" → a complete draft config, opened in the editor. */
export function DraftForm({ drafter }: { drafter: string }) {
  const [state, action] = useActionState<ActionState, FormData>(draftAgentAction, {});
  const t = useTranslations("agents");
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5">
      <h2 className="font-semibold">{t("draftForm.title")}</h2>
      <p className="mb-3 text-sm text-gray-500">{t("draftForm.intro", { drafter })}</p>
      <ActionForm action={action} className="space-y-3">
        <Field id="prompt" label={t("draftForm.label")} error={state.fieldErrors?.prompt} hint={t("draftForm.hint")}>
          <textarea id="prompt" name="prompt" rows={3} maxLength={1000} className={inputClass}
            aria-invalid={Boolean(state.fieldErrors?.prompt)} aria-describedby="prompt-error" />
        </Field>
        <FormError message={state.fieldErrors ? undefined : state.error} />
        <SubmitButton pendingLabel={t("draftForm.pending")}>{t("draftForm.submit")}</SubmitButton>
      </ActionForm>
    </section>
  );
}
