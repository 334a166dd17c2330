/**
 * Grounded replies: the engine sends the best customer-facing article's text in the agent's voice
 * (lib/agent/reply-voice.ts); with a model configured, the model rewrites it from that article only (and the
 * article's own text is used when the model fails). `excerpt` shortens internal guidance for a hand-over note.
 */
import type { AgentConfig, ReplyLanguage } from "./config-schema";
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

/** Chat history turns the model sees (last N), oldest first. */
const HISTORY_TURNS = 8;

/**
 * Composes the answer through the model from the given customer-facing articles only (the engine adds the agent's
 * opening and closing around it).
 * @param params.language the language to write in
 * @returns the answer text
 * @throws ModelError when the model fails, times out or answers malformed (the caller falls back)
 */
export async function modelReply(
  model: ModelClient,
  {
    config,
    language,
    history,
    articles,
  }: { config: AgentConfig; language: ReplyLanguage; history: readonly { sender: string; content: string }[]; articles: Pick<RetrievedArticle, "title" | "body">[] },
): Promise<string> {
  const { profile } = config;
  const system = [
    `You are ${profile.name}, a customer-service agent. ${profile.persona}`.trim(),
    `Tone: ${profile.tone}. Write only in ${language === "id" ? "Bahasa Indonesia" : "English"}.`,
    profile.instructions,
    "Answer ONLY from the articles below, addressing the customer directly. If they do not answer the question, say you will pass it to a colleague. Never invent prices, dates or policies. No greeting or sign-off. Keep it under 120 words.",
    ...articles.map((a, i) => `Article ${i + 1}: ${a.title}\n${excerpt(a.body, a.title)}`),
  ]
    .filter(Boolean)
    .join("\n\n");
  const messages: ChatMessage[] = [
    { role: "system", content: system },
    ...history.slice(-HISTORY_TURNS).map((t) => ({ role: t.sender === "customer" ? ("user" as const) : ("assistant" as const), content: t.content })),
  ];
  return (await model.complete(messages)).trim();
}
