"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { setAvailability } from "@/lib/routing/set-availability";

/** The signed-in agent goes online (and takes queued conversations) or offline. */
export async function setMyAvailability(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("conversations", async (member) => {
    const availability = formData.get("availability");
    const assigned = await setAvailability(await getDb(), { orgId: member.orgId, userId: member.userId, availability });
    revalidatePath("/", "layout");
    const t = await getTranslations("common.availability");
    if (availability === "offline") return { message: t("nowOffline") };
    return { message: assigned ? t("nowOnlineAssigned", { count: assigned }) : t("nowOnline") };
  }, { input: formData });
}
