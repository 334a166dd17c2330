"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { runAction, type ActionState } from "@/app/_auth/action";
import { getDb } from "@/db/client";
import { assignConversation, handBackConversation, resolveConversationAsHuman, takeOverConversation } from "@/lib/conversations/conversation-actions";
import { replyToConversation, retryAgentReply, type SentReply } from "@/lib/conversations/send-agent-reply";

const field = (formData: FormData, name: string) => String(formData.get(name) ?? "");

/** Re-renders the conversation and the lists it appears in. */
function refresh(conversationId: string) {
  revalidatePath(`/conversations/${conversationId}`);
  revalidatePath("/conversations");
}

/**
 * The toast for a reply's attempt. The reply is stored either way (sending it again would duplicate it), so a failed
 * delivery is a result, not an error: `data.sent = "failed"` and Retry beside the message.
 */
async function sentMessage(sent: SentReply): Promise<string> {
  const t = await getTranslations("conversations");
  if (sent.status === "delivered") return t("toast.replyDelivered");
  if (sent.status === "pending") return t("toast.replyPending");
  return t("toast.replyFailed", { error: sent.error ?? t("toast.noAnswer") });
}

/** Take over: assign to me; the bot stops answering (issue 18; the role and ownership are checked in lib/). */
export async function takeOverAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("actOnConversations", async (member) => {
    const id = field(formData, "conversationId");
    const result = await takeOverConversation(await getDb(), { actor: member, conversationId: id });
    refresh(id);
    const t = await getTranslations("conversations");
    return { message: result.changed ? t("toast.takenOver") : t("toast.alreadyYours") };
  }, { input: formData });
}

/** Assigns the conversation to another member. */
export async function assignAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("actOnConversations", async (member) => {
    const id = field(formData, "conversationId");
    const result = await assignConversation(await getDb(), { actor: member, conversationId: id, assigneeId: formData.get("assigneeId") || undefined });
    refresh(id);
    const t = await getTranslations("conversations");
    return { message: result.changed ? t("toast.assigned") : t("toast.alreadyAssigned") };
  }, { input: formData });
}

/** Hands the conversation back to the AI agent. */
export async function handBackAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("actOnConversations", async (member) => {
    const id = field(formData, "conversationId");
    await handBackConversation(await getDb(), { actor: member, conversationId: id });
    refresh(id);
    const t = await getTranslations("conversations");
    return { message: t("toast.handedBack") };
  }, { input: formData });
}

/** Resolves the conversation with the chosen reason. */
export async function resolveAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("actOnConversations", async (member) => {
    const id = field(formData, "conversationId");
    await resolveConversationAsHuman(await getDb(), { actor: member, conversationId: id, closedReason: formData.get("closedReason") || undefined });
    refresh(id);
    const t = await getTranslations("conversations");
    return { message: t("toast.resolved") };
  }, { input: formData });
}

/** Sends a reply to the customer (once; Retry when it failed). */
export async function replyAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("actOnConversations", async (member) => {
    const id = field(formData, "conversationId");
    const sent = await replyToConversation(await getDb(), { actor: member, conversationId: id, text: formData.get("text") ?? "" });
    refresh(id);
    return { message: await sentMessage(sent), data: { sent: sent.status } };
  }, { input: formData });
}

/** Sends again a reply whose delivery failed. */
export async function retryReplyAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return runAction("actOnConversations", async (member) => {
    const sent = await retryAgentReply(await getDb(), { actor: member, messageId: field(formData, "messageId") });
    refresh(field(formData, "conversationId"));
    return { message: await sentMessage(sent), data: { sent: sent.status } };
  }, { input: formData });
}
