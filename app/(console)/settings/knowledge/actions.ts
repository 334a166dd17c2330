"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { deleteArticle, importKnowledge, updateArticle } from "@/lib/knowledge/manage-knowledge";
import { KnowledgeFileError, MAX_KNOWLEDGE_FILE_BYTES, type RowError } from "@/lib/knowledge/parse-knowledge-file";

export type ImportState = ActionState & { rows?: RowError[] };

/** Imports an uploaded Markdown, CSV, help-centre or policy-guideline JSON file into a collection. */
export async function importKnowledgeAction(_prev: ImportState, formData: FormData): Promise<ImportState> {
  let rows: RowError[] | undefined;
  const t = await getTranslations("agents");
  const result = await runAction("settingsWrite", async (member) => {
    const file = formData.get("file");
    if (!(file instanceof File) || file.size === 0) throw new KnowledgeFileError(t("importForm.noFile"));
    if (file.size > MAX_KNOWLEDGE_FILE_BYTES) throw new KnowledgeFileError(t("importForm.tooLarge"));
    try {
      const { inserted, updated } = await importKnowledge(await getDb(), {
        actor: member,
        filename: file.name,
        content: await file.text(),
        options: { collection: formData.get("collection"), language: formData.get("language"), audience: formData.get("audience") ?? undefined },
      });
      revalidatePath("/settings/knowledge");
      return { message: t("importForm.imported", { file: file.name, inserted, updated }) };
    } catch (error) {
      if (error instanceof KnowledgeFileError) rows = error.rows;
      throw error;
    }
  }, { input: formData });
  return { ...result, rows };
}

/** Saves an article's title, text, collection, language, audience, topic key and example questions (one per line). */
export async function updateArticleAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  // a field the form didn't send stays as it is
  const optional = (name: string) => formData.get(name) ?? undefined;
  const t = await getTranslations("agents");
  return runAction("settingsWrite", async (member) => {
    await updateArticle(await getDb(), {
      actor: member,
      articleId: String(formData.get("articleId") ?? ""),
      input: {
        title: formData.get("title"), body: formData.get("body"), collection: formData.get("collection"), language: formData.get("language"),
        audience: optional("audience"), topicKey: optional("topicKey"), examples: optional("examples"),
      },
    });
    revalidatePath("/settings/knowledge", "layout");
    return { message: t("articleForm.saved") };
  }, { input: formData });
}

/** Deletes an article and returns to the list. */
export async function deleteArticleAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const result = await runAction("settingsWrite", async (member) => {
    await deleteArticle(await getDb(), { actor: member, articleId: String(formData.get("articleId") ?? "") });
    revalidatePath("/settings/knowledge");
  }, { input: formData });
  if (result.ok) redirect("/settings/knowledge?deleted=1");
  return result;
}
