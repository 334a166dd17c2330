"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { assertAgentWriter } from "@/lib/agent/agent-access";
import { agentConfigSchema } from "@/lib/agent/config-schema";
import { draftAgentConfig, draftPromptSchema } from "@/lib/agent/draft-config";
import { listCollectionSummaries } from "@/lib/agent/collection-summaries";
import { archiveAgent, createAgent, duplicateAgent, saveAgentConfig, setAgentPaused } from "@/lib/agent/manage-agents";
import { modelClientFromEnv } from "@/lib/agent/model-client";
import { previewTurn } from "@/lib/agent/preview";
import { publishAgent, rollbackAgent } from "@/lib/agent/publish-agent";
import { getOrganization } from "@/lib/org/get-organization";
import type { IngestResponse } from "@/lib/ingest/receive-message";
import { pathErrors } from "@/lib/agent/path-errors";
import { safeParseIn } from "@/lib/i18n/language-scope";

const agentPath = (id: string) => `/settings/agents/${id}`;
/** The not-found refusal, in the reader's language. */
const notFound = async (): Promise<ActionState> => ({ error: (await getTranslations("agents"))("actions.notFound"), at: Date.now() });
/** A form's id field as a UUID, or null (a tampered value gets the not-found sentence, not a database error). */
const uuidOf = (v: unknown): string | null => {
  const parsed = z.uuid().safeParse(v);
  return parsed.success ? parsed.data : null;
};
/** `schema.safeParse(value)` with its field errors in the reader's language (checked before the role, as the editor does). */
const parseInReaderLanguage = async <S extends z.ZodType>(schema: S, value: unknown) => safeParseIn(await getLocale(), schema, value);

/** Drafts a config from the admin's description (model or template) and opens it in the editor as a new draft. */
export async function draftAgentAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const t = await getTranslations("agents");
  const parsed = await parseInReaderLanguage(draftPromptSchema, formData.get("prompt") ?? "");
  if (!parsed.success) return { error: t("actions.fixErrorsAbove"), fieldErrors: { prompt: parsed.error.issues.map((i) => i.message) }, at: Date.now() };
  const prompt = parsed.data;
  let target: string | undefined;
  const result = await runAction("settingsWrite", async (member) => {
    const db = await getDb();
    // refused before any model call: no model spend for an org without AI agents
    await assertAgentWriter(db, member);
    const org = await getOrganization(db, { orgId: member.orgId });
    const draft = await draftAgentConfig(
      { prompt, collections: await listCollectionSummaries(db, { orgId: member.orgId }), orgName: org?.name ?? member.orgName, orgLanguage: org?.locale.startsWith("id") ? "id" : "en" },
      modelClientFromEnv(),
    );
    const agent = await createAgent(db, { actor: member, config: draft.config, draftSource: draft.source });
    revalidatePath("/settings/agents");
    target = `${agentPath(agent.id)}?note=${encodeURIComponent(draft.note)}`;
  }, { input: formData });
  if (result.ok && target) redirect(target);
  return result;
}

/** Saves the editor's config (not live until published). Field errors are keyed by path, e.g. `routing.messageCap`. */
export async function saveAgentAction(agentId: string, config: unknown): Promise<ActionState> {
  if (!uuidOf(agentId)) return notFound();
  const t = await getTranslations("agents");
  const parsed = await parseInReaderLanguage(agentConfigSchema, config);
  if (!parsed.success) return { error: t("actions.fixHighlighted"), fieldErrors: pathErrors(parsed.error), at: Date.now() };
  return runAction("settingsWrite", async (member) => {
    await saveAgentConfig(await getDb(), { actor: member, agentId, config: parsed.data });
    revalidatePath(agentPath(agentId));
    revalidatePath("/settings/agents");
    return { message: t("actions.saved") };
  }, { input: config });
}

/** Saves then publishes the editor's config as the next version. */
export async function publishAgentAction(agentId: string, config: unknown): Promise<ActionState> {
  const saved = await saveAgentAction(agentId, config);
  if (!saved.ok) return saved;
  const t = await getTranslations("agents");
  return runAction("settingsWrite", async (member) => {
    const version = await publishAgent(await getDb(), { actor: member, agentId });
    revalidatePath(agentPath(agentId));
    revalidatePath("/settings/agents");
    return { message: t("actions.published", { version: version.version }) };
  }, { input: config });
}

/** Restores an earlier version (published again as a new version). */
export async function rollbackAgentAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const agentId = uuidOf(formData.get("agentId"));
  const versionId = uuidOf(formData.get("versionId"));
  if (!agentId || !versionId) return notFound();
  const t = await getTranslations("agents");
  return runAction("settingsWrite", async (member) => {
    const version = await rollbackAgent(await getDb(), { actor: member, agentId, versionId });
    revalidatePath(agentPath(agentId));
    revalidatePath("/settings/agents");
    return { message: t("actions.rolledBack", { version: version.version, from: version.rolledBackFrom ?? "" }) };
  }, { input: formData });
}

/** Pause, resume, duplicate or archive, from the list or the editor. */
export async function agentCommandAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const agentId = uuidOf(formData.get("agentId"));
  if (!agentId) return notFound();
  const t = await getTranslations("agents");
  const command = String(formData.get("command") ?? "");
  let target: string | undefined;
  const result = await runAction("settingsWrite", async (member) => {
    const db = await getDb();
    revalidatePath("/settings/agents");
    revalidatePath(agentPath(agentId));
    switch (command) {
      case "pause":
        await setAgentPaused(db, { actor: member, agentId, paused: true });
        return { message: t("actions.paused") };
      case "resume":
        await setAgentPaused(db, { actor: member, agentId, paused: false });
        return { message: t("actions.resumed") };
      case "duplicate": {
        const copy = await duplicateAgent(db, { actor: member, agentId });
        target = agentPath(copy.id);
        return { message: t("actions.duplicated", { name: copy.name }) };
      }
      case "archive":
        await archiveAgent(db, { actor: member, agentId });
        target = "/settings/agents?archived=1";
        return { message: t("actions.archived") };
      default:
        return { message: t("actions.nothingToDo") };
    }
  }, { input: formData });
  if (result.ok && target) redirect(target);
  return result;
}

export type PreviewState = ActionState<{ chatId: string; response: IngestResponse }>;

/** One preview turn with the editor's unsaved config, on the org's preview channel. */
export async function previewAction(config: unknown, chatId: string | undefined, text: string): Promise<PreviewState> {
  const parsed = await parseInReaderLanguage(agentConfigSchema, config);
  if (!parsed.success) return { error: (await getTranslations("agents"))("actions.previewFix"), fieldErrors: pathErrors(parsed.error), at: Date.now() };
  return runAction("settingsWrite", async (member) => ({
    data: await previewTurn(await getDb(), { actor: member, config: parsed.data, input: { chatId, text }, model: modelClientFromEnv() }),
  }), { input: { config, text } });
}
