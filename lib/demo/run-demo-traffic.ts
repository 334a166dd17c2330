/**
 * The demo's live traffic, through the real signed webhooks of a running Tandem: agents come online, the IBM
 * customer messages (and, for the demo, simulated shop conversations in English and Bahasa Indonesia) are replayed (the split decides each new conversation's arm, the bot answers or hands over,
 * agents are auto-assigned), then the helpdesk reports outcomes (agent replies, resolutions, CSAT). Used by
 * `npm run demo` and the Playwright setup, so both show the same kind of data.
 */
import type { IncomingMessage } from "@/lib/ingest/incoming-message-schema";
import type { IngestResponse } from "@/lib/ingest/receive-message";
import { agentsOnline, buildOutcomeEvents, type ReplayedState } from "./helpdesk-outcomes";
import { buildReplay, replayableDialogues, type Dialogue, type ReplayItem } from "./ibm-dialogues";
import { replay, type ReplayStats } from "./replay";
import { DEMO_USERS, type SeededOrg } from "./seed-demo-org";
import { simulatedShopDialogues } from "./shop-dialogues";

export type DemoTrafficStats = { messages: ReplayStats; outcomes: ReplayStats };

/**
 * @param limit replay only the first N customer messages (outcomes follow for those conversations)
 * @param onProgress (phase, done, total) for a progress bar
 */
export async function runDemoTraffic({
  baseUrl, seeded, dialogues: real, limit, simulatedShop = false, emailDomain = "demo.tandem.test", onProgress, onError,
}: {
  baseUrl: string;
  seeded: SeededOrg;
  dialogues: Dialogue[];
  limit?: number;
  /** also replay the simulated shop conversations (lib/demo/shop-dialogues.ts) among the real ones */
  simulatedShop?: boolean;
  emailDomain?: string;
  onProgress?: (phase: "messages" | "outcomes", done: number, total: number) => void;
  onError?: (deliveryId: string, status: number, body: string) => void;
}): Promise<DemoTrafficStats> {
  const dialogues = simulatedShop ? [...real, ...simulatedShopDialogues(real)] : real;
  const secrets = new Map(seeded.channels.map((c) => [c.id, c.secret]));
  const post = (path: string) => (body: string, headers: Record<string, string>) => fetch(`${baseUrl}${path}`, { method: "POST", body, headers });
  const agents = DEMO_USERS.filter((u) => u.role === "agent").map((u) => u.email.replace("demo.tandem.test", emailDomain));
  const timed = replayableDialogues(dialogues);
  const items = buildReplay(timed, { channelIds: seeded.channels.map((c) => c.id) }).slice(0, limit);
  const firstAt = items[0]?.at ?? Date.now();

  await replay(agentsOnline(seeded.channels[0]!.id, agents, firstAt), { secrets, send: post("/api/webhooks/conversation-events") });

  const states = new Map<string, ReplayedState>();
  const messages = await replay(items, {
    secrets,
    send: post("/api/webhooks/incoming-message"),
    onProgress: (done, total) => onProgress?.("messages", done, total),
    onError: (item, status, body) => onError?.(item.body.message_id, status, body),
    onResponse: (item: ReplayItem<IncomingMessage>, json) => {
      const response = json as IngestResponse | null;
      if (response?.status) states.set(item.body.conversation_id, { channelId: item.channelId, status: response.status, lastCustomerAt: item.at });
    },
  });

  const replayed = new Set(items.map((i) => i.body.conversation_id));
  const outcomeItems = buildOutcomeEvents(timed.filter((d) => replayed.has(d.id)), { states, agentEmails: agents });
  const outcomes = await replay(outcomeItems, {
    secrets,
    send: post("/api/webhooks/conversation-events"),
    onProgress: (done, total) => onProgress?.("outcomes", done, total),
    onError: (item, status, body) => onError?.(item.deliveryId ?? "", status, body),
  });
  return { messages, outcomes };
}
