import { LRUCache } from "lru-cache";
import { ind as INDONESIAN_STOPWORDS } from "stopword";
import { reduplicationBase, standardSpelling } from "@/lib/language/chat-spelling";
import { expandSynonyms } from "./lexicon";

/**
 * Words of the `stopword` package's Indonesian list that say what a shopper asks, so they stay search terms: negation
 * ("belum sampai" vs "sampai"), arriving, returning, adding, new/old, size and time words.
 */
const MEANINGFUL_IN_A_SHOP = new Set(
  "tidak belum bukan tanpa pernah kembali tambah tiba datang sampai baru lama kecil besar panjang kurang lebih naik keluar waktu bulan tahun masalah".split(" "),
);
/** Postgres's `indonesian` configuration stems but keeps stop words ("saya", "mau", "bagaimana"); we drop them. */
const INDONESIAN_STOP = new Set<string>(INDONESIAN_STOPWORDS.filter((w) => !MEANINGFUL_IN_A_SHOP.has(w)));

/**
 * Chat words that say nothing about what the customer asks: greetings, forms of address (`kak`, `min`, `gan`),
 * particles (`dong`, `sih`, `nih`), laughter, thanks and "please". They are no search terms: an unknown word weighs
 * most in retrieval (lib/agent/retrieve.ts), so left in they would make "kak, refund dong" look off-topic.
 */
const CHAT_FILLERS = new Set(
  (
    "kak kakak ka kk min mimin gan agan sis sist bro bang mas mbak mba pak bu bapak ibu om tante " +
    "dong sih nih deh kok ya yah yaa lah toh loh lho wkwk wkwkwk hehe haha hihi gaes halo hallo hai permisi " +
    "tolong mohon bantu dibantu bantuan bantuannya makasih terimakasih " +
    "hi hii hello hey hiya please pls plz thanks thank thx ty lol guys folks sir madam maam ok okay um uh hmm"
  ).split(" "),
);

/** Whether a word (as the customer wrote it or as stemmed) is no search term: a chat filler or an Indonesian stop word. */
function isNoSearchTerm(word: string): boolean {
  return CHAT_FILLERS.has(word) || INDONESIAN_STOP.has(word);
}

/**
 * One chat token in standard spelling: chat shorthand (`gw`, `udah`, `gimana`, lib/language/chat-spelling.json) and
 * reduplication written with a 2 (`berkali2` → `berkali`).
 */
function standardWords(token: string): string[] {
  const spelled = standardSpelling(token);
  if (spelled) return spelled;
  const redup = reduplicationBase(token);
  return redup ? (standardSpelling(redup) ?? [redup]) : [token];
}

/**
 * An Indonesian negator that ends a question is a question tag, not negation: "bisa cek saldo gak?" asks "can you check
 * the balance?", "udah dikirim belum?" asks "has it shipped?". Matched before the end, punctuation, or a trailing
 * particle or form of address.
 */
const QUESTION_TAG =
  /(^|[^\p{L}\p{N}])(?:gak|ga|gk|nggak|ngga|enggak|engga|ndak|nda|tidak|tdk|belum|blm|blom|belom)(?=\s*(?:[?!.,…]|$|\s(?:sih|ya|yah|kak|kakak|min|gan|sis|dong|nih|deh)\b))/gu;

/** E-mail addresses: they say who the customer is, never what they ask. */
const EMAIL = /[\w.%+-]+@[\w-]+(?:\.[\w-]+)+/g;

/**
 * The searchable words of a text: e-mail addresses, handles, URLs, `#`, punctuation, long numbers and question tags
 * dropped, chat spellings standardised, then chat fillers and Indonesian stop words dropped.
 */
function searchWords(text: string): string[] {
  const tokens = text
    .replace(/https?:\s*\/\/\S+/gi, " ")
    .replace(EMAIL, " ")
    .replace(/@\w+/g, " ")
    .replace(/\b\d{4,}\b/g, " ")
    .toLowerCase()
    .replace(QUESTION_TAG, "$1")
    .match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu);
  if (!tokens) return [];
  const words = tokens.flatMap(standardWords);
  return [...new Set(words.filter((w) => w !== "or" && w.length > 1 && !isNoSearchTerm(w)))].slice(0, 64);
}

/**
 * The message's words written as names: capitalised inside a sentence ("the Levi's jeans", "tas Charles & Keith",
 * "Sarah Wijaya") or in capitals ("BCA VA"), lower case. The first word of the text, a line or a sentence is no name,
 * and a message mostly in capitals or title case has none; e-mail addresses, handles and links are left out.
 */
function nameWords(text: string): string[] {
  const cleaned = text.replace(/https?:\s*\/\/\S+/gi, " ").replace(EMAIL, " ").replace(/@\w+/g, " ");
  // the words that could be names: not "I", not the first word of the text, a line or a sentence (capitalised anyway)
  // unless it is in capitals ("JNE says…")
  const words: string[] = [];
  let sentenceStart = true;
  for (const m of cleaned.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)?|[.!?\n:;]/gu)) {
    const token = m[0];
    if (/^[.!?\n:;]$/u.test(token)) {
      sentenceStart = true;
      continue;
    }
    if (token.length > 1 && /\p{L}/u.test(token) && (!sentenceStart || /^[\p{Lu}\p{N}]+$/u.test(token))) words.push(token);
    sentenceStart = false;
  }
  // a message in capitals or title case ("CAN I RETURN THIS SOFA", "Where Is My Order Now") names nothing by its
  // capitals
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w));
  if (words.length >= 4 && capitalised.length * 2 > words.length) return [];
  return [...new Set(capitalised.map((w) => w.toLowerCase()))];
}

/**
 * Whether a chat word says something (is no filler, form of address or Indonesian stop word, also as its standard
 * spelling: "sy" is "saya", a stop word).
 */
export function isContentWord(word: string): boolean {
  const lower = word.toLowerCase();
  return !isNoSearchTerm(lower) && standardWords(lower).every((w) => !isNoSearchTerm(w));
}

/**
 * The words retrieval searches for: the message's own (`core`), those {@link expandSynonyms} adds for its colloquial
 * phrases (`extra`, not already in `core`), and the message's words written as names (`names`, see {@link nameWords}:
 * retrieval does not hold a name the knowledge base lacks against an answer).
 * @returns space-separated word lists; all "" when the message has no searchable word
 */
export function searchTerms(text: string): { core: string; extra: string; names: string } {
  const core = searchWords(text);
  const expanded = searchWords(expandSynonyms(text));
  const own = new Set(core);
  return { core: core.join(" "), extra: expanded.filter((w) => !own.has(w)).join(" "), names: core.length ? nameWords(text).join(" ") : "" };
}

/**
 * An example question's (or title's) stemmed terms as a message's are compared with them: chat spellings standardised,
 * fillers and Indonesian stop words dropped — the database stems example questions with its stop words kept
 * (`tandem_question_terms`), while a message's are dropped before stemming ({@link searchTerms}).
 * @param terms stemmed terms, as stored in `knowledge_articles.question_terms`
 */
export function comparableQuestionTerms(terms: readonly string[]): readonly string[] {
  const key = terms.join(" ");
  let comparable = COMPARABLE.get(key);
  if (!comparable) {
    comparable = [...new Set(terms.flatMap(standardWords).filter((w) => w.length > 1 && !isNoSearchTerm(w)))];
    COMPARABLE.set(key, comparable);
  }
  return comparable;
}

/**
 * {@link comparableQuestionTerms}' readings, by the question's terms: retrieval re-reads every candidate article's
 * questions for every message (24 candidates × ~11 questions), and the same knowledge base's questions recur. Bounded:
 * the least recently used fall out.
 */
const COMPARABLE = new LRUCache<string, readonly string[]>({ max: 50_000 });
