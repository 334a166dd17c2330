"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { deleteArticleAction, updateArticleAction } from "../actions";

type Article = { id: string; title: string; body: string; collection: string; language: "en" | "id" };

/** Edit an article's title, text, collection and language; delete it. */
export function ArticleForm({ article, collections }: { article: Article; collections: string[] }) {
  const [state, save] = useActionState<ActionState, FormData>(updateArticleAction, {});
  const [deleted, remove] = useActionState<ActionState, FormData>(deleteArticleAction, {});
  useActionToast(state);
  const fe = state.fieldErrors ?? {};
  return (
    <div className="space-y-4">
      <ActionForm action={save} className="space-y-4 rounded-lg border border-gray-200 bg-white p-5" noValidate>
        <input type="hidden" name="articleId" value={article.id} />
        <Field id="title" label="Title" error={fe.title}>
          <input id="title" name="title" defaultValue={article.title} maxLength={300} aria-invalid={!!fe.title} className={inputClass} />
        </Field>
        <Field id="body" label="Text" error={fe.body} hint="The AI agent quotes or summarises this text and cites the article.">
          <textarea id="body" name="body" defaultValue={article.body} rows={14} aria-invalid={!!fe.body} className={`${inputClass} font-mono`} />
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
