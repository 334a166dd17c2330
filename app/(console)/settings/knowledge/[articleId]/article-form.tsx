"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import type { KnowledgeAudience } from "@/db/schema";
import { deleteArticleAction, updateArticleAction } from "../actions";
import { AUDIENCE_OPTIONS } from "../audience";

type Article = {
  id: string; title: string; body: string; collection: string; language: "en" | "id";
  audience: KnowledgeAudience; topicKey: string | null; examples: string[];
};

/** Edit an article's title, text, audience, example questions, collection, language and topic key; delete it. */
export function ArticleForm({ article, collections }: { article: Article; collections: string[] }) {
  const [state, save] = useActionState<ActionState, FormData>(updateArticleAction, {});
  const [deleted, remove] = useActionState<ActionState, FormData>(deleteArticleAction, {});
  useActionToast(state);
  const fe = state.fieldErrors ?? {};
  // the field's inline error, for screen readers
  const describedBy = (name: string) => (fe[name] ? `${name}-error` : undefined);
  return (
    <div className="space-y-4">
      <ActionForm action={save} className="space-y-4 rounded-lg border border-gray-200 bg-white p-5" noValidate>
        <input type="hidden" name="articleId" value={article.id} />
        <Field id="title" label="Title" error={fe.title}>
          <input id="title" name="title" defaultValue={article.title} maxLength={300} aria-invalid={!!fe.title} aria-describedby={describedBy("title")} className={inputClass} />
        </Field>
        <Field id="body" label="Text" error={fe.body} hint="The AI agent quotes or summarises this text and cites the article.">
          <textarea id="body" name="body" defaultValue={article.body} rows={14} aria-invalid={!!fe.body} aria-describedby={describedBy("body")} className={`${inputClass} font-mono`} />
        </Field>
        <Field id="audience" label="Audience" error={fe.audience}
          hint="Customer-facing answers may be sent by the AI agent; internal guidance is shown to your team on hand-over, never sent to a customer.">
          <select id="audience" name="audience" defaultValue={article.audience} aria-invalid={!!fe.audience} aria-describedby={describedBy("audience")} className={inputClass}>
            {AUDIENCE_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        </Field>
        <Field id="examples" label="Example questions" error={fe.examples} hint="One per line: questions customers ask that this article answers. The AI agent searches them too.">
          <textarea id="examples" name="examples" defaultValue={article.examples.join("\n")} rows={5} aria-invalid={!!fe.examples} aria-describedby={describedBy("examples")} className={inputClass} />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="collection" label="Collection" error={fe.collection}>
            <input id="collection" name="collection" defaultValue={article.collection} list="collections" maxLength={120} className={inputClass} />
            <datalist id="collections">{collections.map((c) => <option key={c} value={c} />)}</datalist>
          </Field>
          <Field id="language" label="Language" error={fe.language}>
            <select id="language" name="language" defaultValue={article.language} className={inputClass}>
              <option value="en">English</option>
              <option value="id">Bahasa Indonesia</option>
            </select>
          </Field>
          <Field id="topicKey" label="Topic key" error={fe.topicKey} hint="Optional. Articles sharing a key are the same answer in different languages.">
            <input id="topicKey" name="topicKey" defaultValue={article.topicKey ?? ""} maxLength={120} placeholder="e.g. returns/start" aria-invalid={!!fe.topicKey} aria-describedby={describedBy("topicKey")} className={`${inputClass} font-mono`} />
          </Field>
        </div>
        <FormError message={state.error} />
        <SubmitButton pendingLabel="Saving…">Save article</SubmitButton>
      </ActionForm>
      <form action={remove} onSubmit={(e) => { if (!confirm(`Delete "${article.title}"? The AI agent will stop using it.`)) e.preventDefault(); }}>
        <input type="hidden" name="articleId" value={article.id} />
        <FormError message={deleted.error} />
        <SubmitButton variant="danger" pendingLabel="Deleting…">Delete article</SubmitButton>
      </form>
    </div>
  );
}
