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
    // the Chatwoot loop (issue 18 item 4): `who` is the drafting agent; the value says what happened
    case "draft_engine_failed":
      return `${who} could not draft a reply for a Chatwoot customer on ${p.channelName} (${p.value === "engine_timeout" ? "it took too long" : "an error"}): a person must answer`;
    case "p0_escalation":
      return `P0 escalation on ${p.channelName}${p.detail ? ` (${p.detail})` : ""}: answer this customer now`;
    case "sla_breach":
      return `A ${p.detail ? `${p.detail} ` : ""}conversation on ${p.channelName} missed its ${p.value === "resolution" ? "resolution" : "first-response"} SLA`;
  }
}

const PLURAL: Record<AgentSignalName, string> = {
  low_confidence: "hit low confidence",
  message_cap: "reached the message cap",
  unexpected_handoff: "were handed over unexpectedly",
  agent_error: "hit an agent error",
  draft_engine_failed: "got no AI draft",
  p0_escalation: "were escalated as P0",
  sla_breach: "missed their SLA",
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
  draft_engine_failed: "No AI draft",
  p0_escalation: "P0 escalation",
  sla_breach: "SLA breach",
};
