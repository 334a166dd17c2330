"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { saveCostAssumption } from "@/lib/impact/cost-assumption";

/** Saves the org's cost assumption (owner/admin; the role and the report's gates are checked again on the server). */
export async function saveCostAssumptionAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    await saveCostAssumption(await getDb(), {
      actor: member,
      input: { agentHourRate: formData.get("agentHourRate"), minutesPerConversation: formData.get("minutesPerConversation") },
    });
    revalidatePath("/reports/ai-agent-impact");
    const t = await getTranslations("reports");
    return { message: t("impact.dialog.saved") };
  }, { input: formData });
}
