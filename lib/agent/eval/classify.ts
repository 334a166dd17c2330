/**
 * How a reply to a labelled question is judged (issue 14 item 8) — as a customer would feel it, not by retrieval hit
 * rate: answered correctly, wrong answer (answered from another subflow's article), handed over, human request
 * honoured, and whether the reply is customer-ready. Pure.
 */
import { detectLanguage } from "@/lib/agent/language";
import { expectedTopic, type DevItem } from "./dev-set";

export type Outcome = "correct" | "wrong" | "handed_over" | "answered_off_topic" | "honoured" | "not_honoured";

/** What the engine did with one message, as the webhook reports it. */
export type Observed = { action: string; text: string; topics: (string | null)[] };

/**
 * Whether a reply could be sent to a customer as it is: no bracketed staff actions, no talk of "the customer", and in
 * the question's language.
 */
export function customerReady(reply: string, language: DevItem["language"]): boolean {
  if (/[[\]]/.test(reply) || /\bthe customer\b/i.test(reply) || /\bpelanggan tersebut\b/i.test(reply)) return false;
  return detectLanguage(reply) === language;
}

/**
 * The outcome of one item.
 * - on-topic: `correct` when answered from the expected topic's article, `wrong` when answered from another, else `handed_over`;
 * - off-topic: `handed_over` (good) or `answered_off_topic`;
 * - human request / angry: `honoured` when handed over, else `not_honoured`.
 */
export function classify(item: DevItem, observed: Observed): Outcome {
  const answered = observed.action === "answer" || observed.action === "resolve";
  if (item.kind === "on_topic") {
    if (!answered) return "handed_over";
    return observed.topics[0] === expectedTopic(item) ? "correct" : "wrong";
  }
  if (item.kind === "off_topic") return answered ? "answered_off_topic" : "handed_over";
  return answered ? "not_honoured" : "honoured";
}
