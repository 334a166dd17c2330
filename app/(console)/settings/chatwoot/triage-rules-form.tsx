"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { withSuccessToast } from "@/components/form/use-action-toast";
import type { TriageRules } from "@/lib/chatwoot/triage-rules";
import { saveTriageRulesAction } from "./actions";

const LISTS = [
  { name: "p0", label: "P0 – Critical (human immediately)", hint: "Payment failures, order errors, security issues." },
  { name: "p1", label: "P1 – High", hint: "Shipping delays, damaged products, urgent returns." },
  { name: "p3", label: "P3 – Low", hint: "Marketing inquiries, feedback, suggestions. Anything else is P2 – Normal." },
  { name: "escalationKeywords", label: "Escalate to a human without a draft", hint: "e.g. urgent, lawyer, fraud." },
] as const;

const NUMBERS = [
  { name: "maxUnresolved", label: "Escalate above this many other unresolved conversations", step: "1" },
  { name: "minPreviousGrade", label: "Escalate when the previous draft was graded below (1–5)", step: "0.1" },
  { name: "maxOrderValue", label: "Escalate above this order value (US$, `order_value` attribute)", step: "1" },
  { name: "maxRefund", label: "Escalate when a refund above this is asked (US$)", step: "1" },
  { name: "angerScore", label: "Escalate at or below this mood score (negative = angry)", step: "1" },
  { name: "minDraftConfidence", label: "Draft only at or above this confidence (0–1)", step: "0.05" },
  { name: "operatorReminderMinutes", label: "Remind the operator by push after a draft waits (minutes)", step: "1" },
  { name: "managerAlertMinutes", label: "Alert supervisors after a draft waits (minutes)", step: "1" },
] as const;

/** The org's triage rules (004_… §3): keyword lists per priority and the escalation thresholds. */
export function TriageRulesForm({ rules }: { rules: TriageRules }) {
  // the form is keyed by the link's save time, so it remounts after saving: toast from the action itself
  const [state, action] = useActionState<ActionState, FormData>(withSuccessToast(saveTriageRulesAction), {});
  const errors = state.fieldErrors ?? {};
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5" aria-labelledby="triage-heading">
      <h2 id="triage-heading" className="font-semibold">Triage rules</h2>
      <p className="mt-1 text-sm text-gray-600">Words are matched as whole words, in any case; one per line. The priority is written back to Chatwoot as its priority and a <code>priority-pN</code> label.</p>
      <ActionForm action={action} className="mt-3 space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          {LISTS.map((l) => (
            <Field key={l.name} id={`rules-${l.name}`} label={l.label} error={errors[l.name]} hint={l.hint}>
              <textarea id={`rules-${l.name}`} name={l.name} rows={5} defaultValue={rules[l.name].join("\n")} className={inputClass} aria-invalid={Boolean(errors[l.name])} />
            </Field>
          ))}
          {NUMBERS.map((n) => (
            <Field key={n.name} id={`rules-${n.name}`} label={n.label} error={errors[n.name]}>
              <input id={`rules-${n.name}`} name={n.name} type="number" step={n.step} defaultValue={rules[n.name]} className={inputClass} aria-invalid={Boolean(errors[n.name])} />
            </Field>
          ))}
        </div>
        <FormError message={state.fieldErrors ? "Please fix the errors above." : state.error} />
        <div className="flex gap-2">
          <SubmitButton pendingLabel="Saving…" name="intent" value="save">Save rules</SubmitButton>
          <SubmitButton pendingLabel="Restoring…" name="intent" value="reset" variant="secondary">Restore defaults</SubmitButton>
        </div>
      </ActionForm>
    </section>
  );
}
