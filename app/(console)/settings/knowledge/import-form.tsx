"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { importKnowledgeAction, type ImportState } from "./actions";
import { AUDIENCE_OPTIONS } from "./audience";

/**
 * Upload a .md, .csv (question, answer) or .json (help centre or policy guidelines) file into a collection, with the
 * audience and language for articles whose file doesn't set them; bad rows are listed.
 */
export function ImportForm({ collections }: { collections: string[] }) {
  const [state, action] = useActionState<ImportState, FormData>(importKnowledgeAction, {});
  useActionToast(state);
  const fe = state.fieldErrors ?? {};
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5">
      <h2 className="font-semibold">Import articles</h2>
      <p className="text-sm text-gray-500">
        Markdown, CSV or JSON, up to 2 MB. Importing the same file again updates its articles instead of adding copies.
      </p>
      <details className="mb-3 mt-1 text-sm text-gray-600">
        <summary className="cursor-pointer text-blue-700 hover:underline">File formats</summary>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>
            <strong>Markdown</strong>: one article per heading. Front matter (<code>audience: internal</code>, <code>language: id</code> between{" "}
            <code>---</code> lines) sets the whole file. In a section, <code>Key: returns/start</code> sets its topic key, and a closing{" "}
            <code>Example questions:</code> line with <code>- question</code> lines lists the questions it answers.
          </li>
          <li>
            <strong>CSV</strong>: <code>question,answer</code> columns; optional <code>audience</code> (customer or internal), <code>examples</code>{" "}
            (separated by <code> | </code>), <code>key</code> and <code>language</code> (en or id).
          </li>
          <li>
            <strong>JSON</strong>: help-centre entries (<code>{"[{ key, en: { title, body, examples }, id: … }]"}</code>, one article per
            language sharing the key) or policy guidelines (always internal guidance).
          </li>
        </ul>
      </details>
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
        <div className="w-72">
          <Field id="knowledge-audience" label="Audience" error={fe.audience}
            hint="Internal guidance is shown to your team, never sent to customers; the file can override this.">
            <select id="knowledge-audience" name="audience" defaultValue="customer" aria-invalid={!!fe.audience} className={inputClass}>
              {AUDIENCE_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
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
