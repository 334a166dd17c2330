"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { withSuccessToast } from "@/components/form/use-action-toast";
import type { TriageRules } from "@/lib/chatwoot/triage-rules";
import { saveTriageRulesAction } from "./actions";

// labels and hints in `settings.chatwoot.triage.lists.<name>` and `settings.chatwoot.triage.numbers.<name>`
const LISTS = ["p0", "p1", "p3", "escalationKeywords"] as const;

const NUMBERS = [
  { name: "maxUnresolved", step: "1" },
  { name: "minPreviousGrade", step: "0.1" },
  { name: "maxOrderValue", step: "1" },
  { name: "maxRefund", step: "1" },
  { name: "angerScore", step: "1" },
  // a percentage in the form (70), a fraction in the rules (0.7): the action converts it
  { name: "minDraftConfidence", step: "any" },
  { name: "operatorReminderMinutes", step: "1" },
  { name: "managerAlertMinutes", step: "1" },
] as const;

/** A threshold as the form shows it: the draft confidence as a percentage (0.674 → 67.4). */
function shown(name: (typeof NUMBERS)[number]["name"], value: number): number {
  return name === "minDraftConfidence" ? Math.round(value * 1000) / 10 : value;
}

/** The org's triage rules (004_… §3): keyword lists per priority and the escalation thresholds. */
export function TriageRulesForm({ rules }: { rules: TriageRules }) {
  // the form is keyed by the link's save time, so it remounts after saving: toast from the action itself
  const [state, action] = useActionState<ActionState, FormData>(withSuccessToast(saveTriageRulesAction), {});
  const errors = state.fieldErrors ?? {};
  const t = useTranslations("settings.chatwoot.triage");
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5" aria-labelledby="triage-heading">
      <h2 id="triage-heading" className="font-semibold">{t("title")}</h2>
      <p className="mt-1 text-sm text-gray-600">{t.rich("intro", { code: (chunks) => <code>{chunks}</code> })}</p>
      <ActionForm action={action} className="mt-3 space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          {LISTS.map((l) => (
            <Field key={l} id={`rules-${l}`} label={t(`lists.${l}.label`)} error={errors[l]} hint={t(`lists.${l}.hint`)}>
              <textarea id={`rules-${l}`} name={l} rows={5} defaultValue={rules[l].join("\n")} className={inputClass} aria-invalid={Boolean(errors[l])} />
            </Field>
          ))}
          {NUMBERS.map((n) => (
            <Field key={n.name} id={`rules-${n.name}`} label={t(`numbers.${n.name}`)} error={errors[n.name]}>
              <input id={`rules-${n.name}`} name={n.name} type="number" step={n.step} defaultValue={shown(n.name, rules[n.name])} className={inputClass} aria-invalid={Boolean(errors[n.name])} />
            </Field>
          ))}
        </div>
        <FormError message={state.fieldErrors ? t("fixErrors") : state.error} />
        <div className="flex gap-2">
          <SubmitButton pendingLabel={t("saving")} name="intent" value="save">{t("save")}</SubmitButton>
          <SubmitButton pendingLabel={t("restoring")} name="intent" value="reset" variant="secondary">{t("restore")}</SubmitButton>
        </div>
      </ActionForm>
    </section>
  );
}
