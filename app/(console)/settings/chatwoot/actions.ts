"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { testChatwootConnection } from "@/lib/chatwoot/test-connection";
import { saveChatwootLink } from "@/lib/chatwoot/link";

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
    return { message: "Chatwoot link saved" };
  });
}

/** Calls Chatwoot with the saved link and says what it found. */
export async function testChatwootConnectionAction(): Promise<ActionState> {
  return runAction("settingsWrite", async (member) => {
    const result = await testChatwootConnection(await getDb(), member.orgId);
    return { message: result };
  });
}
