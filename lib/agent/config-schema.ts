/**
 * The AI agent's configuration (002_… Profile/Behavior · Capabilities · Routing), one zod schema per editor step
 * and one for the whole. The editor validates each step with its schema before the next; the server validates
 * the whole on every save, publish and model draft — the same rules everywhere.
 */
import { z } from "zod";
import { localized, say, type ErrorKey } from "@/lib/i18n/language-scope";

/** The languages an agent replies in: one, or "both" (it replies in whichever of the two the customer writes). */
export const AGENT_LANGUAGES = ["id", "en", "both"] as const;
export type AgentLanguage = (typeof AGENT_LANGUAGES)[number];
/** A language a reply is written in. */
export type ReplyLanguage = Exclude<AgentLanguage, "both">;
export const LANGUAGE_LABELS: Record<AgentLanguage, string> = { id: "Bahasa Indonesia", en: "English", both: "Bahasa Indonesia and English" };

/** The language an agent's own texts are written in and unclear messages are answered in ("both" → Indonesian first). */
export function primaryLanguage(language: AgentLanguage): ReplyLanguage {
  return language === "both" ? "id" : language;
}

/** Whether an agent configured for `language` replies in `reply`. */
export function speaks(language: AgentLanguage, reply: ReplyLanguage): boolean {
  return language === "both" || language === reply;
}
export const AGENT_TONES = ["friendly", "professional", "casual", "formal"] as const;
export const AFTER_HOURS_MODES = ["answer", "handover"] as const;
/** The longest burst window an agent may set (s): a message waits at most this long for the customer's next one. */
export const MAX_BURST_WINDOW_SECONDS = 10;

const text = (max: number) => z.string().trim().max(max, localized("agents.config.tooLong", { max }));
/** @param missing the sentence for an empty field, e.g. "agents.config.required.name" ("Name is required.") */
const required = (max: number, missing: ErrorKey) => text(max).min(1, localized(missing));

/** Step 1 — who the agent is and what it says at the edges of a conversation. */
export const profileSchema = z.object({
  name: required(80, "agents.config.required.name"),
  persona: text(500),
  tone: z.enum(AGENT_TONES, localized("agents.config.pickTone")),
  language: z.enum(AGENT_LANGUAGES, localized("agents.config.pickLanguage")),
  instructions: text(4000),
  greeting: required(500, "agents.config.required.greeting"),
  /** said when the question is outside every capability and the agent keeps the conversation */
  fallbackMessage: required(500, "agents.config.required.fallbackMessage"),
  /** said when the agent hands the conversation to a human */
  handoverMessage: required(500, "agents.config.required.handoverMessage"),
});

/** `capability_id`: lowercase letters, digits and underscores, e.g. `refunds`. */
export const capabilityIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, localized("agents.config.capabilityIdFormat"));

export const capabilitySchema = z.object({
  capabilityId: capabilityIdSchema,
  name: required(80, "agents.config.required.capabilityName"),
  description: text(500),
  /** knowledge collections this capability may answer from */
  collections: z.array(z.string().trim().min(1)).min(1, localized("agents.config.chooseCollection")).max(20),
  exampleQuestions: z.array(text(300).min(1)).max(20, localized("agents.config.tooManyExamples", { max: 20 })),
  enabled: z.boolean(),
});

/** Step 2 — the `capability_pack`: at least one enabled capability, ids unique. */
export const capabilityPackSchema = z
  .array(capabilitySchema)
  .min(1, localized("agents.config.addCapability"))
  .max(20, localized("agents.config.tooManyCapabilities", { max: 20 }))
  .superRefine((pack, ctx) => {
    if (!pack.some((c) => c.enabled)) ctx.addIssue({ code: "custom", message: say("agents.config.enableCapability") });
    const seen = new Set<string>();
    pack.forEach((c, i) => {
      if (seen.has(c.capabilityId)) ctx.addIssue({ code: "custom", path: [i, "capabilityId"], message: say("agents.config.capabilityIdTwice", { id: c.capabilityId }) });
      seen.add(c.capabilityId);
    });
  });

/** Step 3 — when the agent hands over, how sure it must be, and where it runs. */
export const routingSchema = z.object({
  /** a customer message containing one of these (case-insensitive) is handed to a human */
  handoverKeywords: z.array(text(60).min(1)).max(50, localized("agents.config.tooManyKeywords", { max: 50 })),
  /** hand over when the customer asks for a human ("talk to an agent", "bicara dengan CS") */
  handoverOnHumanRequest: z.boolean(),
  /** hand over when none of the best-matching articles (top 5) is in an enabled capability's collections */
  handoverOutsideCapabilities: z.boolean(),
  /** below this confidence (0..1) the agent hands over instead of answering */
  confidenceThreshold: z.number(localized("agents.config.confidenceNumber")).min(0, localized("agents.config.confidenceRange")).max(1, localized("agents.config.confidenceRange")),
  /** most bot messages per conversation; the next customer message after the cap is handed over */
  messageCap: z.number(localized("agents.config.wholeNumber")).int(localized("agents.config.wholeNumber")).min(1, localized("agents.config.messageCapMin")).max(100, localized("agents.config.messageCapMax", { max: 100 })),
  /** said when the engine fails or times out (the conversation is handed over) */
  errorMessage: required(500, "agents.config.required.errorMessage"),
  /** outside the org's business hours: keep answering (handovers add the after-hours note) or hand everything over */
  afterHoursMode: z.enum(AFTER_HOURS_MODES),
  afterHoursMessage: text(500),
  /** after the bot's answer, this many minutes of customer silence close the conversation (a bare RESOLVE closed after silence: never an AI win) */
  idleResolveMinutes: z.number(localized("agents.config.enterMinutes")).int(localized("agents.config.wholeMinutes")).min(5, localized("agents.config.idleMin", { min: 5 })).max(1440, localized("agents.config.idleMax")),
  /**
   * Bursts (issue 14 item 6): messages a customer sends within this many seconds of each other get one reply that reads
   * them all; 0 replies to each message at once. Versions published before this setting existed answer at once.
   */
  burstWindowSeconds: z.number(localized("agents.config.enterSeconds")).int(localized("agents.config.wholeSeconds")).min(0, localized("agents.config.burstMin", { min: 0 })).max(MAX_BURST_WINDOW_SECONDS, localized("agents.config.burstMax", { max: MAX_BURST_WINDOW_SECONDS })).default(0),
  /** channels this agent answers (a channel has one agent; publishing moves the channel to this one) */
  channelIds: z.array(z.uuid()).max(100),
});

export const agentConfigSchema = z.object({
  profile: profileSchema,
  capabilities: capabilityPackSchema,
  routing: routingSchema,
});

export type AgentProfile = z.infer<typeof profileSchema>;
export type Capability = z.infer<typeof capabilitySchema>;
export type AgentRouting = z.infer<typeof routingSchema>;
export type AgentConfig = z.infer<typeof agentConfigSchema>;

export const EDITOR_STEPS = [
  { key: "profile", label: "Profile & behavior", schema: profileSchema },
  { key: "capabilities", label: "Capabilities", schema: capabilityPackSchema },
  { key: "routing", label: "Routing", schema: routingSchema },
] as const;
export type EditorStep = (typeof EDITOR_STEPS)[number]["key"];

/** Message texts in each language, for the defaults and the engine's own phrases. */
export const PHRASES = {
  en: {
    greeting: "Hi! I'm the virtual assistant. How can I help you today?",
    fallback: "I'm sorry, I can't help with that here. Could you tell me more, or ask about our orders, shipping or returns?",
    handover: "Thanks for reaching out. I'm passing your conversation to one of our team members, who will reply here shortly.",
    error: "Sorry, something went wrong on our side. A team member will continue this conversation shortly.",
    afterHours: "Our team is away right now and will reply during business hours.",
    resolved: "Glad I could help! Feel free to message us again anytime.",
  },
  id: {
    greeting: "Halo! Saya asisten virtual. Ada yang bisa saya bantu hari ini?",
    fallback: "Maaf, saya belum bisa membantu untuk hal itu. Boleh dijelaskan lagi, atau tanyakan tentang pesanan, pengiriman, atau pengembalian?",
    handover: "Terima kasih sudah menghubungi kami. Percakapan ini saya teruskan ke tim kami, yang akan segera membalas di sini.",
    error: "Maaf, ada kendala di sistem kami. Tim kami akan segera melanjutkan percakapan ini.",
    afterHours: "Tim kami sedang di luar jam kerja dan akan membalas pada jam operasional.",
    resolved: "Senang bisa membantu! Silakan hubungi kami lagi kapan saja.",
  },
} as const;

/**
 * The built-in defaults a channel without a published agent answers with (and the starting point of a new agent):
 * one capability over every collection is represented by `collections: ["*"]`.
 * @param language the org's language for the message texts
 */
export function defaultAgentConfig(language: AgentLanguage = "en", name = "Assistant"): AgentConfig {
  const p = PHRASES[primaryLanguage(language)];
  return {
    profile: {
      name,
      persona: "",
      tone: "friendly",
      language,
      instructions: "",
      greeting: p.greeting,
      fallbackMessage: p.fallback,
      handoverMessage: p.handover,
    },
    capabilities: [
      { capabilityId: "general", name: "General questions", description: "Answers from every knowledge collection.", collections: [ALL_COLLECTIONS], exampleQuestions: [], enabled: true },
    ],
    routing: {
      handoverKeywords: [],
      handoverOnHumanRequest: true,
      handoverOutsideCapabilities: true,
      // the seed's 0.7 (002_…): confidence is calibrated on the development set (lib/agent/calibration.ts) so that
      // clear on-topic questions land at or above it and off-topic ones below 0.4
      confidenceThreshold: 0.7,
      messageCap: 10,
      errorMessage: p.error,
      afterHoursMode: "answer",
      afterHoursMessage: p.afterHours,
      idleResolveMinutes: 30,
      burstWindowSeconds: 0,
      channelIds: [],
    },
  };
}

/** A capability collection entry meaning "every collection". */
export const ALL_COLLECTIONS = "*";
