"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { importKnowledgeAction, type ImportState } from "./actions";

/** Upload a .md, .csv (question, answer) or policy-guideline .json file into a collection; bad rows are listed. */
export function ImportForm({ collections }: { collections: string[] }) {
  const [state, action] = useActionState<ImportState, FormData>(importKnowledgeAction, {});
  useActionToast(state);
  const fe = state.fieldErrors ?? {};
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5">
      <h2 className="font-semibold">Import articles</h2>
      <p className="mb-3 text-sm text-gray-500">
        Markdown (one article per heading), CSV with <code>question,answer</code> columns, or policy guidelines (.json). Up to 2 MB.
        Importing the same file again updates its articles instead of adding copies.
      </p>
      <ActionForm action={action} className="flex flex-wrap items-start gap-3" noValidate encType="multipart/form-data">
        <div className="w-72">
          <Field id="knowledge-file" label="File" error={fe.file}>
            <input id="knowledge-file" name="file" type="file" accept=".md,.markdown,.csv,.json" required className="mt-1 block w-full text-sm" />
          </Field>
        </div>
        <div className="w-56">
          <Field id="knowledge-collection" label="Collection" error={fe.collection}>
            <input id="knowledge-collection" name="collection" list="knowledge-collections" defaultValue={collections[0] ?? "FAQ"} maxLength={120} className={inputClass} />
            <datalist id="knowledge-collections">{collections.map((c) => <option key={c} value={c} />)}</datalist>
          </Field>
        </div>
        <div className="w-48">
          <Field id="knowledge-language" label="Language" error={fe.language}>
            <select id="knowledge-language" name="language" defaultValue="en" className={inputClass}>
              <option value="en">English</option>
              <option value="id">Bahasa Indonesia</option>
            </select>
          </Field>
        </div>
        <div className="pt-6"><SubmitButton pendingLabel="Importing…">Import</SubmitButton></div>
      </ActionForm>
      <div className="mt-3 space-y-2">
        <FormError message={state.error} />
        {state.rows?.length ? (
          <ul aria-label="Problems in the file" className="max-h-48 overflow-auto rounded-md border border-red-100 bg-white px-3 py-2 text-sm text-red-700">
            {state.rows.map((r, i) => <li key={i}><span className="font-medium">{r.row}:</span> {r.message}</li>)}
          </ul>
        ) : null}
      </div>
    </section>
  );
}
