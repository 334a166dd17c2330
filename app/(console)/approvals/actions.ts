"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { decideApproval, escalateApproval, gradeApproval, retrySend, type SendResult } from "@/lib/approvals/decide-approval";
import { UserError } from "@/lib/errors/user-error";

const id = (f: FormData) => String(f.get("approvalId") ?? "");

async function sent(result: SendResult, done: "approve" | "edit" | "reject" | "retry") {
  revalidatePath("/approvals");
  const t = await getTranslations("approvals");
  const what = t(`actions.done.${done}`);
  if (result.status === "failed") throw new UserError(t("actions.sendFailed", { what, error: result.error }));
  return { message: t("actions.sent", { what }) };
}

/** One decision form posts here: `decision` = approve | edit | reject, with `text` for edit and reject. */
export async function decideAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("approvals", async (member) => {
    const kind = String(formData.get("decision"));
    if (kind !== "approve" && kind !== "edit" && kind !== "reject") throw new UserError((await getTranslations("approvals"))("actions.chooseDecision"));
    const decision = kind === "approve" ? { kind } : { kind, text: formData.get("text") };
    const result = await decideApproval(await getDb(), { actor: member, approvalId: id(formData), decision: decision as Parameters<typeof decideApproval>[1]["decision"] });
    return sent(result, kind);
  }, { input: formData });
}

/** Sends again a reply Chatwoot didn't take. */
export async function retrySendAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("approvals", async (member) => sent(await retrySend(await getDb(), { actor: member, approvalId: id(formData) }), "retry"), { input: formData });
}

/** Escalates to the supervisors with a reason. */
export async function escalateAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("approvals", async (member) => {
    await escalateApproval(await getDb(), { actor: member, approvalId: id(formData), reason: formData.get("reason") });
    revalidatePath("/approvals");
    return { message: (await getTranslations("approvals"))("actions.escalated") };
  }, { input: formData });
}

/** Grades the draft (tone, accuracy, policy; 1–5). */
export async function gradeAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("approvals", async (member) => {
    await gradeApproval(await getDb(), { actor: member, approvalId: id(formData), grades: { tone: formData.get("tone"), accuracy: formData.get("accuracy"), policy: formData.get("policy") } });
    revalidatePath("/approvals");
    return { message: (await getTranslations("approvals"))("actions.graded") };
  }, { input: formData });
}
