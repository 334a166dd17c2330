"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { env } from "@/lib/config/env";
import { updateOrganizationSettings } from "@/lib/org/update-organization";
import { updatePlanAndFlags } from "@/lib/org/update-plan-and-flags";

function parseJson(value: FormDataEntryValue | null): unknown {
  try {
    return JSON.parse(String(value ?? "null"));
  } catch {
    return null;
  }
}

/** Saves name, time zone, locale, currency, business hours and holidays (owner/admin). */
export async function saveOrganization(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    const changed = await updateOrganizationSettings(await getDb(), {
      actor: member,
      input: {
        name: formData.get("name"),
        timezone: formData.get("timezone"),
        locale: formData.get("locale"),
        currency: formData.get("currency"),
        businessHours: parseJson(formData.get("businessHours")),
        holidays: parseJson(formData.get("holidays")),
      },
    });
    revalidatePath("/", "layout");
    const t = await getTranslations("settings.organization.messages");
    return { message: changed.length ? t("saved") : t("nothingChanged") };
  }, { input: formData });
}

/** Saves plan, AI add-on and feature flags (owner only; refused when the provider manages them). */
export async function savePlanAndFlags(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    const changed = await updatePlanAndFlags(await getDb(), {
      actor: member,
      managed: env().TANDEM_PLAN_MANAGED === "1",
      input: {
        plan: formData.get("plan"),
        aiAgentAddon: formData.get("aiAgentAddon") === "on",
        botTrafficSplitEnabled: formData.get("botTrafficSplitEnabled") === "on",
        aiAgentImpactReport: formData.get("aiAgentImpactReport") === "on",
        aiAgentImpactReportForecast: formData.get("aiAgentImpactReportForecast") === "on",
      },
    });
    revalidatePath("/", "layout");
    const t = await getTranslations("settings.organization.messages");
    return { message: changed.length ? t("planSaved") : t("nothingChanged") };
  }, { input: formData });
}
