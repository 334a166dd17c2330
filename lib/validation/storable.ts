/**
 * What PostgreSQL can store, checked at every boundary before anything is written (issue 17 item 1): text without NUL
 * (U+0000, which `text` refuses) or unpaired UTF-16 surrogates (invalid UTF-8), and timestamps in a sane range (years
 * 0 and 10000 are valid ISO strings that JavaScript and PostgreSQL read differently).
 */
import { z } from "zod";

export const UNSTORABLE_TEXT = "Text may not contain NUL characters (\\u0000) or unpaired surrogates";

/** Whether `text` can be stored as PostgreSQL text. */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && text.isWellFormed();
}

/**
 * The path (`contact.name`, `messages.2.content`) of the first string — value or key — in parsed JSON that cannot be
 * stored, or null when every one can.
 */
export function unstorableTextPath(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path.join(".") || "(body)";
  if (value === null || typeof value !== "object" || depth > 64) return null;
  for (const [key, child] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const here = [...path, String(key)];
    if (typeof key === "string" && !isStorableText(key)) return here.join(".");
    const found = unstorableTextPath(child, here, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Earliest timestamp accepted: the Unix epoch. */
export const EARLIEST_TIMESTAMP_MS = Date.UTC(1970, 0, 1);
/** Latest accepted: a day ahead of this server's clock (senders' clocks drift; a day is far beyond any drift). */
export const FUTURE_TOLERANCE_MS = 86_400_000;

/** An ISO 8601 timestamp with offset, between 1970 and a day from now. */
export function saneTimestamp() {
  return z.iso.datetime({ offset: true }).refine((v) => {
    const t = Date.parse(v);
    return Number.isFinite(t) && t >= EARLIEST_TIMESTAMP_MS && t <= Date.now() + FUTURE_TOLERANCE_MS;
  }, "Must be a time between 1970 and tomorrow");
}
