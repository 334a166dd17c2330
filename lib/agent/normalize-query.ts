import { ind as INDONESIAN_STOPWORDS } from "stopword";
import { expandSynonyms } from "./lexicon";

/** Postgres's `indonesian` configuration stems but keeps stop words ("saya", "mau", "bagaimana"); we drop them. */
const INDONESIAN_STOP = new Set<string>(INDONESIAN_STOPWORDS);

/** The searchable words of a text: handles, URLs, `#`, punctuation, long numbers and Indonesian stop words dropped. */
function searchWords(text: string): string[] {
  const words = text
    .replace(/https?:\s*\/\/\S+/gi, " ")
    .replace(/@\w+/g, " ")
    .replace(/\b\d{4,}\b/g, " ")
    .toLowerCase()
    .match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu);
  if (!words) return [];
  return [...new Set(words.filter((w) => w !== "or" && w.length > 1 && !INDONESIAN_STOP.has(w)))].slice(0, 64);
}

/**
 * Turns a customer message into a `websearch_to_tsquery` OR-query: handles, URLs, hashtags' `#`, punctuation and
 * long numbers (order ids, phone numbers, timestamps: 4+ digits, which no article contains) and Indonesian stop words
 * (the `stopword` package's list) are dropped, and the remaining words are joined with `or` so an article matching some of
 * them still ranks (the plain websearch syntax would require every word).
 * @returns e.g. "need or refund or jacket"; "" when no word is left
 */
export function toOrQuery(text: string): string {
  return searchWords(text).join(" or ");
}

/**
 * The words retrieval searches for: the message's own (`core`) and those {@link expandSynonyms} adds for its
 * colloquial phrases (`extra`, not already in `core`).
 * @returns space-separated word lists; both "" when the message has no searchable word
 */
export function searchTerms(text: string): { core: string; extra: string } {
  const core = searchWords(text);
  const expanded = searchWords(expandSynonyms(text));
  const own = new Set(core);
  return { core: core.join(" "), extra: expanded.filter((w) => !own.has(w)).join(" ") };
}
