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
  const handle = d.turns.find((t) => t.speaker === "agent")?.text.match(/^@(\w{1,50})/)?.[1];
  return handle ? { id: `twitter:${handle}`, name: `@${handle}` } : { id: `contact:${d.id}`, name: `Customer ${d.id.slice(-6)}` };
}

export type ReplayItem = { channelId: string; body: IncomingMessage; at: number };

/**
 * Builds the replay: one webhook body per customer turn, sorted by (compressed) send time.
 * Dialogue start times are mapped linearly onto `[now − windowDays, now − 1 h]`; offsets inside a dialogue are kept,
 * so each conversation reads as it happened while the whole set lands in recent weeks.
 * @param channelIds dialogues are spread across these channels (stable by dialogue position)
 */
export function buildReplay(
  dialogues: Dialogue[],
  { channelIds, now = Date.now(), windowDays = 28 }: { channelIds: string[]; now?: number; windowDays?: number },
): ReplayItem[] {
  if (channelIds.length === 0) throw new Error("buildReplay needs at least one channel");
  const startOf = (d: Dialogue) => Math.min(...d.turns.filter((t) => t.datetime).map((t) => Date.parse(t.datetime!)));
  const timed = dialogues.filter((d) => d.turns.some((t) => t.speaker === "customer" && t.datetime && t.text.trim()));
  const starts = timed.map(startOf);
  const min = Math.min(...starts);
  const span = Math.max(1, Math.max(...starts) - min);
  const windowEnd = now - 60 * 60 * 1000;
  const windowStart = now - windowDays * 24 * 60 * 60 * 1000;
  const items: ReplayItem[] = [];
  timed.forEach((d, i) => {
    const start = starts[i]!;
    const mappedStart = windowStart + ((start - min) / span) * (windowEnd - windowStart);
    const channelId = channelIds[i % channelIds.length]!;
    const contact = contactOf(d);
    d.turns.forEach((t, turn) => {
      if (t.speaker !== "customer" || !t.datetime || !t.text.trim()) return;
      const at = Math.min(now, mappedStart + (Date.parse(t.datetime) - start));
      items.push({
        channelId,
        at,
        body: {
          channel_id: channelId,
          conversation_id: d.id,
          message_id: `${d.id}:${turn}`,
          contact,
          // the tweets were stored HTML-escaped (&amp;, &lt;): send the text the customer typed
          text: decodeHTML(t.text).trim().slice(0, 10_000),
          sent_at: new Date(at).toISOString(),
        },
      });
    });
  });
  return items.sort((a, b) => a.at - b.at || a.body.message_id.localeCompare(b.body.message_id));
}
