"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { requestOrigin } from "@/app/_lib/origin";
import { getDb } from "@/db/client";
import { createChannel } from "@/lib/channels/create-channel";
import { setOutboundReplyUrl } from "@/lib/channels/outbound-reply-url";
import { rotateChannelSecret } from "@/lib/channels/rotate-channel-secret";
import { renameChannel, setChannelArchived } from "@/lib/channels/update-channel";
import { curlExample } from "@/lib/channels/webhook-example";

export type RevealedSecret = { channelId: string; name?: string; secret: string; curl: string; previousValidUntil?: string };

/** Creates a channel and reveals its signing secret once. */
export async function createChannelAction(_prev: ActionState<RevealedSecret>, formData: FormData): Promise<ActionState<RevealedSecret>> {
  return runAction("settingsWrite", async (member) => {
    const channel = await createChannel(await getDb(), { actor: member, input: { name: formData.get("name"), type: formData.get("type") } });
    revalidatePath("/settings/channels");
    const curl = curlExample({ origin: await requestOrigin(), channelId: channel.id, secret: channel.secret });
    const t = await getTranslations("settings.channels.messages");
    return { message: t("created", { name: channel.name }), data: { channelId: channel.id, name: channel.name, secret: channel.secret, curl } };
  }, { input: formData });
}

/** Rotates the channel's secret; the old one keeps working for 24 h. Reveals the new one once. */
export async function rotateSecretAction(_prev: ActionState<RevealedSecret>, formData: FormData): Promise<ActionState<RevealedSecret>> {
  return runAction("settingsWrite", async (member) => {
    const channelId = String(formData.get("channelId") ?? "");
    const { secret, previousValidUntil } = await rotateChannelSecret(await getDb(), { actor: member, channelId });
    revalidatePath(`/settings/channels/${channelId}`);
    const curl = curlExample({ origin: await requestOrigin(), channelId, secret });
    const t = await getTranslations("settings.channels.messages");
    return { message: t("rotated"), data: { channelId, secret, curl, previousValidUntil: previousValidUntil.toISOString() } };
  }, { input: formData });
}

/** Renames a channel. */
export async function renameChannelAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    await renameChannel(await getDb(), { actor: member, input: { channelId: formData.get("channelId"), name: formData.get("name") } });
    revalidatePath("/settings/channels", "layout");
    const t = await getTranslations("settings.channels.messages");
    return { message: t("renamed") };
  }, { input: formData });
}

/** Archives or restores a channel. */
export async function archiveChannelAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    const archived = formData.get("archived") === "true";
    await setChannelArchived(await getDb(), { actor: member, input: { channelId: formData.get("channelId"), archived } });
    revalidatePath("/settings/channels", "layout");
    const t = await getTranslations("settings.channels.messages");
    return { message: archived ? t("archived") : t("restored") };
  }, { input: formData });
}

/** Sets or (blank) clears the URL that replies composed after the webhook's answer are POSTed to. */
export async function outboundReplyUrlAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    const channelId = String(formData.get("channelId") ?? "");
    const { outboundReplyUrl } = await setOutboundReplyUrl(await getDb(), { actor: member, input: { channelId, url: formData.get("url") ?? "" } });
    revalidatePath(`/settings/channels/${channelId}`);
    const t = await getTranslations("settings.channels.messages");
    return { message: outboundReplyUrl ? t("replyUrlSaved") : t("replyUrlCleared") };
  }, { input: formData });
}
