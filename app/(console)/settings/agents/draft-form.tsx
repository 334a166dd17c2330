"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { draftAgentAction } from "./actions";

/** "Describe your business" → a complete draft config, opened in the editor. */
export function DraftForm({ drafter }: { drafter: string }) {
  const [state, action] = useActionState<ActionState, FormData>(draftAgentAction, {});
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5">
      <h2 className="font-semibold">New agent from a description</h2>
      <p className="mb-3 text-sm text-gray-500">Describe your business in a sentence or two. You get a complete draft to review — drafted by {drafter}.</p>
      <ActionForm action={action} className="space-y-3">
        <Field id="prompt" label="Your business" error={state.fieldErrors?.prompt} hint="e.g. We are Batik Sari, a batik shop in Solo selling shirts and sarongs online; customers ask about sizes, shipping and returns.">
          <textarea id="prompt" name="prompt" rows={3} maxLength={1000} className={inputClass}
            aria-invalid={Boolean(state.fieldErrors?.prompt)} aria-describedby="prompt-error" />
        </Field>
        <FormError message={state.fieldErrors ? undefined : state.error} />
        <SubmitButton pendingLabel="Drafting…">Draft agent</SubmitButton>
      </ActionForm>
    </section>
  );
}
