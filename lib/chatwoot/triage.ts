/**
 * Triage of a Chatwoot customer message (004_… §3): the priority P0–P3 from the org's keyword rules, and whether to
 * escalate to a human without a draft — and which rule fired. Pure: the caller supplies the facts that need the
 * database (other unresolved conversations, the previous draft's grade).
 */
import Sentiment from "sentiment";
import type { Priority, TriageRules } from "./triage-rules";

const analyzer = new Sentiment();

/** Chatwoot's priority for ours (written back with `toggle_priority`). */
export const CHATWOOT_PRIORITY: Record<Priority, "urgent" | "high" | "medium" | "low"> = { P0: "urgent", P1: "high", P2: "medium", P3: "low" };

export type TriageFacts = {
  text: string;
  /** the contact's other conversations not resolved */
  otherUnresolved: number;
  /** average of the three grades (1–5) of the conversation's latest graded AI draft, if any */
  previousDraftGrade: number | null;
  /** `order_value` from the conversation's or the contact's custom attributes, if numeric (US$) */
  orderValue: number | null;
};

export type Triage = {
  priority: Priority;
  /** the rule that sends the conversation to a human without a draft, e.g. `keyword:lawsuit`; null → AI draft */
  escalation: string | null;
  /** AFINN score of the message (negative = angry) */
  sentimentScore: number;
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The first keyword of `list` found in `text` as whole words (case-insensitive), or null. */
export function findKeyword(text: string, list: readonly string[]): string | null {
  const lower = text.toLowerCase();
  for (const word of list) {
    const re = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(word.toLowerCase())}($|[^\\p{L}\\p{N}])`, "u");
    if (re.test(lower)) return word;
  }
  return null;
}

/** Characters around a refund mention in which an amount counts as the refund's ("I paid $900 … refund of $20" is $20). */
const REFUND_WINDOW = 40;

/**
 * The largest US$ amount asked back as a refund in `text` ("refund of $150", "$120 refund", "refund 200 dollars"):
 * only amounts within {@link REFUND_WINDOW} characters of a refund mention count. Null when no such amount.
 */
export function refundAmount(text: string): number | null {
  const mentions = [...text.matchAll(/\b(refund(?:s|ed)?|money back|uang kembali|pengembalian dana)\b/gi)].map((m) => [m.index!, m.index! + m[0].length] as const);
  if (mentions.length === 0) return null;
  const amounts = [...text.matchAll(/(?:US\$|\$|USD\s?)\s?(\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s?(?:dollars|usd)\b/gi)]
    .filter((m) => mentions.some(([from, to]) => m.index! + m[0].length >= from - REFUND_WINDOW && m.index! <= to + REFUND_WINDOW))
    .map((m) => Number((m[1] ?? m[2] ?? "").replace(/,/g, "")))
    .filter((n) => Number.isFinite(n));
  return amounts.length > 0 ? Math.max(...amounts) : null;
}

/**
 * Triage of one customer message.
 * @returns priority (P0 on a P0 keyword, else P1, else P3, else P2) and the first escalation rule that fires, in the
 *   seed's order: P0 (human immediately), keyword, > maxUnresolved other unresolved conversations, previous draft graded
 *   below minPreviousGrade, order value, refund amount, anger
 */
export function triageMessage(rules: TriageRules, facts: TriageFacts): Triage {
  const { text } = facts;
  const priority: Priority = findKeyword(text, rules.p0) ? "P0" : findKeyword(text, rules.p1) ? "P1" : findKeyword(text, rules.p3) ? "P3" : "P2";
  const sentimentScore = analyzer.analyze(text).score;
  const keyword = findKeyword(text, rules.escalationKeywords);
  const refund = refundAmount(text);
  const escalation =
    priority === "P0" ? `priority:P0:${findKeyword(text, rules.p0)}`
    : keyword ? `keyword:${keyword}`
    : facts.otherUnresolved > rules.maxUnresolved ? `unresolved_conversations:${facts.otherUnresolved}`
    : facts.previousDraftGrade !== null && facts.previousDraftGrade < rules.minPreviousGrade ? `previous_draft_grade:${facts.previousDraftGrade.toFixed(1)}`
    : facts.orderValue !== null && facts.orderValue > rules.maxOrderValue ? `order_value:${facts.orderValue}`
    : refund !== null && refund > rules.maxRefund ? `refund_amount:${refund}`
    : sentimentScore <= rules.angerScore ? `anger:${sentimentScore}`
    : null;
  return { priority, escalation, sentimentScore };
}
