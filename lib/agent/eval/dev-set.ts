/**
 * The labelled development set of the answering engine (issue 14 items 5 and 8): db/seed-data/agent-eval/dev-set.json,
 * customer first messages labelled with the ABCD `flow`/`subflow` they ask about (on-topic) or as off-topic
 * (real IBM customer turns to other brands, and written ones), requests for a person, and angry messages.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { decodeHTML } from "entities";
import { z } from "zod";
import { parseDialogues } from "@/lib/demo/ibm-dialogues";
import { SEED_DATA_DIR } from "@/lib/demo/seed-data-path";

export const devItemSchema = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  language: z.enum(["en", "id"]),
  kind: z.enum(["on_topic", "off_topic", "human_request", "angry"]),
  flow: z.string().nullable(),
  subflow: z.string().nullable(),
  expected: z.enum(["answer", "handover"]),
  source: z.enum(["written", "ibm"]),
});
export type DevItem = z.infer<typeof devItemSchema>;

/** The topic key of an on-topic item's answer (`flow/subflow`, the help centre's article key), else null. */
export function expectedTopic(item: DevItem): string | null {
  return item.kind === "on_topic" && item.flow && item.subflow ? `${item.flow}/${item.subflow}` : null;
}

/**
 * Reads a labelled set.
 * @param file defaults to the development set; the held-out set (kept outside the repo) has the same shape
 * @throws ZodError when an item is malformed
 */
export function loadDevSet(file = path.join(SEED_DATA_DIR, "agent-eval", "dev-set.json")): DevItem[] {
  const json = JSON.parse(readFileSync(file, "utf8")) as { items: unknown };
  return z.array(devItemSchema).parse(json.items);
}

/**
 * Every IBM dialogue's first customer turn (HTML-decoded, as the replay sends it) as an off-topic item, less the
 * development set's: real messages to 25 other brands, the held-out kind of off-topic question.
 * @param exclude item ids to leave out (`ibm-<dialogue id>`, the development set's)
 */
export function ibmFirstTurns(exclude: ReadonlySet<string> = new Set()): DevItem[] {
  const dialogues = parseDialogues(readFileSync(path.join(SEED_DATA_DIR, "ibm-twitter-care", "dialogues.jsonl"), "utf8"));
  return dialogues.flatMap((d) => {
    const id = `ibm-${d.id}`;
    const text = d.turns.map((t) => (t.speaker === "customer" ? decodeHTML(t.text).trim() : "")).find((t) => t.length > 0);
    if (!text || exclude.has(id)) return [];
    return [{ id, text: text.slice(0, 4000), language: "en", kind: "off_topic", flow: null, subflow: null, expected: "handover", source: "ibm" } satisfies DevItem];
  });
}
