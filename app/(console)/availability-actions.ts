"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { setAvailability } from "@/lib/routing/set-availability";

/** The signed-in agent goes online (and takes queued conversations) or offline. */
export async function setMyAvailability(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("conversations", async (member) => {
    const availability = formData.get("availability");
    const assigned = await setAvailability(await getDb(), { orgId: member.orgId, userId: member.userId, availability });
    revalidatePath("/", "layout");
    if (availability === "offline") return { message: "You're offline: no new conversations will be assigned to you" };
    return { message: assigned ? `You're online: ${assigned} waiting conversation${assigned === 1 ? "" : "s"} assigned` : "You're online: new conversations can be assigned to you" };
  });
}
