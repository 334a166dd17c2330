"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { agentSignalEnum } from "@/db/schema";
import { saveAlertSettings } from "@/lib/alerts/alert-settings";
import { removeRecipient, saveRecipient } from "@/lib/alerts/manage-recipients";

/** Saves dedup window, storm threshold and severities. */
export async function saveAlertSettingsAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    await saveAlertSettings(await getDb(), {
      actor: member,
      input: {
        dedupWindowMinutes: formData.get("dedupWindowMinutes"),
        stormThreshold: formData.get("stormThreshold"),
        noisyPerHour: formData.get("noisyPerHour"),
        severities: Object.fromEntries(agentSignalEnum.enumValues.map((s) => [s, formData.get(`severity.${s}`)])),
      },
    });
    revalidatePath("/settings/alerts");
    const t = await getTranslations("settings.alerts.messages");
    return { message: t("settingsSaved") };
  }, { input: formData });
}

/** Adds or updates a recipient. */
export async function saveRecipientAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    await saveRecipient(await getDb(), {
      actor: member,
      input: {
        userId: formData.get("userId"),
        channelId: formData.get("channelId") ?? "",
        signals: formData.getAll("signals"),
        quietStart: formData.get("quietStart") ?? "",
        quietEnd: formData.get("quietEnd") ?? "",
      },
    });
    revalidatePath("/settings/alerts");
    const t = await getTranslations("settings.alerts.messages");
    return { message: t("recipientSaved") };
  }, { input: formData });
}

/** Removes a recipient. */
export async function removeRecipientAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    await removeRecipient(await getDb(), { actor: member, recipientId: String(formData.get("recipientId") ?? "") });
    revalidatePath("/settings/alerts");
    const t = await getTranslations("settings.alerts.messages");
    return { message: t("recipientRemoved") };
  }, { input: formData });
}
