/**
 * Sentiment of one customer message on live traffic (issue 15 item 6), in English and Bahasa Indonesia including chat
 * Indonesian ("gak puas", "lama bgt", "mantap", "nyesel"). Pure: no I/O, no clock, no React/Next; safe on any string.
 *
 * Lexicons (provenance in README.md beside this file):
 * - English: AFINN-165 as the `sentiment` package ships it, plus `lexicon-en.json` (customer-chat corrections).
 * - Indonesian: `@nlpjs/lang-id`'s AFINN-style `afinn_id.json`, plus `lexicon-id.json` (corrections of its
 *   machine-translation errors, chat slang, negators, intensifiers, spelling variants).
 * - Emoji: the `sentiment` package's emoji scores, plus `lexicon-emoji.json` (newer emoji, ASCII emoticons).
 * Both word lists are registered into one `sentiment` analyzer as the languages `tandem-en` and `tandem-id` (never
 * as `en`, so the plain AFINN scoring of lib/chatwoot/triage.ts is untouched).
 *
 * Mixed messages ("barangnya bagus, fast response, thanks kak"): the message's language (given, or detected with
 * lib/agent/language.ts) takes precedence, and a word its lexicon lacks is looked up in the other language's lexicon,
 * so both lexicons contribute. A word that one language's overlay marks 0 ("no" = nomor in Indonesian, "help" in
 * English) is scored by neither when that language takes precedence.
 */
import Sentiment from "sentiment";
// through the package's CommonJS entry, not the JSON file: tsx turns an imported JSON file into an ES module with
// one export per key, and AFINN has the key "await" (a reserved word there), which breaks `npm run demo`
import sentimentEn from "sentiment/languages/en/index.js";
import afinnId from "@nlpjs/lang-id/src/sentiment/afinn_id.json";
import IndonesianStemmer from "@nlpjs/lang-id/src/indonesian-stemmer";
import { detectLanguage } from "../agent/language";
import overlayEn from "./lexicon-en.json";
import overlayId from "./lexicon-id.json";
import overlayEmoji from "./lexicon-emoji.json";
import { CHAT_SPELLING, reduplicationBase } from "@/lib/language/chat-spelling";

export type SentimentLanguage = "en" | "id";

/** Characters of a message that are scored; the rest is ignored (the analysis reports `truncated`). */
export const MAX_SENTIMENT_INPUT_CHARS = 4_000;
/** The AFINN sum that maps to tanh(1) ≈ 0.76: score = tanh(raw / SENTIMENT_SCALE). */
export const SENTIMENT_SCALE = 4;
/** |score| below this is neutral for {@link sentimentPolarity}: a lone ±1 word (tanh(1/4) ≈ 0.245) stays neutral. */
export const NEUTRAL_BAND = 0.25;
/** A scored word right after a "before" intensifier ("sangat", "very") or right before an "after" one ("banget") counts ×1.5. */
export const INTENSIFIER_FACTOR = 1.5;
/** A negator this many words or fewer before a scored word (within the same clause) flips its sign: "gak terlalu bagus". */
export const NEGATION_WINDOW = 2;

export type SentimentOptions = {
  /** the message's language if known (e.g. the conversation's reply language); detected from the text otherwise */
  language?: SentimentLanguage;
};

export type SentimentAnalysis = {
  /** -1 (very negative) … 1 (very positive); null when no word, phrase or emoji of the message is in either lexicon */
  score: number | null;
  /** the AFINN-style sum (word scores −5…5 after negation and intensifiers) that `score` is tanh(raw / 4) of */
  raw: number;
  /** the lexicon that took precedence */
  language: SentimentLanguage;
  /** where `language` came from: the caller, detection, or the English default when detection found no word */
  languageSource: "given" | "detected" | "default";
  /** the scored words in message order (phrases joined with "+", e.g. "lama+banget"); empty when score is null */
  words: string[];
  /** whether the message was longer than {@link MAX_SENTIMENT_INPUT_CHARS} and only its start was scored */
  truncated: boolean;
};

type Overlay = {
  labels: Record<string, number>;
  negators: string[];
  intensifiers: { before: string[]; after: string[] };
};

const OVERLAYS: Record<SentimentLanguage, Overlay> = { en: overlayEn, id: overlayId };
const afinnEn = sentimentEn.labels;
const BASES: Record<SentimentLanguage, Record<string, number>> = { en: afinnEn, id: afinnId };
const EMOJI_LABELS: Record<string, number> = overlayEmoji.labels;
const EMOTICONS: Record<string, string> = overlayEmoji.emoticons;

/** Only word entries of a base lexicon: emoji come from the `sentiment` package and lexicon-emoji.json. */
const isWordKey = (key: string) => /^[\p{L}\p{N}]/u.test(key);

type Lexicon = {
  code: string;
  /** the labels registered into `sentiment`: phrases keyed "a+b", no zero entries */
  labels: Record<string, number>;
  /** every phrase of both lexicons, by its words joined with a space, including the zero-scored (stop) phrases */
  phrases: Set<string>;
  /** words that appear in some phrase, so elongation ("lamaaa") is undone for them too */
  phraseWords: Set<string>;
  negators: Set<string>;
  before: Set<string>;
  after: Set<string>;
  spelling: Readonly<Record<string, string>>;
};

/** The token that ends a clause (punctuation): negation does not reach across it, phrases do not span it. */
const CLAUSE_BREAK = "|";

const analyzer = new Sentiment();
const stemmer = new IndonesianStemmer();

function buildLexicon(primary: SentimentLanguage): Lexicon {
  const other: SentimentLanguage = primary === "en" ? "id" : "en";
  const merged: Record<string, number> = {};
  for (const lang of [other, primary]) {
    for (const [key, value] of Object.entries(BASES[lang])) if (isWordKey(key)) merged[key] = value;
    Object.assign(merged, OVERLAYS[lang].labels);
  }
  const labels: Record<string, number> = {};
  const phrases = new Set<string>();
  const phraseWords = new Set<string>();
  for (const [key, value] of Object.entries(merged)) {
    const words = key.split(" ");
    if (words.length > 1) {
      if (words.length > 3) continue;
      phrases.add(key);
      for (const w of words) phraseWords.add(w);
    }
    if (value !== 0) labels[words.join("+")] = value;
  }
  const both = [OVERLAYS[other], OVERLAYS[primary]];
  const lexicon: Lexicon = {
    code: `tandem-${primary}`,
    labels,
    phrases,
    phraseWords,
    negators: new Set(both.flatMap((o) => o.negators)),
    before: new Set(both.flatMap((o) => o.intensifiers.before)),
    after: new Set(both.flatMap((o) => o.intensifiers.after)),
    // chat spellings are shared with retrieval (lib/language/chat-spelling.json)
    spelling: CHAT_SPELLING,
  };
  analyzer.registerLanguage(lexicon.code, { labels, scoringStrategy: { apply: (tokens, cursor, score) => applyStrategy(lexicon, tokens, cursor, score) } });
  // registerLanguage copies the package's emoji scores into `labels`; ours correct some of them, so they go last
  Object.assign(labels, EMOJI_LABELS);
  return lexicon;
}

const has = (record: Record<string, unknown>, key: string) => Object.prototype.hasOwnProperty.call(record, key);

/**
 * The score of the scored word at `cursor`: flipped when a negator precedes it within {@link NEGATION_WINDOW} words of
 * the same clause, else ×{@link INTENSIFIER_FACTOR} next to an intensifier. An "after" intensifier that is itself a
 * scored word ("parah") adds nothing when it follows a scored word: "lambat parah" is one strong negative.
 */
function applyStrategy(lex: Lexicon, tokens: string[], cursor: number, score: number): number {
  const token = tokens[cursor] ?? "";
  const prev = tokens[cursor - 1];
  const next = tokens[cursor + 1];
  if (lex.after.has(token) && prev !== undefined && has(lex.labels, prev)) return 0;
  for (let k = 1; k <= NEGATION_WINDOW; k++) {
    const before = tokens[cursor - k];
    if (before === undefined || before === CLAUSE_BREAK) break;
    if (lex.negators.has(before)) return -score;
  }
  if ((prev !== undefined && lex.before.has(prev)) || (next !== undefined && lex.after.has(next))) return score * INTENSIFIER_FACTOR;
  return score;
}

const TOKEN_RE = /\||\p{Extended_Pictographic}|[\p{L}\p{M}\p{N}]+(?:['-][\p{L}\p{M}\p{N}]+)*/gu;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const emoticonKeys = Object.keys(EMOTICONS).sort((a, b) => b.length - a.length);
/** Emoticons made of symbols may touch a word ("makasih:)"); those that start with a letter ("xd", "t_t") stand alone. */
const EMOTICON_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(${emoticonKeys.filter((k) => /^\p{L}/u.test(k)).map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])` +
    `|(${emoticonKeys.filter((k) => !/^\p{L}/u.test(k)).map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])`,
  "gu",
);
const ID_SUFFIXES = ["nya", "lah", "kah", "pun", "ku", "mu"];

const LEXICONS: Record<SentimentLanguage, Lexicon> = { en: buildLexicon("en"), id: buildLexicon("id") };

/** The text with URLs, e-mail addresses and @handles removed, emoticons as emoji, and clause breaks as "|". */
function cleanText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\b(?:https?:\/\/|www\.)\S+/g, " ")
    .replace(/[^\s@]+@[^\s@]+\.[^\s@]+/g, " ")
    .replace(/@[\p{L}\p{N}_.]+/gu, " ")
    .replace(/[’‘`´]/g, "'")
    .replace(/[\u{FE0E}\u{FE0F}\u{1F3FB}-\u{1F3FF}]/gu, "")
    .replace(/\u200D/g, " ")
    .replace(EMOTICON_RE, (match) => ` ${EMOTICONS[match] ?? ""} `)
    .replace(/[.!?;,:…\n\r]+/g, ` ${CLAUSE_BREAK} `);
}

/** Whether a token means something to the scorer: a scored word, a negator, an intensifier, or a phrase's word. */
const isKnown = (lex: Lexicon, token: string) =>
  has(lex.labels, token) || lex.negators.has(token) || lex.before.has(token) || lex.after.has(token) || lex.phraseWords.has(token);

/** A token in the lexicon's spelling (slang → standard, possibly several words), or as itself if already known. */
function resolve(lex: Lexicon, token: string): string[] | null {
  if (has(lex.spelling, token)) return (lex.spelling[token] ?? token).split(" ");
  return isKnown(lex, token) ? [token] : null;
}

/**
 * One token as the lexicon spells it: slang spelling, then elongation ("mantaaap", "sooo"), reduplication ("marah2",
 * "kecewa-kecewa"), and for Indonesian a particle or possessive suffix ("bagusnya") or, last, the Snowball stem.
 * Unknown tokens come back unchanged.
 */
function normalizeToken(lex: Lexicon, primary: SentimentLanguage, token: string): string[] {
  if (token === CLAUSE_BREAK || /^\p{Extended_Pictographic}$/u.test(token)) return [token];
  const direct = resolve(lex, token);
  if (direct) return direct;
  const candidates = [token.replace(/(\p{L})\1{2,}/gu, "$1$1"), token.replace(/(\p{L})\1{2,}/gu, "$1")];
  const redup = reduplicationBase(token);
  if (redup) candidates.push(redup);
  for (const candidate of candidates) {
    if (candidate === token) continue;
    const found = resolve(lex, candidate);
    if (found) return found;
  }
  if (primary === "id" && /^[a-z]{4,30}$/.test(token)) {
    for (const suffix of ID_SUFFIXES) {
      const stem = token.slice(0, -suffix.length);
      if (token.endsWith(suffix) && stem.length >= 3 && has(lex.labels, stem)) return [stem];
    }
    const stem = stemmer.stemWord(token);
    if (stem !== token && stem.length >= 3 && has(lex.labels, stem)) return [stem];
  }
  return [token];
}

/** Tokens of the cleaned text, normalised, with the lexicon's phrases (up to 3 words) merged into "a+b(+c)". */
function tokenize(lex: Lexicon, primary: SentimentLanguage, cleaned: string): string[] {
  const tokens = (cleaned.match(TOKEN_RE) ?? []).flatMap((token) => normalizeToken(lex, primary, token));
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    let merged = false;
    for (const n of [3, 2]) {
      const words = tokens.slice(i, i + n);
      if (words.length === n && !words.includes(CLAUSE_BREAK) && lex.phrases.has(words.join(" "))) {
        out.push(words.join("+"));
        i += n;
        merged = true;
        break;
      }
    }
    if (!merged) out.push(tokens[i++] ?? "");
  }
  return out;
}

/** The first {@link MAX_SENTIMENT_INPUT_CHARS} characters, never splitting a surrogate pair. */
function capText(text: string): { text: string; truncated: boolean } {
  if (text.length <= MAX_SENTIMENT_INPUT_CHARS) return { text, truncated: false };
  let end = MAX_SENTIMENT_INPUT_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return { text: text.slice(0, end), truncated: true };
}

/**
 * Sentiment of one customer message, with the details behind it.
 * @param text the message as the customer wrote it (any string: empty, NUL bytes, lone surrogates and markup are
 *   fine; a non-string is treated as empty). Only the first {@link MAX_SENTIMENT_INPUT_CHARS} characters are scored.
 * @param options `language` — "en" or "id" when the caller knows it; detected with lib/agent/language.ts otherwise
 *   (English when nothing is detected)
 * @returns `score` in -1..1 (tanh of the AFINN-style sum / 4; see {@link SentimentAnalysis}), or null when the
 *   message has no scored word, phrase or emoji at all (so coverage can be reported); never throws
 */
export function analyzeSentiment(text: string, options: SentimentOptions = {}): SentimentAnalysis {
  const { text: capped, truncated } = capText(typeof text === "string" ? text : "");
  const given = options.language === "en" || options.language === "id" ? options.language : null;
  const detected = given ? null : detectLanguage(capped);
  const language: SentimentLanguage = given ?? detected ?? "en";
  const languageSource = given ? "given" : detected ? "detected" : "default";
  const lex = LEXICONS[language];
  const tokens = tokenize(lex, language, cleanText(capped));
  const result = analyzer.analyze(tokens.join(" "), { language: lex.code });
  const words = [...result.words].reverse();
  const raw = Math.round(result.score * 1000) / 1000 || 0;
  const score = words.length === 0 ? null : Math.tanh(raw / SENTIMENT_SCALE) || 0;
  return { score, raw, language, languageSource, words, truncated };
}

/**
 * Sentiment of one customer message, English or Bahasa Indonesia (also chat Indonesian and emoji).
 * @param text the message (any string; see {@link analyzeSentiment})
 * @param options `language` if known, else detected
 * @returns a number in -1..1 (negative = unhappy, positive = happy; tanh(AFINN sum / 4), so one "bagus"/"good" ≈ 0.64),
 *   or null when no word of the message is in either lexicon (e.g. "resi saya berapa?"); never throws
 */
export function scoreSentiment(text: string, options: SentimentOptions = {}): number | null {
  return analyzeSentiment(text, options).score;
}

/**
 * A score as a label: "positive" at {@link NEUTRAL_BAND} or more, "negative" at −NEUTRAL_BAND or less, "neutral" in
 * between, null for an unscored message.
 */
export function sentimentPolarity(score: number | null): "positive" | "negative" | "neutral" | null {
  if (score === null || !Number.isFinite(score)) return null;
  return score >= NEUTRAL_BAND ? "positive" : score <= -NEUTRAL_BAND ? "negative" : "neutral";
}
