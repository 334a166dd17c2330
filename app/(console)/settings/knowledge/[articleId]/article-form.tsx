"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import type { KnowledgeAudience } from "@/db/schema";
import { deleteArticleAction, updateArticleAction } from "../actions";
import { AUDIENCES } from "../audience";

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
  const t = useTranslations("agents");
  // the field's inline error, for screen readers
  const describedBy = (name: string) => (fe[name] ? `${name}-error` : undefined);
  return (
    <div className="space-y-4">
      <ActionForm action={save} className="space-y-4 rounded-lg border border-gray-200 bg-white p-5" noValidate>
        <input type="hidden" name="articleId" value={article.id} />
        <Field id="title" label={t("articleForm.title")} error={fe.title}>
          <input id="title" name="title" defaultValue={article.title} maxLength={300} aria-invalid={!!fe.title} aria-describedby={describedBy("title")} className={inputClass} />
        </Field>
        <Field id="body" label={t("articleForm.body")} error={fe.body} hint={t("articleForm.bodyHint")}>
          <textarea id="body" name="body" defaultValue={article.body} rows={14} aria-invalid={!!fe.body} aria-describedby={describedBy("body")} className={`${inputClass} font-mono`} />
        </Field>
        <Field id="audience" label={t("articleForm.audience")} error={fe.audience}
          hint={t("articleForm.audienceHint")}>
          <select id="audience" name="audience" defaultValue={article.audience} aria-invalid={!!fe.audience} aria-describedby={describedBy("audience")} className={inputClass}>
            {AUDIENCES.map((a) => <option key={a} value={a}>{t(`audience.option.${a}`)}</option>)}
          </select>
        </Field>
        <Field id="examples" label={t("articleForm.examples")} error={fe.examples} hint={t("articleForm.examplesHint")}>
          <textarea id="examples" name="examples" defaultValue={article.examples.join("\n")} rows={5} aria-invalid={!!fe.examples} aria-describedby={describedBy("examples")} className={inputClass} />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="collection" label={t("articleForm.collection")} error={fe.collection}>
            <input id="collection" name="collection" defaultValue={article.collection} list="collections" maxLength={120} className={inputClass} />
            <datalist id="collections">{collections.map((c) => <option key={c} value={c} />)}</datalist>
          </Field>
          <Field id="language" label={t("articleForm.language")} error={fe.language}>
            <select id="language" name="language" defaultValue={article.language} className={inputClass}>
              <option value="en">{t("knowledge.languages.en")}</option>
              <option value="id">{t("knowledge.languages.id")}</option>
            </select>
          </Field>
          <Field id="topicKey" label={t("articleForm.topicKey")} error={fe.topicKey} hint={t("articleForm.topicKeyHint")}>
            <input id="topicKey" name="topicKey" defaultValue={article.topicKey ?? ""} maxLength={120} placeholder={t("articleForm.topicKeyPlaceholder")} aria-invalid={!!fe.topicKey} aria-describedby={describedBy("topicKey")} className={`${inputClass} font-mono`} />
          </Field>
        </div>
        <FormError message={state.error} />
        <SubmitButton pendingLabel={t("articleForm.saving")}>{t("articleForm.save")}</SubmitButton>
      </ActionForm>
      <form action={remove} onSubmit={(e) => { if (!confirm(t("articleForm.deleteConfirm", { title: article.title }))) e.preventDefault(); }}>
        <input type="hidden" name="articleId" value={article.id} />
        <FormError message={deleted.error} />
        <SubmitButton variant="danger" pendingLabel={t("articleForm.deleting")}>{t("articleForm.delete")}</SubmitButton>
      </form>
    </div>
  );
}
