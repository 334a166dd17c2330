/**
 * The answering engine (002_… answering engine): from the conversation history, an agent config and the org's
 * knowledge, decides `answer | handover | resolve`, writes the reply, and raises the failure signals monitoring
 * needs (003_…): `low_confidence`, `message_cap`, `unexpected_handoff`, `agent_error`. Each handover raises at
 * most one signal naming its cause; a handover the customer asked for, or an after-hours handover the admin chose,
 * raises none.
 */
import type { Db } from "@/db/client";
import type { AgentSignal, MessageSource } from "@/db/schema";
import { ALL_COLLECTIONS, PHRASES, type AgentConfig, type Capability } from "./config-schema";
import { extractiveReply, modelReply } from "./compose-reply";
import { asksForHuman, isConfirmation, isGreetingOnly, matchedKeyword } from "./intents";
import type { ModelClient } from "./model-client";
import { retrieveArticles, type RetrievedArticle } from "./retrieve";

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

export type AgentOutput = {
  action: AgentAction;
  reply: string;
  /** 0..1 — see {@link calibratedConfidence}; 1 for greetings and confirmations, 0 when nothing was retrieved */
  confidence: number;
  sources: MessageSource[];
  /** the `capability_id` whose knowledge answered, null when no capability did */
  capabilityId: string | null;
  signals: AgentSignal[];
};

/** Articles retrieved per turn (top-k). */
const TOP_K = 5;
/** Sources listed with a reply: the best and runners-up scoring at least this share of the best. */
const SOURCE_MIN_SHARE = 0.5;

/**
 * Confidence 0..1 that the best article answers the message: its retrieval score (see `retrieveArticles`), discounted
 * by up to 20 % when the runner-up scores nearly as well — `s1 × (0.8 + 0.2 × (s1 − s2) / s1)`. A clear winner keeps
 * its score; a tie between two different articles means the engine cannot tell which one the customer means.
 * @param scores retrieval scores, best first
 */
export function calibratedConfidence(scores: readonly number[]): number {
  const [s1 = 0, s2 = 0] = scores;
  if (s1 <= 0) return 0;
  const margin = (s1 - s2) / s1;
  return Math.round(Math.min(1, s1 * (0.8 + 0.2 * margin)) * 1000) / 1000;
}

function handoverReply(config: AgentConfig, afterHours: boolean, message = config.profile.handoverMessage): string {
  return afterHours && config.routing.afterHoursMessage ? `${message} ${config.routing.afterHoursMessage}` : message;
}

/** The capabilities in force and the collections they may answer from (null = every collection). */
function enabledScope(config: AgentConfig): { capabilities: Capability[]; collections: Set<string> | null } {
  const capabilities = config.capabilities.filter((c) => c.enabled);
  const all = capabilities.some((c) => c.collections.includes(ALL_COLLECTIONS));
  return { capabilities, collections: all ? null : new Set(capabilities.flatMap((c) => c.collections)) };
}

/** The text searched for: the customer's message, with the previous customer message when this one is a short follow-up. */
function searchText(history: readonly EngineTurn[]): string {
  const customer = history.filter((t) => t.sender === "customer");
  const last = customer.at(-1)!.content;
  const previous = customer.at(-2)?.content;
  return previous && last.trim().split(/\s+/).length <= 3 ? `${previous} ${last}` : last;
}

/**
 * The output for an engine failure or timeout: hand over with the configured error message and raise `agent_error`.
 * @param error what failed (its message is kept as the signal's detail; never shown to the customer)
 */
export function engineFailure(config: AgentConfig, error: unknown, afterHours = false): AgentOutput {
  return {
    action: "handover",
    reply: handoverReply(config, afterHours, config.routing.errorMessage),
    confidence: 0,
    sources: [],
    capabilityId: null,
    signals: [{ signal: "agent_error", value: "engine_failure", detail: error instanceof Error ? error.message.slice(0, 300) : String(error) }],
  };
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
  const phrases = PHRASES[profile.language];
  const handover = (signals: AgentSignal[], confidence = 0, message?: string): AgentOutput => ({
    action: "handover",
    reply: handoverReply(config, afterHours, message),
    confidence,
    sources: [],
    capabilityId: null,
    signals,
  });

  const previousBot = history.slice(0, -1).findLast((t) => t.sender === "bot");
  // only a grounded answer can be confirmed (thanks after a greeting or fallback resolves nothing)
  if (previousBot?.agentAction === "answer" && previousBot.capabilityId && isConfirmation(last.content)) {
    return { action: "resolve", reply: phrases.resolved, confidence: 1, sources: [], capabilityId: null, signals: [] };
  }
  if (routing.handoverOnHumanRequest && asksForHuman(last.content)) return handover([]);
  const keyword = matchedKeyword(last.content, routing.handoverKeywords);
  if (keyword) return handover([{ signal: "unexpected_handoff", value: "handover_keyword", detail: keyword }]);
  if (afterHours && routing.afterHoursMode === "handover") return handover([]);
  const botMessages = history.filter((t) => t.sender === "bot").length;
  if (botMessages >= routing.messageCap) {
    return handover([{ signal: "message_cap", value: botMessages, threshold: routing.messageCap }]);
  }
  if (isGreetingOnly(last.content)) {
    return { action: "answer", reply: profile.greeting, confidence: 1, sources: [], capabilityId: null, signals: [] };
  }

  const found = await retrieveArticles(db, { orgId, text: searchText(history), limit: TOP_K });
  const scope = enabledScope(config);
  const inScope = (a: RetrievedArticle) => scope.collections === null || scope.collections.has(a.collection);
  const allowed = found.filter(inScope);
  if (found.length > 0 && allowed.length === 0) {
    const outside = calibratedConfidence(found.map((a) => a.score));
    if (routing.handoverOutsideCapabilities) {
      return handover([{ signal: "unexpected_handoff", value: "outside_capabilities", detail: found[0]!.collection }], outside);
    }
    return { action: "answer", reply: profile.fallbackMessage, confidence: outside, sources: [], capabilityId: null, signals: [] };
  }
  const confidence = calibratedConfidence(allowed.map((a) => a.score));
  const best = allowed[0];
  const cited = best ? allowed.filter((a) => a.score >= best.score * SOURCE_MIN_SHARE).slice(0, 3) : [];
  const sources: MessageSource[] = cited.map((a) => ({ articleId: a.articleId, title: a.title, score: Math.round(a.score * 1000) / 1000 }));
  if (!best || confidence < routing.confidenceThreshold) {
    // the articles it considered stay on the handover, so the human taking over sees what the bot found
    return { ...handover([{ signal: "low_confidence", value: confidence, threshold: routing.confidenceThreshold }], confidence), sources };
  }
  const capability =
    scope.capabilities.find((c) => c.collections.includes(best.collection)) ??
    scope.capabilities.find((c) => c.collections.includes(ALL_COLLECTIONS))!;
  const signals: AgentSignal[] = [];
  let reply = extractiveReply(best, profile.language);
  if (model) {
    try {
      reply = await modelReply(model, { config, history, articles: cited });
    } catch (error) {
      signals.push({ signal: "agent_error", value: "model_failure", detail: error instanceof Error ? error.message.slice(0, 300) : String(error) });
    }
  }
  return { action: "answer", reply, confidence, sources, capabilityId: capability.capabilityId, signals };
}
