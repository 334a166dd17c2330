/**
 * The IBM Twitter customer-care dialogues (db/seed-data/ibm-twitter-care/dialogues.jsonl) as a replay plan of
 * incoming-message webhook bodies: customer turns only, in their original order, with the timeline compressed.
 */
import { decodeHTML } from "entities";
import { z } from "zod";
import type { IncomingMessage } from "@/lib/ingest/incoming-message-schema";

const dialogueSchema = z.object({
  id: z.string().min(1),
  turns: z.array(
    z.object({ speaker: z.enum(["customer", "agent"]), text: z.string(), datetime: z.iso.datetime().optional() }),
  ),
  metadata: z.object({ company: z.string().optional() }).loose(),
});

export type Dialogue = z.infer<typeof dialogueSchema>;

/**
 * Parses JSON Lines of dialogues.
 * @throws Error naming the 1-based line of the first malformed dialogue
 */
export function parseDialogues(jsonl: string): Dialogue[] {
  return jsonl
    .split("\n")
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line.length > 0)
    .map(([line, n]) => {
      const parsed = dialogueSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`dialogues.jsonl line ${n}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

/** The customer's handle: the agent replies start with "@handle"; falls back to an id derived from the dialogue. */
function contactOf(d: Dialogue): { id: string; name: string } {
  // the demo's simulated shop conversations say so (lib/demo/shop-dialogues.ts)
  if (d.metadata.simulated === true) return { id: `sim:${d.id}`, name: `Simulated shopper ${d.id.replace(/^sim-/, "")}` };
  const handle = d.turns.find((t) => t.speaker === "agent")?.text.match(/^@(\w{1,50})/)?.[1];
  return handle ? { id: `twitter:${handle}`, name: `@${handle}` } : { id: `contact:${d.id}`, name: `Customer ${d.id.slice(-6)}` };
}

/** Days before now the replay spreads the dialogues over (their real dates are years old). */
export const REPLAY_WINDOW_DAYS = 28;

/** One delivery of a replay; `deliveryId` (the `webhook-id`) makes a re-run a redelivery instead of a new event. */
export type ReplayItem<B extends { channel_id: string } = IncomingMessage> = { channelId: string; body: B; at: number; deliveryId?: string };

/**
 * The compressed timeline of a set of dialogues: dialogue start times mapped linearly onto
 * `[now − windowDays, now − 1 h]`, offsets inside a dialogue kept.
 * @returns `at(dialogue, turnDatetime)` → epoch ms (never after `now`), or null for an undated turn
 */
export function dialogueTimeline(dialogues: Dialogue[], { now = Date.now(), windowDays = REPLAY_WINDOW_DAYS }: { now?: number; windowDays?: number } = {}) {
  const startOf = (d: Dialogue) => Math.min(...d.turns.filter((t) => t.datetime).map((t) => Date.parse(t.datetime!)));
  const starts = new Map(dialogues.filter((d) => d.turns.some((t) => t.datetime)).map((d) => [d.id, startOf(d)]));
  const values = [...starts.values()];
  const min = Math.min(...values);
  const span = Math.max(1, Math.max(...values) - min);
  const windowEnd = now - 60 * 60 * 1000;
  const windowStart = now - windowDays * 24 * 60 * 60 * 1000;
  return (d: Dialogue, datetime: string | undefined): number | null => {
    const start = starts.get(d.id);
    if (start === undefined || !datetime) return null;
    const mappedStart = windowStart + ((start - min) / span) * (windowEnd - windowStart);
    return Math.min(now, mappedStart + (Date.parse(datetime) - start));
  };
}

/** The dialogues that have at least one dated, non-empty customer turn (the ones a replay sends). */
export function replayableDialogues(dialogues: Dialogue[]): Dialogue[] {
  return dialogues.filter((d) => d.turns.some((t) => t.speaker === "customer" && t.datetime && t.text.trim()));
}

/**
 * Builds the replay: one webhook body per customer turn, sorted by (compressed) send time (see {@link dialogueTimeline}),
 * so each conversation reads as it happened while the whole set lands in recent weeks.
 * @param channelIds dialogues are spread across these channels (stable by dialogue position); {@link channelOfDialogue}
 */
export function buildReplay(
  dialogues: Dialogue[],
  { channelIds, now = Date.now(), windowDays = REPLAY_WINDOW_DAYS }: { channelIds: string[]; now?: number; windowDays?: number },
): ReplayItem[] {
  if (channelIds.length === 0) throw new Error("buildReplay needs at least one channel");
  const timed = replayableDialogues(dialogues);
  const at = dialogueTimeline(timed, { now, windowDays });
  const items: ReplayItem[] = [];
  timed.forEach((d, i) => {
    const channelId = channelOfDialogue(channelIds, i);
    const contact = contactOf(d);
    d.turns.forEach((t, turn) => {
      if (t.speaker !== "customer" || !t.datetime || !t.text.trim()) return;
      const when = at(d, t.datetime)!;
      items.push({
        channelId,
        at: when,
        body: {
          channel_id: channelId,
          conversation_id: d.id,
          message_id: `${d.id}:${turn}`,
          contact,
          // the tweets were stored HTML-escaped (&amp;, &lt;): send the text the customer typed
          text: decodeHTML(t.text).trim().slice(0, 10_000),
          sent_at: new Date(when).toISOString(),
        },
      });
    });
  });
  return items.sort((a, b) => a.at - b.at || a.body.message_id.localeCompare(b.body.message_id));
}

/** The channel a replayable dialogue (by its position among {@link replayableDialogues}) is sent to. */
export function channelOfDialogue(channelIds: string[], index: number): string {
  return channelIds[index % channelIds.length]!;
}
