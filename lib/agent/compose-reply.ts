/**
 * Grounded replies: the extractive reply quotes the best article and cites it; the model reply is composed only
 * from the retrieved articles (and falls back to the extractive one when the model fails).
 */
import type { AgentConfig } from "./config-schema";
import { PHRASES } from "./config-schema";
import type { ChatMessage, ModelClient } from "./model-client";
import type { RetrievedArticle } from "./retrieve";

/** Longest quoted excerpt, in characters. */
const MAX_EXCERPT_CHARS = 700;

/** The article's opening lines, cut at a line boundary, at most MAX_EXCERPT_CHARS (a guideline's title line dropped). */
export function excerpt(body: string, title: string): string {
  const all = body.split("\n");
  // policy-guideline bodies open with a line that repeats their "Flow — Subflow" title; other articles don't
  const subflow = title.split(" — ").pop()!;
  const lines = all.length > 1 && all[0]!.includes(`: ${subflow}.`) ? all.slice(1) : all;
  let out = "";
  for (const line of lines) {
    if ((out + line).length > MAX_EXCERPT_CHARS) break;
    out += (out ? "\n" : "") + line;
  }
  return out || body.slice(0, MAX_EXCERPT_CHARS);
}

/**
 * The extractive reply: an intro in the agent's language, the article's excerpt, and a "Source:" citation.
 * Never adds a policy of its own.
 */
export function extractiveReply(article: Pick<RetrievedArticle, "title" | "body">, language: AgentConfig["profile"]["language"]): string {
  const p = PHRASES[language];
  const topic = article.title.split(" — ").pop() ?? article.title;
  return `${p.answerIntro(topic)}\n${excerpt(article.body, article.title)}\n\n${p.source}: ${article.title}`;
}

/** Chat history turns the model sees (last N), oldest first. */
const HISTORY_TURNS = 8;

/**
 * Composes the reply through the model from the retrieved articles only; the citation line is added by us, so
 * the model cannot drop it.
 * @throws ModelError when the model fails, times out or answers malformed (the caller falls back)
 */
export async function modelReply(
  model: ModelClient,
  {
    config,
    history,
    articles,
  }: { config: AgentConfig; history: readonly { sender: string; content: string }[]; articles: Pick<RetrievedArticle, "title" | "body">[] },
): Promise<string> {
  const { profile } = config;
  const p = PHRASES[profile.language];
  const system = [
    `You are ${profile.name}, a customer-service agent. ${profile.persona}`.trim(),
    `Tone: ${profile.tone}. Reply in ${profile.language === "id" ? "Bahasa Indonesia" : "English"}.`,
    profile.instructions,
    "Answer ONLY from the articles below. If they do not answer the question, say you will pass it to a colleague. Never invent prices, dates or policies. Keep it under 120 words.",
    ...articles.map((a, i) => `Article ${i + 1}: ${a.title}\n${excerpt(a.body, a.title)}`),
  ]
    .filter(Boolean)
    .join("\n\n");
  const messages: ChatMessage[] = [
    { role: "system", content: system },
    ...history.slice(-HISTORY_TURNS).map((t) => ({ role: t.sender === "customer" ? ("user" as const) : ("assistant" as const), content: t.content })),
  ];
  const text = (await model.complete(messages)).trim();
  return `${text}\n\n${p.source}: ${articles[0]!.title}`;
}
