import { z } from "zod";
import { KNOWLEDGE_AUDIENCES } from "@/db/schema";
import { localized } from "@/lib/i18n/language-scope";

/** Most example questions per article, and the longest one (characters). */
export const MAX_EXAMPLES = 50;
export const MAX_EXAMPLE_CHARS = 300;

/** Example questions: trimmed, blank ones dropped, duplicates (case-insensitive) removed. */
export const examplesSchema = z
  .array(z.string().trim().max(MAX_EXAMPLE_CHARS, localized("knowledge.exampleTooLong", { max: MAX_EXAMPLE_CHARS })))
  .transform((list) => {
    const seen = new Set<string>();
    return list.filter((q) => q && !seen.has(q.toLowerCase()) && seen.add(q.toLowerCase()));
  })
  .refine((list) => list.length <= MAX_EXAMPLES, localized("knowledge.tooManyExamples", { max: MAX_EXAMPLES }));

export const audienceSchema = z.enum(KNOWLEDGE_AUDIENCES, localized("knowledge.audienceInvalid"));

/** A topic key: letters, digits and `_ - / .`, e.g. `product_defect/refund_initiate`. */
export const topicKeySchema = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}_\-/.]{1,120}$/u, localized("knowledge.topicKeyFormat"));

/**
 * One article to insert or update; `sourceKey` is stable across re-imports of the same file.
 * `audience` — customer-facing text the agent may send, or internal staff guidance (never sent; default customer);
 * `examples` — questions the article answers; `topicKey` — links the same answer in other languages.
 */
export const articleInputSchema = z.object({
  collection: z.string().min(1).max(120),
  sourceKey: z.string().min(1).max(300),
  title: z.string().min(1).max(300),
  body: z.string().min(1).max(100_000),
  language: z.enum(["en", "id"]).default("en"),
  audience: audienceSchema.default("customer"),
  examples: examplesSchema.default([]),
  topicKey: topicKeySchema.nullish().transform((v) => v ?? null),
});

export type ArticleInput = z.input<typeof articleInputSchema>;
