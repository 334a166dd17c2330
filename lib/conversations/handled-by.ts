import type { Conversation } from "@/db/schema";

/**
 * Plain-language "handled by" for a conversation: the assigned agent's name, the human queue, or the AI agent.
 */
export function handledBy(c: Pick<Conversation, "status" | "variant"> & { agentName: string | null }): string {
  if (c.agentName) return c.agentName;
  if (c.status === "WAITING_ASSIGN_AGENT") return "Human queue";
  if (c.variant === "human") return "Human agents";
  return "AI agent";
}
