/**
 * A simulated conversation as it happened (lib/demo/simulate-history.ts): its messages on a timeline, who attached
 * and when, and how it closed. Instants are epoch milliseconds.
 */
import type { Outcome } from "@/lib/conversations/outcome";
import { SECOND } from "./history-calendar";
import type { Rng } from "./history-rng";

/** One message of a simulated conversation. */
export type SimMessage = {
  sender: "customer" | "bot" | "agent";
  content: string;
  sentAt: number;
  agentAction?: "answer" | "handover" | "resolve";
  confidence?: number;
  /** index (in the conversation) of the customer message a bot message replies to */
  replyTo?: number;
};
/** A conversation as simulated; instants in epoch ms, null when it did not happen. */
export type SimConversation = {
  channelId: string;
  contactId: string;
  contactName: string | null;
  contactPhone: string | null;
  createdAt: number;
  status: "OPEN" | "RESOLVED";
  agentId: string | null;
  assignedAt: number | null;
  handoverAt: number | null;
  closedAt: number | null;
  /** how it closed, derived by the outcome rules when it closed (./history-outcomes `closeSimulated`); null while open */
  outcome: Outcome | null;
  /** -1..1, null when not scored */
  sentiment: number | null;
  messages: SimMessage[];
};

/** When the AI first answered (the first bot message with action `answer`, as live `ai_answered_at`); null when it never did. */
export function aiAnsweredAt(messages: SimMessage[]): number | null {
  return messages.find((m) => m.sender === "bot" && m.agentAction === "answer")?.sentAt ?? null;
}

/** Builds a conversation's message timeline from `createdAt`. */
export class Timeline {
  readonly messages: SimMessage[] = [];
  constructor(
    private readonly rng: Rng,
    public t: number,
  ) {}
  private lastCustomerUnanswered(): number | undefined {
    const i = this.messages.length - 1;
    return this.messages[i]?.sender === "customer" ? i : undefined;
  }
  customer(content: string, gapMs: number): void {
    this.t += gapMs;
    this.messages.push({ sender: "customer", content, sentAt: this.t });
  }
  bot(content: string, agentAction: "answer" | "handover" | "resolve", confidence: number): void {
    this.t += this.rng.between(4, 20) * SECOND;
    this.messages.push({ sender: "bot", content, sentAt: this.t, agentAction, confidence: Math.round(confidence * 100) / 100, replyTo: this.lastCustomerUnanswered() });
  }
  agent(content: string, gapMs: number): void {
    this.t += gapMs;
    this.messages.push({ sender: "agent", content, sentAt: this.t });
  }
}

/**
 * Keeps a conversation's timeline at or before `cap` (a conversation begun late yesterday whose human wait would run
 * past `now`): every later instant is scaled proportionally into [createdAt, cap], preserving order (≥ 1 ms apart).
 */
export function fitBefore(c: SimConversation, cap: number): void {
  const end = Math.max(c.closedAt ?? 0, c.assignedAt ?? 0, c.handoverAt ?? 0, ...c.messages.map((m) => m.sentAt));
  if (end <= cap) return;
  const factor = Math.max(0, cap - c.createdAt - c.messages.length) / (end - c.createdAt);
  const fit = (t: number) => c.createdAt + Math.floor((t - c.createdAt) * factor);
  let previous = -Infinity;
  for (const m of c.messages) {
    m.sentAt = Math.max(fit(m.sentAt), previous + 1);
    previous = m.sentAt;
  }
  if (c.handoverAt !== null) c.handoverAt = fit(c.handoverAt);
  if (c.assignedAt !== null) c.assignedAt = fit(c.assignedAt);
  if (c.closedAt !== null) c.closedAt = Math.max(fit(c.closedAt), previous);
}
