/**
 * Draft from a prompt (002_…): the admin describes the business in a sentence or two and gets a complete config to
 * review. With a model endpoint the draft comes from the model and must pass `agentConfigSchema` like any editor
 * save; without one (or when the model fails or answers something invalid) the deterministic drafter builds it from
 * the prompt and the org's knowledge collections. The result always says which one produced it.
 */
import { franc } from "franc-min";
import { z } from "zod";
import { ALL_COLLECTIONS, agentConfigSchema, defaultAgentConfig, type AgentConfig, type AgentLanguage, type Capability, type ReplyLanguage, primaryLanguage } from "./config-schema";
import { localized, say } from "@/lib/i18n/language-scope";
import { ModelError, type ModelClient } from "./model-client";

export const draftPromptSchema = z
  .string()
  .trim()
  .min(15, localized("agents.draft.promptTooShort"))
  .max(1000, localized("agents.draft.promptTooLong"));

export type CollectionSummary = { name: string; articles: number; sampleTitles: string[] };

export type DraftResult = {
  config: AgentConfig;
  source: "model" | "template";
  /** plain-language note of who produced the draft (and why the model's was not used, when it failed) */
  note: string;
};

/** Bahasa Indonesia or English, from the prompt's words (franc); unclear → the org's default. */
export function detectLanguage(text: string, fallback: ReplyLanguage): ReplyLanguage {
  const code = franc(text, { only: ["ind", "eng"], minLength: 10 });
  return code === "ind" ? "id" : code === "eng" ? "en" : fallback;
}

const NAME_PATTERNS = [
  /\b(?:[Ww]e are|[Ww]e're|I run|I own|[Ww]e run|[Tt]his is|[Tt]oko|[Kk]ami adalah|[Kk]ami|[Bb]rand)\s+((?:[A-Z0-9][\w&'’.-]*)(?:\s+[A-Z0-9][\w&'’.-]*){0,3})/,
  /^((?:[A-Z0-9][\w&'’.-]*)(?:\s+[A-Z0-9][\w&'’.-]*){0,3})\s+(?:is|adalah|sells|menjual|jual)\b/,
];

/** The business name the prompt mentions ("We are Batik Sari, …" → "Batik Sari"), or `fallback`. */
export function businessNameOf(prompt: string, fallback: string): string {
  for (const re of NAME_PATTERNS) {
    const m = prompt.match(re);
    if (m?.[1]) return m[1].replace(/[.,;:!]+$/, "");
  }
  return fallback;
}

function toneOf(prompt: string): AgentConfig["profile"]["tone"] {
  if (/\b(formal|resmi|sopan)\b/i.test(prompt)) return "formal";
  if (/\b(professional|profesional)\b/i.test(prompt)) return "professional";
  if (/\b(casual|santai|fun|gaul|relaxed|playful)\b/i.test(prompt)) return "casual";
  return "friendly";
}

/** A valid, unique `capability_id` for a collection name ("Policy guidelines" → `policy_guidelines`). */
function capabilityIdOf(name: string, taken: Set<string>): string {
  let base = name.normalize("NFKD").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 36);
  if (!/^[a-z]/.test(base)) base = `c_${base}`.slice(0, 36);
  if (base.length < 2) base = "topic";
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
  taken.add(id);
  return id;
}

const DEFAULT_KEYWORDS: Record<ReplyLanguage, string[]> = {
  en: ["complaint", "lawyer", "fraud"],
  id: ["komplain", "pengacara", "penipuan"],
};

/**
 * The deterministic drafter: language and tone from the prompt, one capability per knowledge collection (example
 * questions from the collection's question-shaped titles), safe routing defaults.
 * @param params.orgName used when the prompt names no business
 * @param params.orgLanguage used when the prompt's language is unclear
 */
export function draftFromTemplate({
  prompt,
  collections,
  orgName,
  orgLanguage,
}: {
  prompt: string;
  collections: CollectionSummary[];
  orgName: string;
  orgLanguage: AgentLanguage;
}): AgentConfig {
  // the texts in the prompt's language; an Indonesian org's agent replies in both languages (its customers write both)
  const language = detectLanguage(prompt, primaryLanguage(orgLanguage));
  const business = businessNameOf(prompt, orgName).slice(0, 60);
  const tone = toneOf(prompt);
  const base = defaultAgentConfig(language, language === "id" ? `Asisten ${business}` : `${business} Assistant`);
  const replies: AgentLanguage = orgLanguage === "en" ? language : "both";
  const taken = new Set<string>();
  const capabilities: Capability[] = collections.slice(0, 20).map((c) => ({
    capabilityId: capabilityIdOf(c.name, taken),
    name: c.name.slice(0, 80),
    description: (language === "id"
      ? `Menjawab pertanyaan dari koleksi "${c.name}" (${c.articles} artikel).`
      : `Answers questions from the "${c.name}" collection (${c.articles} articles).`
    ).slice(0, 500),
    collections: [c.name],
    exampleQuestions: c.sampleTitles.filter((t) => t.trim().endsWith("?")).slice(0, 3).map((t) => t.slice(0, 300)),
    enabled: true,
  }));
  const firstSentence = prompt.split(/(?<=[.!?])\s/)[0]!.slice(0, 300);
  return agentConfigSchema.parse({
    profile: {
      ...base.profile,
      language: replies,
      tone,
      persona: (language === "id"
        ? `Asisten layanan pelanggan ${business} yang ${tone === "formal" ? "sopan dan resmi" : "ramah"}. ${firstSentence}`
        : `A ${tone} customer-service assistant for ${business}. ${firstSentence}`
      ).slice(0, 500),
      instructions: (language === "id"
        ? `Tentang bisnis: ${prompt}\nJawab hanya berdasarkan basis pengetahuan. Jika ragu, teruskan ke tim kami.`
        : `About the business: ${prompt}\nAnswer only from the knowledge base. When unsure, hand the conversation to the team.`
      ).slice(0, 4000),
    },
    capabilities: capabilities.length > 0 ? capabilities : base.capabilities,
    routing: { ...base.routing, handoverKeywords: DEFAULT_KEYWORDS[language] },
  });
}

/**
 * Asks the model for a config, then validates it with the editor's schema; capability collections must be the org's
 * (or `*`), channels are left for the admin to choose.
 * @throws Error with the reason when the model fails or its draft is invalid
 */
async function draftFromModel(model: ModelClient, params: Parameters<typeof draftFromTemplate>[0]): Promise<AgentConfig> {
  const example = draftFromTemplate(params);
  const content = await model.complete(
    [
      {
        role: "system",
        content: [
          "You draft the configuration of a customer-service AI agent. Reply with ONE JSON object only, with exactly the keys and value types of this example:",
          JSON.stringify(example),
          `Knowledge collections available (capabilities may only use these names, or "${ALL_COLLECTIONS}" for all): ${JSON.stringify(params.collections.map((c) => c.name))}.`,
          "Write the texts in the customer's language (profile.language: \"id\" = Bahasa Indonesia, \"en\" = English). Keep routing.channelIds an empty array.",
        ].join("\n"),
      },
      { role: "user", content: params.prompt },
    ],
    { json: true },
  );
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new Error(say("agents.draft.reason.notJson"));
  }
  const parsed = agentConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(say("agents.draft.reason.invalid", { path: issue?.path.join(".") ?? "", message: issue?.message ?? "" }));
  }
  const known = new Set([ALL_COLLECTIONS, ...params.collections.map((c) => c.name)]);
  const unknown = parsed.data.capabilities.flatMap((c) => c.collections).find((c) => !known.has(c));
  if (unknown) throw new Error(say("agents.draft.reason.unknownCollection", { name: unknown }));
  return { ...parsed.data, routing: { ...parsed.data.routing, channelIds: [] } };
}

/**
 * Why the model's draft was not used, in the reader's language: a {@link ModelError} by its kind (its own message
 * stays English, for logs), any other error (thrown by `draftFromModel` with `say`) by its message.
 */
function failureReason(error: unknown): string {
  if (error instanceof ModelError) {
    if (error.kind === "timeout") return say("agents.draft.reason.timeout");
    if (error.kind === "http" && error.status) return say("agents.draft.reason.http", { status: error.status });
    if (error.kind === "malformed") return say(error.cause instanceof SyntaxError ? "agents.draft.reason.badJson" : "agents.draft.reason.noContent");
    if (error.kind === "network") return say("agents.draft.reason.network");
    return error.message;
  }
  return error instanceof Error ? error.message : say("agents.draft.reason.failed");
}

/**
 * Drafts a config from the admin's description.
 * @param params.prompt validated with {@link draftPromptSchema} (ZodError when too short/long)
 * @param model the configured model, or null for the deterministic drafter
 * @returns the config, which drafter produced it, and a note saying so
 */
export async function draftAgentConfig(
  params: { prompt: string; collections: CollectionSummary[]; orgName: string; orgLanguage: AgentLanguage },
  model: ModelClient | null,
): Promise<DraftResult> {
  const prompt = draftPromptSchema.parse(params.prompt);
  const input = { ...params, prompt };
  if (model) {
    try {
      return { config: await draftFromModel(model, input), source: "model", note: say("agents.draft.noteModel", { model: model.model }) };
    } catch (error) {
      return {
        config: draftFromTemplate(input),
        source: "template",
        note: say("agents.draft.noteFallback", { reason: failureReason(error) }),
      };
    }
  }
  return {
    config: draftFromTemplate(input),
    source: "template",
    note: say("agents.draft.noteTemplate"),
  };
}
