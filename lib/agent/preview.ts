/**
 * The editor's preview (002_… preview): chat with the unsaved config. Turns run through the same ingest path as
 * live traffic, on the org's `bot_preview` channel (created on first use), so every bot turn is stored with its
 * confidence, sources, capability and signals — and preview traffic never counts in lists or reports.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { channelIntegrations } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { seal } from "@/lib/crypto/secret-box";
import { loadChannelContext } from "@/lib/ingest/load-channel";
import { receiveMessage, type IngestResponse } from "@/lib/ingest/receive-message";
import { localized } from "@/lib/i18n/language-scope";
import { newWebhookSecret } from "@/lib/ingest/sign";
import { assertAgentWriter } from "./agent-access";
import { agentConfigSchema } from "./config-schema";
import type { ModelClient } from "./model-client";

export const PREVIEW_CHANNEL_NAME = "Agent preview";

export const previewTurnSchema = z.object({
  /** the preview chat to continue (from the previous turn); absent → a new chat */
  chatId: z.string().regex(/^preview-[0-9a-f-]{36}$/).optional(),
  text: z.string().trim().min(1, localized("agents.preview.textRequired")).max(2000, localized("agents.preview.textTooLong")),
});

/** The org's preview channel id, created on first use (one per org, enforced by a partial unique index). */
export async function ensurePreviewChannel(db: Db, orgId: string): Promise<string> {
  const find = () =>
    db
      .select({ id: channelIntegrations.id })
      .from(channelIntegrations)
      .where(and(eq(channelIntegrations.orgId, orgId), eq(channelIntegrations.type, "bot_preview")))
      .limit(1);
  const [existing] = await find();
  if (existing) return existing.id;
  // the name carries a random suffix so it never clashes with a channel an admin named "Agent preview"; a concurrent
  // first preview loses the race on the one-preview-channel-per-org index and reuses the winner's
  await db
    .insert(channelIntegrations)
    .values({ orgId, name: `${PREVIEW_CHANNEL_NAME} (${randomUUID().slice(0, 8)})`, type: "bot_preview", botPercent: 100, webhookSecretEncrypted: seal(newWebhookSecret()) })
    .onConflictDoNothing({ target: channelIntegrations.orgId, where: sql`${channelIntegrations.type} = 'bot_preview'` });
  const [created] = await find();
  if (!created) throw new Error("preview channel could not be created");
  return created.id;
}

/**
 * One preview turn: the customer text goes through ingest on the preview channel and the draft config answers it.
 * @param params.config the editor's current (unsaved) config, validated whole (ZodError)
 * @param params.input `{ chatId?, text }` (ZodError when empty/too long)
 * @returns the chat id to continue with, and the engine's reply (null once the chat was handed over or resolved)
 * @throws UserError 403 (role/plan)
 */
export async function previewTurn(
  db: Db,
  { actor, config: rawConfig, input: rawInput, model = null }: { actor: Membership; config: unknown; input: unknown; model?: ModelClient | null },
): Promise<{ chatId: string; response: IngestResponse }> {
  await assertAgentWriter(db, actor);
  const config = agentConfigSchema.parse(rawConfig);
  const input = previewTurnSchema.parse(rawInput);
  const channelId = await ensurePreviewChannel(db, actor.orgId);
  const ctx = await loadChannelContext(db, channelId);
  if (!ctx) throw new Error("preview channel vanished");
  const chatId = input.chatId ?? `preview-${randomUUID()}`;
  const result = await receiveMessage(db, {
    ctx,
    input: {
      channel_id: channelId,
      conversation_id: chatId,
      message_id: randomUUID(),
      contact: { id: `preview:${actor.userId}`, name: `${actor.name} (preview)` },
      text: input.text,
      sent_at: new Date().toISOString(),
    },
    agent: { config, versionId: null, agentId: null, agentName: config.profile.name, paused: false },
    model,
  });
  return { chatId, response: result.response };
}
