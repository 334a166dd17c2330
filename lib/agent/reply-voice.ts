/**
 * The agent's voice around a grounded answer (issue 14 item 4): an opening and a closing in the reply's language,
 * shaped by the configured tone and the agent's name, so two agents with different personas sound different while
 * the answer itself stays the knowledge base's text. Pure functions.
 */
import type { AgentProfile, ReplyLanguage } from "./config-schema";

type Tone = AgentProfile["tone"];

const OPENINGS: Record<ReplyLanguage, Record<Tone, { first: (name: string) => string; next: string }>> = {
  en: {
    friendly: { first: (name) => `Hi, ${name} here! Happy to help.`, next: "Sure!" },
    casual: { first: (name) => `Hey, it's ${name}!`, next: "Got it!" },
    professional: { first: (name) => `Hello, this is ${name}. Thank you for your question.`, next: "Thank you for your question." },
    formal: { first: (name) => `Good day, this is ${name}. Thank you for contacting us.`, next: "Thank you for your message." },
  },
  id: {
    friendly: { first: (name) => `Halo Kak, saya ${name}, siap membantu!`, next: "Baik, Kak!" },
    casual: { first: (name) => `Hai Kak, ${name} di sini!`, next: "Oke, Kak!" },
    professional: { first: (name) => `Halo, saya ${name}. Terima kasih atas pertanyaannya.`, next: "Terima kasih atas pertanyaannya." },
    formal: { first: (name) => `Selamat datang, saya ${name}. Terima kasih telah menghubungi kami.`, next: "Terima kasih atas pesan Anda." },
  },
};

const CLOSINGS: Record<ReplyLanguage, Record<Tone, string>> = {
  en: {
    friendly: "Anything else I can help you with?",
    casual: "Anything else?",
    professional: "Is there anything else I can help you with?",
    formal: "Please let us know if there is anything else we can assist you with.",
  },
  id: {
    friendly: "Ada lagi yang bisa saya bantu, Kak?",
    casual: "Ada lagi, Kak?",
    professional: "Apakah ada hal lain yang bisa saya bantu?",
    formal: "Silakan sampaikan apabila ada hal lain yang dapat kami bantu.",
  },
};

/** Said once, first, when the customer writes in a language the agent does not reply in. */
const ONLY_LANGUAGE: Record<ReplyLanguage, string> = {
  en: "I can only reply in English, so here is my answer in English.",
  id: "Saya hanya dapat membalas dalam Bahasa Indonesia, jadi berikut jawaban saya dalam Bahasa Indonesia.",
};

/**
 * A grounded answer in the agent's voice: opening (introducing the agent on its first reply of the conversation),
 * the answer text, closing.
 * @param params.answer the customer-facing article text, already in `language`
 * @param params.firstReply whether the agent has not replied in this conversation yet
 * @param params.languageNote whether to say first that the agent replies only in `language`
 */
export function inVoice({
  profile, language, answer, firstReply, languageNote = false,
}: { profile: Pick<AgentProfile, "name" | "tone">; language: ReplyLanguage; answer: string; firstReply: boolean; languageNote?: boolean }): string {
  const opening = OPENINGS[language][profile.tone];
  return [languageNote ? ONLY_LANGUAGE[language] : null, firstReply ? opening.first(profile.name) : opening.next, answer.trim(), CLOSINGS[language][profile.tone]]
    .filter(Boolean)
    .join("\n\n");
}

/**
 * A configured message (greeting, hand-over, fallback…) in the reply's language: the admin's own text when it is
 * written in that language, else the built-in text of that language, so no reply mixes two languages.
 * @param params.configured the admin's text; `configuredLanguage` its language (detected)
 * @param params.builtIn the built-in text in `language`
 */
export function messageIn({
  configured, configuredLanguage, language, builtIn,
}: { configured: string; configuredLanguage: ReplyLanguage | null; language: ReplyLanguage; builtIn: string }): string {
  return configuredLanguage === null || configuredLanguage === language ? configured : builtIn;
}

export { ONLY_LANGUAGE };
