/**
 * Parsers for the ABCD knowledge files (db/seed-data/kb-abcd): the policy guideline format
 * (flow → subflows → actions + instructions) and the kb.json procedure map (subflow id → action ids).
 */
import { z } from "zod";
import type { ArticleInput } from "./article-input";

const actionSchema = z.object({
  type: z.string(),
  button: z.string().optional(),
  text: z.string(),
  subtext: z.array(z.string()).default([]),
});

export const guidelinesSchema = z.record(
  z.string().min(1),
  z.object({
    description: z.string(),
    subflows: z.record(
      z.string().min(1),
      z.object({ actions: z.array(actionSchema), instructions: z.array(z.string()).default([]) }),
    ),
  }),
);

export const procedureMapSchema = z.record(z.string().min(1), z.array(z.string().min(1)));

/** Readable label for ids like `pull-up-account` or `refund_initiate`. */
function humanize(id: string): string {
  const words = id.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Turns guidelines.json into one article per subflow: title "Flow — Subflow", body = the flow's description,
 * the instructions and every action with its details, as plain text.
 * @throws ZodError when the JSON does not have the guideline shape
 */
export function parseGuidelines(json: unknown, collection = "Policy guidelines"): ArticleInput[] {
  const flows = guidelinesSchema.parse(json);
  return Object.entries(flows).flatMap(([flow, { description, subflows }]) =>
    Object.entries(subflows).map(([subflow, { actions, instructions }]) => {
      const lines = [
        `${flow} (${description}): ${subflow}.`,
        ...instructions,
        ...actions.flatMap((a) => [a.text, ...a.subtext.map((s) => `- ${s}`)]),
      ];
      return {
        collection,
        sourceKey: `guidelines:${flow}/${subflow}`,
        title: `${flow} — ${subflow}`,
        body: lines.join("\n"),
        language: "en" as const,
        // staff procedure: bracketed dashboard actions, "the customer…" — guidance for the human, never a reply
        audience: "internal" as const,
        topicKey: null,
      };
    }),
  );
}

/**
 * Turns kb.json (subflow id → ordered action ids) into one "procedure" article per subflow.
 * @throws ZodError when the JSON is not a map of string arrays
 */
export function parseProcedureMap(json: unknown, collection = "Procedures"): ArticleInput[] {
  const map = procedureMapSchema.parse(json);
  return Object.entries(map).map(([id, steps]) => ({
    collection,
    sourceKey: `procedures:${id}`,
    title: `Procedure: ${humanize(id).toLowerCase()}`,
    body: `Steps an agent follows for ${humanize(id).toLowerCase()}: ${steps.map(humanize).join(" → ")}.`,
    language: "en" as const,
    audience: "internal" as const,
  }));
}
