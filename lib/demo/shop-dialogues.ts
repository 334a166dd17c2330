/**
 * Simulated shop conversations for the demo's live weeks (issue 14 item 9): the labelled development set's written
 * questions (db/seed-data/agent-eval/dev-set.json — on-topic questions in English and Bahasa Indonesia, requests for
 * a person, angry and off-topic messages) as dialogues of the demo shop's own customers, replayed beside the real IBM
 * ones so a new user sees the agent answer in both languages and hand over what it should. Labelled as simulated
 * (`metadata.simulated`, conversation ids `sim-…`, contact names "Simulated shopper …"). The real IBM turns of the set
 * are left out: the IBM replay already sends them. Deterministic: a re-run builds the same dialogues.
 */
import { createHash } from "node:crypto";
import { loadDevSet, type DevItem } from "@/lib/agent/eval/dev-set";
import type { Dialogue } from "./ibm-dialogues";

export const SIMULATED_COMPANY = "Busana Nusantara (simulated shop conversations)";
const MIN = 60_000;

/** A stable number in [0, 1) for (item, purpose). */
function draw(id: string, purpose: string): number {
  return createHash("sha256").update(`shop:${id}:${purpose}`).digest().readUInt32BE(0) / 2 ** 32;
}

const THANKS: Record<DevItem["language"], string[]> = {
  en: ["thanks, that helps!", "great, thank you", "ok thanks"],
  id: ["makasih kak", "oke, terima kasih ya", "siap, makasih infonya"],
};
const AGENT_REPLY: Record<DevItem["language"], string> = {
  en: "Thanks for waiting, I'm looking into this for you now.",
  id: "Terima kasih sudah menunggu, Kak. Saya bantu cek sekarang ya.",
};

/**
 * The simulated dialogues, dated inside the span of `timeline` (the IBM dialogues they are replayed with), so the
 * replay's compressed timeline spreads both over the same weeks.
 * @param timeline the real dialogues whose start times the simulated ones borrow (in turn)
 * @returns one dialogue per written dev-set item: the question; after an on-topic one, often a thank-you two minutes
 *   later; an agent's reply 20 minutes later (sent by the helpdesk only when the conversation was handed over)
 */
export function simulatedShopDialogues(timeline: Dialogue[], items: DevItem[] = loadDevSet()): Dialogue[] {
  const starts = timeline
    .map((d) => d.turns.find((t) => t.datetime)?.datetime)
    .filter((s): s is string => Boolean(s))
    .map((s) => Date.parse(s))
    .sort((a, b) => a - b);
  if (starts.length === 0) return [];
  return items
    .filter((item) => item.source === "written")
    .map((item, i) => {
      const start = starts[Math.floor((i / Math.max(1, items.length)) * starts.length) % starts.length]! + Math.floor(draw(item.id, "offset") * 30) * MIN;
      const at = (offset: number) => new Date(start + offset).toISOString();
      const turns: Dialogue["turns"] = [{ speaker: "customer", text: item.text, datetime: at(0) }];
      if (item.kind === "on_topic" && draw(item.id, "thanks") < 0.6) {
        const options = THANKS[item.language];
        turns.push({ speaker: "customer", text: options[Math.floor(draw(item.id, "which") * options.length)]!, datetime: at(2 * MIN) });
      }
      turns.push({ speaker: "agent", text: AGENT_REPLY[item.language], datetime: at(20 * MIN) });
      return { id: `sim-${item.id}`, turns, metadata: { company: SIMULATED_COMPANY, simulated: true, flow: item.flow, subflow: item.subflow } };
    });
}
