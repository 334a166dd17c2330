import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDevSet } from "@/lib/agent/eval/dev-set";
import { buildReplay, parseDialogues } from "./ibm-dialogues";
import { SEED_DATA_DIR } from "./seed-data-path";
import { SIMULATED_COMPANY, simulatedShopDialogues } from "./shop-dialogues";

const ibm = parseDialogues(readFileSync(path.join(SEED_DATA_DIR, "ibm-twitter-care/dialogues.jsonl"), "utf8"));
const items = loadDevSet();

describe("simulated shop conversations for the demo", () => {
  const shop = simulatedShopDialogues(ibm, items);

  it("turns every written dev-set message (not the real IBM turns, which the replay already sends) into a labelled dialogue", () => {
    const written = items.filter((i) => i.source === "written");
    expect(shop).toHaveLength(written.length);
    expect(shop.every((d) => d.id.startsWith("sim-") && d.metadata.company === SIMULATED_COMPANY)).toBe(true);
    expect(shop.map((d) => d.turns[0]!.text)).toEqual(written.map((i) => i.text));
  });

  it("follows only on-topic questions with a thank-you, and gives each an agent reply for the helpdesk", () => {
    const byId = new Map(items.map((i) => [`sim-${i.id}`, i]));
    const thanked = shop.filter((d) => d.turns.filter((t) => t.speaker === "customer").length === 2);
    expect(thanked.length).toBeGreaterThan(0);
    expect(thanked.every((d) => byId.get(d.id)!.kind === "on_topic")).toBe(true);
    expect(shop.every((d) => d.turns.at(-1)!.speaker === "agent")).toBe(true);
  });

  it("is deterministic and dated inside the real dialogues' span, so the replay spreads both over the same weeks", () => {
    expect(simulatedShopDialogues(ibm, items)).toEqual(shop);
    const startOf = (d: (typeof ibm)[number]) => Date.parse(d.turns.find((t) => t.datetime)!.datetime!);
    const real = ibm.filter((d) => d.turns.some((t) => t.datetime)).map(startOf);
    const [min, max] = [Math.min(...real), Math.max(...real)];
    for (const d of shop) expect(startOf(d)).toBeGreaterThanOrEqual(min);
    for (const d of shop) expect(startOf(d)).toBeLessThanOrEqual(max + 60 * 60_000);
    const now = Date.parse("2026-12-01T00:00:00Z");
    const replay = buildReplay([...ibm, ...shop], { channelIds: ["c1", "c2"], now });
    const simulated = replay.filter((r) => r.body.conversation_id.startsWith("sim-"));
    expect(simulated.length).toBeGreaterThan(shop.length);
    expect(simulated.every((r) => r.at <= now && r.at >= now - 29 * 86_400_000)).toBe(true);
  });
});

describe("the replay of a simulated conversation", () => {
  it("names its contact as a simulated shopper", () => {
    const [first] = simulatedShopDialogues(ibm, items);
    const [item] = buildReplay([...ibm, first!], { channelIds: ["c1"] }).filter((r) => r.body.conversation_id === first!.id);
    expect(item!.body.contact).toEqual({ id: `sim:${first!.id}`, name: `Simulated shopper ${first!.id.slice(4)}` });
  });
});
