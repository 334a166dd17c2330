"use client";

import { useTranslations } from "next-intl";
import { useActionState, type ReactNode } from "react";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { importKnowledgeAction, type ImportState } from "./actions";
import { AUDIENCES } from "./audience";

/**
 * Upload a .md, .csv (question, answer) or .json (help centre or policy guidelines) file into a collection, with the
 * audience and language for articles whose file doesn't set them; bad rows are listed.
 */
export function ImportForm({ collections }: { collections: string[] }) {
  const [state, action] = useActionState<ImportState, FormData>(importKnowledgeAction, {});
  useActionToast(state);
  const fe = state.fieldErrors ?? {};
  const t = useTranslations("agents");
  const rich = { b: (chunks: ReactNode) => <strong>{chunks}</strong>, code: (chunks: ReactNode) => <code>{chunks}</code> };
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5">
      <h2 className="font-semibold">{t("importForm.title")}</h2>
      <p className="text-sm text-gray-500">
        {t("importForm.intro")}
      </p>
      <details className="mb-3 mt-1 text-sm text-gray-600">
        <summary className="cursor-pointer text-blue-700 hover:underline">{t("importForm.formats")}</summary>
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>{t.rich("importForm.markdown", rich)}</li>
          <li>{t.rich("importForm.csv", rich)}</li>
          <li>{t.rich("importForm.json", { ...rich, shape: "[{ key, en: { title, body, examples }, id: … }]" })}</li>
        </ul>
      </details>
      <ActionForm action={action} className="flex flex-wrap items-start gap-3" noValidate encType="multipart/form-data">
        <div className="w-72">
          <Field id="knowledge-file" label={t("importForm.file")} error={fe.file}>
            <input id="knowledge-file" name="file" type="file" accept=".md,.markdown,.csv,.json" required className="mt-1 block w-full text-sm" />
          </Field>
        </div>
        <div className="w-56">
          <Field id="knowledge-collection" label={t("importForm.collection")} error={fe.collection}>
            <input id="knowledge-collection" name="collection" list="knowledge-collections" defaultValue={collections[0] ?? "FAQ"} maxLength={120} className={inputClass} />
            <datalist id="knowledge-collections">{collections.map((c) => <option key={c} value={c} />)}</datalist>
          </Field>
        </div>
        <div className="w-48">
          <Field id="knowledge-language" label={t("importForm.language")} error={fe.language}>
            <select id="knowledge-language" name="language" defaultValue="en" className={inputClass}>
              <option value="en">{t("knowledge.languages.en")}</option>
              <option value="id">{t("knowledge.languages.id")}</option>
            </select>
          </Field>
        </div>
        <div className="w-72">
          <Field id="knowledge-audience" label={t("importForm.audience")} error={fe.audience}
            hint={t("importForm.audienceHint")}>
            <select id="knowledge-audience" name="audience" defaultValue="customer" aria-invalid={!!fe.audience} className={inputClass}>
              {AUDIENCES.map((a) => <option key={a} value={a}>{t(`audience.option.${a}`)}</option>)}
            </select>
          </Field>
        </div>
        <div className="pt-6"><SubmitButton pendingLabel={t("importForm.importing")}>{t("importForm.import")}</SubmitButton></div>
      </ActionForm>
      <div className="mt-3 space-y-2">
        <FormError message={state.error} />
        {state.rows?.length ? (
          <ul aria-label={t("importForm.problemsLabel")} className="max-h-48 overflow-auto rounded-md border border-red-100 bg-white px-3 py-2 text-sm text-red-700">
            {state.rows.map((r, i) => <li key={i}><span className="font-medium">{r.row}:</span> {r.message}</li>)}
          </ul>
        ) : null}
      </div>
    </section>
  );
}
