"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { testChatwootConnection } from "@/lib/chatwoot/test-connection";
import { saveChatwootLink, saveTriageRules } from "@/lib/chatwoot/link";

/** Saves the Chatwoot link (owner/admin); blank secret fields keep the saved ones. */
export async function saveChatwootLinkAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    const inboxIds = formData.getAll("inboxId").map(String);
    const channelIds = formData.getAll("channelId").map(String);
    await saveChatwootLink(await getDb(), {
      actor: member,
      input: {
        baseUrl: formData.get("baseUrl") ?? "",
        accountId: formData.get("accountId") ?? "",
        apiToken: formData.get("apiToken") ?? "",
        webhookSecret: formData.get("webhookSecret") ?? "",
        escalationTeamId: formData.get("escalationTeamId") ?? "",
        escalationAssigneeId: formData.get("escalationAssigneeId") ?? "",
        inboxes: inboxIds.map((inboxId, i) => ({ inboxId, channelId: channelIds[i] ?? "" })).filter((r) => r.inboxId.trim() !== "" || r.channelId !== ""),
      },
    });
    revalidatePath("/settings/chatwoot");
    const t = await getTranslations("settings.chatwoot.messages");
    return { message: t("linkSaved") };
  }, { input: formData });
}

/** Calls Chatwoot with the saved link and says what it found. */
export async function testChatwootConnectionAction(): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    const result = await testChatwootConnection(await getDb(), member.orgId);
    return { message: result };
  });
}

/** Saves the triage rules, or restores the defaults when the "Restore defaults" button submitted the form. */
export async function saveTriageRulesAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    const reset = formData.get("intent") === "reset";
    const t = await getTranslations("settings.chatwoot.messages");
    const fields = ["p0", "p1", "p3", "escalationKeywords", "maxUnresolved", "minPreviousGrade", "maxOrderValue", "maxRefund", "angerScore", "minDraftConfidence", "operatorReminderMinutes", "managerAlertMinutes"];
    const input: Record<string, FormDataEntryValue> = Object.fromEntries(fields.map((f) => [f, formData.get(f) ?? ""]));
    // the form asks for the draft confidence as a percentage (70); the rules keep a fraction (0.7)
    const percent = String(input.minDraftConfidence ?? "").trim();
    if (!reset && percent !== "" && Number.isFinite(Number(percent))) {
      const value = Number(percent);
      if (value < 0 || value > 100) throw new z.ZodError([{ code: "custom", path: ["minDraftConfidence"], message: t("confidenceRange"), input: percent }]);
      input.minDraftConfidence = String(Math.round(value * 10) / 1000);
    }
    await saveTriageRules(await getDb(), { actor: member, reset, input });
    revalidatePath("/settings/chatwoot");
    return { message: reset ? t("rulesReset") : t("rulesSaved") };
  }, { input: formData });
}
