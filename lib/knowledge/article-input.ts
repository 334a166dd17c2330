import { z } from "zod";

/** One article to insert or update; `sourceKey` is stable across re-imports of the same file. */
export const articleInputSchema = z.object({
  collection: z.string().min(1).max(120),
  sourceKey: z.string().min(1).max(300),
  title: z.string().min(1).max(300),
  body: z.string().min(1).max(100_000),
  language: z.enum(["en", "id"]).default("en"),
});

export type ArticleInput = z.infer<typeof articleInputSchema>;
