import type { AgentSignalName } from "@/db/schema";

/**
 * The plain-language sentence of an alert, for the push and the feed (003_…: "Agent Sari could not answer a customer
 * on WhatsApp – Sales").
 * @param p.value the value that tripped the signal (confidence 0..1, the cap, the rule)
 */
export function alertMessage(p: { signal: AgentSignalName; agentName: string; channelName: string; value: unknown; threshold?: number | null; detail?: string | null }): string {
  const who = p.agentName;
  switch (p.signal) {
    case "low_confidence":
      return `${who} could not answer a customer on ${p.channelName} (confidence ${Math.round(Number(p.value) * 100)}%)`;
    case "message_cap":
      return `${who} reached its ${p.threshold ?? p.value}-message limit with a customer on ${p.channelName}`;
    case "unexpected_handoff":
      return `${who} handed a customer on ${p.channelName} to your team unexpectedly${p.detail ? ` (${p.value === "handover_keyword" ? `keyword “${p.detail}”` : "question outside its capabilities"})` : ""}`;
    case "agent_error":
      return `${who} ran into an error answering a customer on ${p.channelName}`;
  }
}

const PLURAL: Record<AgentSignalName, string> = {
  low_confidence: "hit low confidence",
  message_cap: "reached the message cap",
  unexpected_handoff: "were handed over unexpectedly",
  agent_error: "hit an agent error",
};

/** The storm push: "12 conversations hit low confidence on Agent X". */
export function groupMessage(p: { signal: AgentSignalName; agentName: string; count: number }): string {
  return `${p.count} conversations ${PLURAL[p.signal]} on ${p.agentName}`;
}

export const SIGNAL_LABEL: Record<AgentSignalName, string> = {
  low_confidence: "Low confidence",
  message_cap: "Message cap",
  unexpected_handoff: "Unexpected handoff",
  agent_error: "Agent error",
};
