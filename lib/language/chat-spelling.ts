/**
 * How people spell words in chat vs the standard spelling (./chat-spelling.json): Indonesian chat shorthand and
 * colloquial forms (`gw → saya`, `yg → yang`, `udah → sudah`, `gimana → bagaimana`, `dapet → dapat`, `gak → tidak`)
 * and English chat shorthand (`thx → thanks`, `u → you`, `dont → do not`). Shared by sentiment (lib/sentiment) and
 * retrieval (lib/agent/normalize-query.ts), so both read a message the same way. Pure.
 */
import spelling from "./chat-spelling.json";

/** chat token (lower case) → its standard spelling (one or more words, space-separated); both languages. */
export const CHAT_SPELLING: Readonly<Record<string, string>> = { ...spelling.en, ...spelling.id };

/**
 * The standard spelling of one lower-case token.
 * @returns the word(s) it stands for (`"gw"` → `["saya"]`, `"gaada"` → `["tidak", "ada"]`), or null when the token is
 *   not a chat spelling
 */
export function standardSpelling(token: string): string[] | null {
  return Object.prototype.hasOwnProperty.call(CHAT_SPELLING, token) ? CHAT_SPELLING[token]!.split(" ") : null;
}

/**
 * The word a chat reduplication repeats: `marah2` → `marah`, `kecewa-kecewa` → `kecewa` (Indonesian writes a plural or
 * an intensive by repeating the word, in chat often with a 2).
 * @returns the repeated word, or null when the token is no reduplication
 */
export function reduplicationBase(token: string): string | null {
  return /^(\p{L}{2,})(?:2|-\1)$/u.exec(token)?.[1] ?? null;
}
