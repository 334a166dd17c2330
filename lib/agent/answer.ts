/**
 * The built-in answering engine: replies from the org's knowledge base using Postgres full-text search.
 * Its output is explicit so it can be stored and audited: `{ reply, confidence, sources, action }`.
 */
import type { Db } from "@/db/client";
import type { MessageSource } from "@/db/schema";
import { retrieveArticles, type RetrievedArticle } from "./retrieve";

/** Below this confidence the engine hands over instead of answering (0..1). */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.5;

export const DEFAULT_HANDOVER_MESSAGE =
  "Thanks for reaching out. I'm passing your conversation to one of our team members, who will reply here shortly.";

/** Longest reply the engine composes, in characters. */
const MAX_REPLY_CHARS = 700;

export type AnswerResult = {
  action: "answer" | "handover";
  reply: string;
  /** 0..1, see {@link confidenceOf} */
  confidence: number;
  sources: MessageSource[];
};

/**
 * Confidence that the best article answers the message, 0..1:
 * `rank × √coverage`, where `rank` is ts_rank_cd normalised to rank/(rank+1) and `coverage` the share of the
 * message's search terms found in the article. Rank rewards dense, close matches; √coverage penalises messages
 * that are mostly about something the article does not mention (an off-topic message matching one word scores low).
 */
export function confidenceOf(best: Pick<RetrievedArticle, "rank" | "coverage">): number {
  const value = best.rank * Math.sqrt(best.coverage);
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}

/** First sentences of an article body, cut at a line boundary, at most MAX_REPLY_CHARS. */
function excerpt(body: string, title: string): string {
  const all = body.split("\n");
  // policy-guideline bodies open with a line that repeats their "Flow — Subflow" title; other articles don't
  const subflow = title.split(" — ").pop()!;
  const lines = all.length > 1 && all[0]!.includes(`: ${subflow}.`) ? all.slice(1) : all;
  let out = "";
  for (const line of lines) {
    if ((out + line).length > MAX_REPLY_CHARS) break;
    out += (out ? "\n" : "") + line;
  }
  return out || body.slice(0, MAX_REPLY_CHARS);
}

/**
 * Answers a customer message from the org's knowledge base.
 * @param params.orgId tenant whose articles are searched
 * @param params.text the customer's message
 * @param params.confidenceThreshold 0..1; below it the result is a handover (default 0.5)
 * @returns `action: "answer"` with a reply composed from the best article and its sources, or
 *   `action: "handover"` with the handover message when nothing matches well enough
 */
export async function answerFromKnowledge(
  db: Db,
  {
    orgId,
    text,
    confidenceThreshold = DEFAULT_CONFIDENCE_THRESHOLD,
    handoverMessage = DEFAULT_HANDOVER_MESSAGE,
  }: { orgId: string; text: string; confidenceThreshold?: number; handoverMessage?: string },
): Promise<AnswerResult> {
  const found = await retrieveArticles(db, { orgId, text, limit: 3 });
  const best = found[0];
  const confidence = best ? confidenceOf(best) : 0;
  const sources: MessageSource[] = found.map((a) => ({ articleId: a.articleId, title: a.title, score: confidenceOf(a) }));
  if (!best || confidence < confidenceThreshold) {
    return { action: "handover", reply: handoverMessage, confidence, sources };
  }
  const topic = best.title.split(" — ").pop() ?? best.title;
  return {
    action: "answer",
    reply: `Here is how we handle "${topic}":\n${excerpt(best.body, best.title)}`,
    confidence,
    sources,
  };
}
