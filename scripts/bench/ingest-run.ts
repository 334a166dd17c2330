/**
 * One ingest benchmark run: real IBM customer messages, signed, posted over real HTTP with bounded concurrency to
 * the incoming-message webhook on `db`. Shared by `bench:ingest` and `bench:split`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/db/client";
import { buildReplay, parseDialogues } from "@/lib/demo/ibm-dialogues";
import { SEED_DATA_DIR } from "@/lib/demo/seed-data-path";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { signWebhook } from "@/lib/ingest/sign";
import { serve } from "@/test/http";

export type IngestRun = { total: number; seconds: number; failed: number; p50: number; p95: number; p99: number };

/**
 * @param db the database the in-process handler writes to (ignored when `url` is given)
 * @param params.tag makes conversation/message ids unique per run, so runs on one database never collide
 * @param params.url a running Tandem (e.g. `next start`) to post to; default: the handler served in this process
 * @returns throughput inputs and latency percentiles (ms)
 */
export async function runIngest(
  db: Db,
  { channels, total, concurrency, tag, url }: { channels: { id: string; secret: string }[]; total: number; concurrency: number; tag: string; url?: string },
): Promise<IngestRun> {
  const server = url ? { url, close: async () => {} } : await serve((req) => handleIncomingMessage(db, req));
  const dialogues = parseDialogues(readFileSync(path.join(SEED_DATA_DIR, "ibm-twitter-care/dialogues.jsonl"), "utf8"));
  const base = buildReplay(dialogues, { channelIds: channels.map((c) => c.id) });
  const secrets = new Map(channels.map((c) => [c.id, c.secret]));
  const bodies = Array.from({ length: total }, (_, i) => {
    const item = base[i % base.length]!;
    const round = `${tag}${Math.floor(i / base.length)}`;
    return { ...item.body, conversation_id: `${item.body.conversation_id}#${round}`, message_id: `${item.body.message_id}#${round}` };
  });
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const raw = JSON.stringify(body);
        const t0 = performance.now();
        const res = await fetch(`${server.url}/api/webhooks/incoming-message`, {
          method: "POST",
          body: raw,
          headers: { "content-type": "application/json", ...signWebhook(secrets.get(body.channel_id)!, raw) },
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (!res.ok) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await server.close();
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { total, seconds, failed, p50: p(0.5), p95: p(0.95), p99: p(0.99) };
}

/** One line: throughput and latency percentiles. */
export function describeRun(label: string, r: IngestRun): string {
  return `${label.padEnd(22)} ${(r.total / r.seconds).toFixed(0).padStart(5)} msg/s · p50 ${r.p50.toFixed(1)} ms · p95 ${r.p95.toFixed(1)} ms · p99 ${r.p99.toFixed(1)} ms · ${r.failed} failed`;
}
