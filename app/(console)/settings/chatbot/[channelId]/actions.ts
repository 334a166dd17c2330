"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { canAccess } from "@/lib/auth/roles";
import { recordTrafficSplitSaveFailed, saveTrafficSplit, type SavedTrafficSplit } from "@/lib/routing/traffic-split-config";

/** Saves the channel's traffic split (000_… BTS-S01); every rule is re-checked on the server. */
export async function saveTrafficSplitAction(channelId: string, input: { enabled: boolean; botPercent: string }): Promise<ActionState<SavedTrafficSplit>> {
  const t = await getTranslations("agents");
  return runAction(
    "settingsWrite",
    async (member) => {
      const saved = await saveTrafficSplit(await getDb(), { actor: member, channelId, input });
      revalidatePath("/settings/chatbot", "layout");
      return {
        data: saved,
        message: saved.enabled ? t("split.updated", { bot: saved.botPercent, human: 100 - saved.botPercent }) : t("split.turnedOff"),
      };
    },
    {
      input,
      async onUnexpected(member) {
        await recordTrafficSplitSaveFailed(await getDb(), { actor: member, channelId, errorCode: "server_error" });
        return t("split.saveFailed");
      },
    },
  );
}

/** Records `bot_traffic_split_save_failed` when the save never reached the server (network), best effort. */
export async function reportTrafficSplitSaveFailed(channelId: string, errorCode: string): Promise<void> {
  const member = await requireMember();
  if (!canAccess(member.role, "settingsWrite")) return;
  await recordTrafficSplitSaveFailed(await getDb(), { actor: member, channelId, errorCode: String(errorCode).slice(0, 40) });
}
