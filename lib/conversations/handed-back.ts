import type { Conversation } from "@/db/schema";

/**
 * Whether a human handed the conversation back to the bot after its last hand-over (issue 18 item 1): `handed_back_at`
 * is set and not older than `handover_at`. The bot answers such a conversation again until it hands over anew.
 * @returns true when the bot has it back
 */
export function handedBackToBot(c: Pick<Conversation, "handedBackAt" | "handoverAt">): boolean {
  return c.handedBackAt !== null && (c.handoverAt === null || c.handedBackAt.getTime() >= c.handoverAt.getTime());
}

/**
 * Whether the conversation waits for or is with a human because of a hand-over: the human arm of the split, or a
 * hand-over the bot made that no human has handed back since.
 */
export function handedOverToHumans(c: Pick<Conversation, "handedBackAt" | "handoverAt" | "variant">): boolean {
  return c.variant === "human" || (c.handoverAt !== null && !handedBackToBot(c));
}

/**
 * Whether a human has the conversation: past `OPEN` (queued, assigned, resolved), an agent attached, or handed over to
 * humans ({@link handedOverToHumans}). The bot answers only when this is false.
 */
export function humanHandles(c: Pick<Conversation, "status" | "assignChannelAgentId" | "handedBackAt" | "handoverAt" | "variant">): boolean {
  return c.status !== "OPEN" || c.assignChannelAgentId !== null || handedOverToHumans(c);
}

/** Whether the conversation came from Chatwoot (its contact id carries the `chatwoot` prefix, `lib/chatwoot/process-event.ts`). */
export function isChatwootConversation(c: Pick<Conversation, "contactId">): boolean {
  return c.contactId.startsWith("chatwoot:") || c.contactId.startsWith("chatwoot-conversation:");
}
