/**
 * The answering engine (002_… answering engine; issue 14): from the conversation history, an agent config and the
 * org's knowledge, decides `answer | handover | resolve`, writes the reply in the customer's language and the agent's
 * voice from customer-facing knowledge only, and raises the failure signals monitoring needs (003_…):
 * `low_confidence`, `message_cap`, `unexpected_handoff`, `agent_error`. Each handover raises at most one signal naming
 * its cause; a handover the customer asked for, or an after-hours handover the admin chose, raises none. Internal
 * guidance that matches is never sent: it travels with the hand-over for the human (`guidance`).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { knowledgeArticles, type AgentSignal, type MessageGuidance, type MessageSource } from "@/db/schema";
import { calibratedConfidence, matchConfidence, type ConfidenceFeatures } from "./calibration";
import { ALL_COLLECTIONS, PHRASES, primaryLanguage, speaks, type AgentConfig, type Capability, type ReplyLanguage } from "./config-schema";
import { excerpt, modelReply } from "./compose-reply";
import { asksForHuman, isAngry, isConfirmation, isGreetingOnly, matchedKeyword } from "./intents";
import { detectLanguage } from "./language";
import type { ModelClient } from "./model-client";
import { otherCompaniesIn } from "./other-companies";
import { otherCompanyDetail } from "./signal-details";
import { inVoice, messageIn, ONLY_LANGUAGE } from "./reply-voice";
import { retrieveArticles, type RetrievedArticle } from "./retrieve";
import { errorMessage } from "@/lib/errors/error-message";

export type AgentAction = "answer" | "handover" | "resolve";

/**
 * One turn of the conversation as the engine sees it; `agentAction` and `capabilityId` are set on bot turns (a
 * grounded answer has a capability; a greeting or fallback reply has none).
 */
export type EngineTurn = {
  sender: "customer" | "bot" | "agent" | "system";
  content: string;
  agentAction?: AgentAction | null;
  capabilityId?: string | null;
};

/** Internal guidance that matched: for the human who takes over (hand-over note, Chatwoot suggested steps). */
export type Guidance = MessageGuidance;

export type AgentOutput = {
  action: AgentAction;
  reply: string;
  /** 0..1 — see {@link calibratedConfidence}; 1 for greetings and confirmations, 0 when nothing was retrieved */
  confidence: number;
  /** customer-facing articles the answer came from (on a hand-over: the ones considered) */
  sources: MessageSource[];
  /** the `capability_id` whose knowledge answered, null when no capability did */
  capabilityId: string | null;
  signals: AgentSignal[];
  /** the language of `reply` */
  language: ReplyLanguage;
  /** internal guidance for the human; never part of `reply` */
  guidance: Guidance[];
};

/** Articles retrieved per turn (top-k): both languages of an answer and internal guidance compete for places. */
const TOP_K = 8;
/** Sources listed with a reply: the best and runners-up scoring at least this share of the best. */
const SOURCE_MIN_SHARE = 0.5;
/** Internal guidance at least this confident travels with any hand-over, for the human. */
const GUIDANCE_MIN_CONFIDENCE = 0.4;

/** The answer an article belongs to: its topic key, or itself when it has none. */
const topicOf = (a: Pick<RetrievedArticle, "topicKey" | "articleId">) => a.topicKey ?? a.articleId;

/**
 * The confidence features of the best article of `candidates` (best first): its score, its margin over the best
 * article of another topic, its question similarity and coverage.
 */
export function confidenceFeatures(candidates: readonly RetrievedArticle[]): ConfidenceFeatures | null {
  const best = candidates[0];
  if (!best) return null;
  const other = candidates.find((a) => topicOf(a) !== topicOf(best));
  return { score: best.score, margin: best.score - (other?.score ?? 0), questionSimilarity: best.questionSimilarity, coverage: best.coverage };
}

/** The capabilities in force and the collections they may answer from (null = every collection). */
function enabledScope(config: AgentConfig): { capabilities: Capability[]; collections: Set<string> | null } {
  const capabilities = config.capabilities.filter((c) => c.enabled);
  const all = capabilities.some((c) => c.collections.includes(ALL_COLLECTIONS));
  return { capabilities, collections: all ? null : new Set(capabilities.flatMap((c) => c.collections)) };
}

/** Most customer messages of one burst read together. */
const BURST_MESSAGES = 5;

/**
 * The customer's messages since the last reply (a burst: "halo kak", "mau tanya", "ongkir ke bandung brp?"), oldest
 * first, at most {@link BURST_MESSAGES}; just the last message when only one came.
 */
export function unansweredMessages(history: readonly EngineTurn[]): string[] {
  const lastReply = history.findLastIndex((t) => t.sender !== "customer");
  return history.slice(lastReply + 1).filter((t) => t.sender === "customer").map((t) => t.content).slice(-BURST_MESSAGES);
}

/**
 * The text searched for: every message of the burst; a single short follow-up ("and the price?") also brings the
 * previous customer message.
 */
function searchText(history: readonly EngineTurn[]): string {
  // a greeting inside a burst ("halo kak") says nothing to search for
  const burst = unansweredMessages(history).filter((m) => !isGreetingOnly(m));
  if (burst.length > 1) return burst.join("\n");
  const customer = history.filter((t) => t.sender === "customer");
  const last = customer.at(-1)!.content;
  const previous = customer.at(-2)?.content;
  return previous && last.trim().split(/\s+/).length <= 3 ? `${previous}\n${last}` : last;
}

/**
 * The language to reply in: the last customer message's, else the conversation's earlier customer messages', when
 * the agent replies in it; otherwise the agent's own language with a note saying so.
 */
export function replyLanguageFor(config: AgentConfig, history: readonly EngineTurn[]): { language: ReplyLanguage; note: boolean } {
  const customer = history.filter((t) => t.sender === "customer");
  let detected: ReplyLanguage | null = null;
  for (let i = customer.length - 1; i >= 0 && detected === null; i--) detected = detectLanguage(customer[i]!.content);
  const primary = primaryLanguage(config.profile.language);
  if (detected === null) return { language: primary, note: false };
  return speaks(config.profile.language, detected) ? { language: detected, note: false } : { language: primary, note: true };
}

/** One of the agent's configured messages in `language` (its own text when written in it, else the built-in one). */
function configured(config: AgentConfig, key: "greeting" | "fallbackMessage" | "handoverMessage" | "errorMessage" | "afterHoursMessage", language: ReplyLanguage): string {
  const text = key === "errorMessage" || key === "afterHoursMessage" ? config.routing[key] : config.profile[key];
  const builtIn = { greeting: "greeting", fallbackMessage: "fallback", handoverMessage: "handover", errorMessage: "error", afterHoursMessage: "afterHours" } as const;
  return messageIn({ configured: text, configuredLanguage: detectLanguage(text), language, builtIn: PHRASES[language][builtIn[key]] });
}

function handoverReply(config: AgentConfig, language: ReplyLanguage, afterHours: boolean, key: "handoverMessage" | "errorMessage" = "handoverMessage"): string {
  const message = configured(config, key, language);
  const note = afterHours && config.routing.afterHoursMessage ? configured(config, "afterHoursMessage", language) : "";
  return note ? `${message} ${note}` : message;
}

/**
 * The output for an engine failure or timeout: hand over with the configured error message and raise `agent_error`.
 * @param error what failed (its message is kept as the signal's detail; never shown to the customer)
 * @param history when given, the error message is in the customer's language
 */
export function engineFailure(config: AgentConfig, error: unknown, afterHours = false, history: readonly EngineTurn[] = []): AgentOutput {
  const { language } = history.length ? replyLanguageFor(config, history) : { language: primaryLanguage(config.profile.language) };
  return {
    action: "handover",
    reply: handoverReply(config, language, afterHours, "errorMessage"),
    confidence: 0,
    sources: [],
    capabilityId: null,
    signals: [{ signal: "agent_error", value: "engine_failure", detail: errorMessage(error) }],
    language,
    guidance: [],
  };
}

/** The customer-facing text of `article`'s answer in `language`: the article itself, or its translation by topic key. */
async function answerIn(db: Db, orgId: string, article: RetrievedArticle, language: ReplyLanguage): Promise<{ articleId: string; title: string; body: string; language: ReplyLanguage }> {
  const own = { articleId: article.articleId, title: article.title, body: article.body, language: article.language as ReplyLanguage };
  if (article.language === language || !article.topicKey) return own;
  const [translation] = await db
    .select({ articleId: knowledgeArticles.id, title: knowledgeArticles.title, body: knowledgeArticles.body })
    .from(knowledgeArticles)
    .where(and(eq(knowledgeArticles.orgId, orgId), eq(knowledgeArticles.topicKey, article.topicKey), eq(knowledgeArticles.language, language), eq(knowledgeArticles.audience, "customer")));
  return translation ? { ...translation, language } : own;
}

/**
 * Answers the last customer turn of `history`.
 * @param params.orgId tenant whose knowledge is searched
 * @param params.config the agent config (a published version, or the editor's unsaved draft in preview)
 * @param params.history the conversation so far, oldest first; the last turn must be the customer's
 * @param params.afterHours whether the org is outside its business hours now
 * @param params.model an OpenAI-compatible model to compose replies with; on its failure the extractive reply is
 *   used and `agent_error` is raised (the customer still gets the grounded answer)
 * @throws Error when the last turn is not a customer's; database errors from retrieval (callers turn those into
 *   {@link engineFailure})
 */
export async function runAgent(
  db: Db,
  {
    orgId,
    config,
    history,
    afterHours = false,
    model = null,
  }: { orgId: string; config: AgentConfig; history: readonly EngineTurn[]; afterHours?: boolean; model?: ModelClient | null },
): Promise<AgentOutput> {
  const last = history.at(-1);
  if (!last || last.sender !== "customer") throw new Error("runAgent: the last turn must be the customer's");
  const { routing, profile } = config;
  const { language, note } = replyLanguageFor(config, history);
  const phrases = PHRASES[language];
  const output = (o: Partial<AgentOutput> & Pick<AgentOutput, "action" | "reply">): AgentOutput => ({
    confidence: 0, sources: [], capabilityId: null, signals: [], guidance: [], language, ...o,
  });
  const handover = (signals: AgentSignal[], extra: Partial<AgentOutput> = {}): AgentOutput =>
    output({ action: "handover", reply: handoverReply(config, language, afterHours), signals, ...extra });

  const previousBot = history.slice(0, -1).findLast((t) => t.sender === "bot");
  // everything the customer said since the last reply is read together (a burst gets one reply)
  const burst = unansweredMessages(history);
  const said = burst.join("\n");
  // only a grounded answer can be confirmed (thanks after a greeting, fallback or hand-over resolves nothing)
  if (previousBot?.agentAction === "answer" && previousBot.capabilityId && burst.every(isConfirmation)) {
    return output({ action: "resolve", reply: phrases.resolved, confidence: 1 });
  }
  if (routing.handoverOnHumanRequest && burst.some(asksForHuman)) return handover([]);
  const keyword = matchedKeyword(said, routing.handoverKeywords);
  if (keyword) return handover([{ signal: "unexpected_handoff", value: "handover_keyword", detail: keyword }]);
  if (burst.some(isAngry)) return handover([{ signal: "unexpected_handoff", value: "negative_sentiment" }]);
  if (afterHours && routing.afterHoursMode === "handover") return handover([]);
  const botMessages = history.filter((t) => t.sender === "bot").length;
  if (botMessages >= routing.messageCap) {
    return handover([{ signal: "message_cap", value: botMessages, threshold: routing.messageCap }]);
  }
  if (burst.every(isGreetingOnly)) return output({ action: "answer", reply: configured(config, "greeting", language), confidence: 1 });

  const text = searchText(history);
  // about another company's own account or product (a Netflix password, a Telkomsel package): off-topic, however
  // closely its words match a shop article — confidence 0, the shop's knowledge cannot answer it
  const others = await otherCompaniesIn(db, { orgId, text, ownWords: `${profile.name}\n${profile.persona}\n${profile.instructions}` });
  if (others.length > 0) {
    return handover([{ signal: "low_confidence", value: 0, threshold: routing.confidenceThreshold, detail: otherCompanyDetail(others) }]);
  }
  const found = await retrieveArticles(db, { orgId, text, limit: TOP_K });
  const scope = enabledScope(config);
  const allowed = found.filter((a) => scope.collections === null || scope.collections.has(a.collection));
  const customerFacing = allowed.filter((a) => a.audience === "customer");
  const internal = allowed.filter((a) => a.audience === "internal");
  const confidence = calibratedConfidence(confidenceFeatures(customerFacing));
  // staff guidance: a tie between two internal articles does not matter, the human reads the best one
  const internalConfidence = matchConfidence(confidenceFeatures(internal));
  const guidance: Guidance[] =
    internalConfidence >= GUIDANCE_MIN_CONFIDENCE
      ? internal.slice(0, 1).map((a) => ({ articleId: a.articleId, title: a.title, text: excerpt(a.body, a.title), confidence: internalConfidence }))
      : [];
  if (found.length > 0 && allowed.length === 0) {
    const outside = calibratedConfidence(confidenceFeatures(found));
    if (routing.handoverOutsideCapabilities) {
      return handover([{ signal: "unexpected_handoff", value: "outside_capabilities", detail: found[0]!.collection }], { confidence: outside });
    }
    return output({ action: "answer", reply: configured(config, "fallbackMessage", language), confidence: outside });
  }
  const best = customerFacing[0];
  // one source per answer (an answer's other language is the same text)
  const seen = new Set<string>();
  const cited = best
    ? customerFacing.filter((a) => a.score >= best.score * SOURCE_MIN_SHARE && !seen.has(topicOf(a)) && seen.add(topicOf(a))).slice(0, 3)
    : [];
  const sources: MessageSource[] = cited.map((a) => ({ articleId: a.articleId, title: a.title, score: Math.round(a.score * 1000) / 1000 }));
  if (!best || confidence < routing.confidenceThreshold) {
    // only staff guidance matches well: the human gets it; the customer gets the hand-over message
    const detail = guidance.length > 0 && internalConfidence >= routing.confidenceThreshold ? "internal_guidance_only" : undefined;
    return handover([{ signal: "low_confidence", value: confidence, threshold: routing.confidenceThreshold, ...(detail ? { detail } : {}) }], {
      confidence,
      sources,
      guidance,
    });
  }
  const capability =
    scope.capabilities.find((c) => c.collections.includes(best.collection)) ??
    scope.capabilities.find((c) => c.collections.includes(ALL_COLLECTIONS))!;
  const answer = await answerIn(db, orgId, best, language);
  const signals: AgentSignal[] = [];
  const firstReply = !history.some((t) => t.sender === "bot");
  let replyText = answer.body;
  if (model) {
    try {
      replyText = await modelReply(model, { config, language: answer.language, history, articles: [answer] });
    } catch (error) {
      signals.push({ signal: "agent_error", value: "model_failure", detail: errorMessage(error) });
    }
  }
  // the note that the agent replies in another language is said once per conversation
  const noted = history.some((t) => t.sender === "bot" && t.content.startsWith(ONLY_LANGUAGE[answer.language]));
  const reply = inVoice({ profile, language: answer.language, answer: replyText, firstReply, languageNote: (note || answer.language !== language) && !noted });
  // the first source is the article the customer reads (its translation when one was sent)
  const cites = answer.articleId === best.articleId ? sources : [{ ...sources[0]!, articleId: answer.articleId, title: answer.title }, ...sources.slice(1)];
  return output({ action: "answer", reply, confidence, sources: cites, capabilityId: capability.capabilityId, signals, language: answer.language, guidance });
}

/** The output while the agent is paused: hand over, in the customer's language, without a signal. */
export function pausedHandover(config: AgentConfig, history: readonly EngineTurn[]): AgentOutput {
  const { language } = replyLanguageFor(config, history);
  return { action: "handover", reply: handoverReply(config, language, false), confidence: 0, sources: [], capabilityId: null, signals: [], language, guidance: [] };
}
