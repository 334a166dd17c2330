/**
 * The help-centre JSON format (issue 14): one entry per answer, each in one or more languages, with example
 * questions, e.g. db/seed-data/help-centre/*.json —
 * `[{ key, flow?, subflow?, policy?, audience?, en?: { title, body, examples }, id?: { title, body, examples } }]`.
 * Every language of an entry becomes one article; the entry's `key` is their shared topic key, so the agent can
 * answer in the customer's language whichever language matched.
 */
import { z } from "zod";
import { localized } from "@/lib/i18n/language-scope";
import type { ArticleInput } from "./article-input";
import { audienceSchema, topicKeySchema } from "./article-input";

const textSchema = z.object({
  title: z.string().trim().min(1, localized("knowledge.helpCentre.titleEmpty")).max(300),
  body: z.string().trim().min(1, localized("knowledge.helpCentre.bodyEmpty")).max(100_000),
  examples: z.array(z.string()).default([]),
});

export const helpCentreEntrySchema = z
  .object({
    key: topicKeySchema,
    audience: audienceSchema.default("customer"),
    flow: z.string().optional(),
    subflow: z.string().optional(),
    /** the policy facts the answer was written from (kept for traceability; not imported) */
    policy: z.array(z.string()).optional(),
    en: textSchema.optional(),
    id: textSchema.optional(),
  })
  .refine((e) => e.en || e.id, localized("knowledge.helpCentre.noLanguage"));

export const helpCentreSchema = z.array(helpCentreEntrySchema).min(1, localized("knowledge.helpCentre.noEntries"));

/** Whether parsed JSON looks like the help-centre format (an array of entries) rather than policy guidelines. */
export function isHelpCentreJson(json: unknown): boolean {
  return Array.isArray(json);
}

/**
 * Turns help-centre entries into articles, one per entry × language, `sourceKey` `help:<file>#<key>@<language>`.
 * @throws ZodError when the JSON is not in the help-centre shape
 */
export function parseHelpCentre(json: unknown, { collection, file }: { collection: string; file: string }): ArticleInput[] {
  const entries = helpCentreSchema.parse(json);
  return entries.flatMap((e) =>
    (["en", "id"] as const).flatMap((language) => {
      const text = e[language];
      if (!text) return [];
      return [{ collection, language, audience: e.audience, topicKey: e.key, sourceKey: `help:${file}#${e.key}@${language}`, title: text.title, body: text.body, examples: text.examples }];
    }),
  );
}
