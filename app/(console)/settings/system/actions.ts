"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { retryFailedOutboxRow } from "@/lib/outbox/outbox-health";
import { kickOutbox } from "@/lib/outbox/run-outbox";
import { afterResponse } from "@/app/_lib/after-response";

/** Retry of a failed outbox row (owner/admin): due again at once, dispatched right after the answer. */
export async function retryOutboxAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    const db = await getDb();
    const id = await retryFailedOutboxRow(db, { actor: member, id: String(formData.get("id") ?? "") });
    afterResponse("outbox-retry", () => kickOutbox(db, [id]));
    revalidatePath("/settings/system");
    const t = await getTranslations("settings.system.messages");
    return { message: t("queuedAgain") };
  }, { input: formData });
}
