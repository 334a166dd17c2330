/**
 * Sends a replay plan through a real channel webhook (incoming messages, conversation events), signed per channel
 * (Standard Webhooks).
 */
import { signWebhook } from "@/lib/ingest/sign";
import type { ReplayItem } from "./ibm-dialogues";

export type ReplayStats = { sent: number; ok: number; duplicates: number; failed: number };

/**
 * Posts each item in order with `send` (e.g. `fetch` to `${url}/api/webhooks/incoming-message`).
 * Sequential on purpose: messages arrive in their original order, as a channel would deliver them.
 * @param secrets channel id → plaintext webhook secret
 * @returns counts; a non-2xx answer is counted as failed (and reported through `onError`), never thrown
 */
export async function replay<B extends { channel_id: string }>(
  items: ReplayItem<B>[],
  {
    secrets,
    send,
    onProgress,
    onError,
    onResponse,
  }: {
    secrets: Map<string, string>;
    send: (body: string, headers: Record<string, string>) => Promise<Response>;
    onProgress?: (done: number, total: number) => void;
    onError?: (item: ReplayItem<B>, status: number, body: string) => void;
    /** the parsed JSON of each 2xx answer */
    onResponse?: (item: ReplayItem<B>, json: unknown) => void;
  },
): Promise<ReplayStats> {
  const stats: ReplayStats = { sent: 0, ok: 0, duplicates: 0, failed: 0 };
  for (const item of items) {
    const secret = secrets.get(item.channelId);
    if (!secret) throw new Error(`no webhook secret for channel ${item.channelId}`);
    const body = JSON.stringify(item.body);
    const res = await send(body, { "content-type": "application/json", ...signWebhook(secret, body, item.deliveryId ? { id: item.deliveryId } : {}) });
    stats.sent += 1;
    if (res.ok) {
      stats.ok += 1;
      if (res.headers.get("x-tandem-duplicate") === "true") stats.duplicates += 1;
      const json: unknown = await res.json().catch(() => null);
      onResponse?.(item, json);
    } else {
      stats.failed += 1;
      onError?.(item, res.status, await res.text());
    }
    onProgress?.(stats.sent, items.length);
  }
  return stats;
}
