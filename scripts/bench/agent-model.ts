/**
 * `npm run bench:agent-model` — the model path under load (issue 14 item 8): a local OpenAI-compatible model stand-in
 * that answers after `--model-delay` ms (default 1,500), `--messages` (default 2,000) signed webhook deliveries at
 * `--concurrency` (default 32) over real HTTP, half to a bot channel (on-topic dev-set questions the agent answers with
 * the model; the channel has an outbound reply URL on a local receiver) and half to a human-arm channel (real IBM
 * messages, `bot_percent` 0). After a warm-up of 200 messages (not counted), run twice — without a model, then with
 * the stand-in — and prints the webhook's p50/p99,
 * failed requests (pool exhaustion shows as errors), late replies delivered to the outbound URL, and the human-arm
 * throughput with the model as a share of the figure without it. PostgreSQL (BENCH_DATABASE_URL / TEST_DATABASE_URL,
 * local hosts only), pool of 20. Targets: webhook p99 ≤ 300 ms with the model, no failures, human-arm throughput ≥ 80 %.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, count, eq, inArray } from "drizzle-orm";
import { openPostgres } from "@/db/client";
import { createFreshDatabase } from "@/db/fresh-database";
import { channelIntegrations, messages, replyDeliveries } from "@/db/schema";
import { loadDevSet } from "@/lib/agent/eval/dev-set";
import { createModelClient, type ModelClient } from "@/lib/agent/model-client";
import { buildReplay, parseDialogues } from "@/lib/demo/ibm-dialogues";
import { seedDemoAgent } from "@/lib/demo/seed-demo-agent";
import { seedDemoOrg } from "@/lib/demo/seed-demo-org";
import { SEED_DATA_DIR } from "@/lib/demo/seed-data-path";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { signWebhook } from "@/lib/ingest/sign";
import { serve } from "@/test/http";
import { intOption } from "./cli";

process.env.TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS = "1"; // the outbound receiver is on 127.0.0.1
const total = intOption("--messages", 2000, 2);
const concurrency = intOption("--concurrency", 32, 1);
const modelDelay = intOption("--model-delay", 1500, 0);
/** Messages sent before the measured runs, without the model, not counted. */
const WARMUP = 200;
const source = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!source) {
  console.error("bench:agent-model needs BENCH_DATABASE_URL or TEST_DATABASE_URL (a local PostgreSQL server)");
  process.exit(2);
}

/** A local HTTP server; `handler` answers each request. */
async function listen(handler: (body: string, res: import("node:http").ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => handler(body, res));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

// the model stand-in: a chat completion after `modelDelay` ms
const standIn = await listen((_body, res) =>
  setTimeout(() => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id: "bench", object: "chat.completion", created: 0, model: "stand-in", choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "Here is what our help centre says about that." } }] }));
  }, modelDelay),
);
let outboundPosts = 0;
const receiver = await listen((_body, res) => {
  outboundPosts++;
  res.writeHead(204).end();
});

const handle = await openPostgres(await createFreshDatabase(source, "tandem_bench_agent"), { max: 20 });
const { db } = handle;
const org = await seedDemoOrg(db, { slug: "bench-model", emailDomain: "bench-model.tandem.test" });
await seedDemoAgent(db, org);
const bot = org.channels[0]!;
const human = org.channels.find((c) => c.name === "WhatsApp – Sales")!;
await db.update(channelIntegrations).set({ outboundReplyUrl: `${receiver.url}/replies` }).where(eq(channelIntegrations.id, bot.id));
await db.update(channelIntegrations).set({ trafficSplitEnabled: true, botPercent: 0 }).where(eq(channelIntegrations.id, human.id));

const questions = loadDevSet().filter((i) => i.kind === "on_topic").map((i) => i.text);
const ibm = buildReplay(parseDialogues(readFileSync(path.join(SEED_DATA_DIR, "ibm-twitter-care/dialogues.jsonl"), "utf8")), { channelIds: [human.id] });

type Run = { seconds: number; p50: number; p99: number; failed: number; humanPerSecond: number; pending: number };

async function run(tag: string, model: ModelClient | null, messages = total): Promise<Run> {
  const server = await serve((req) => handleIncomingMessage(db, req, { model }));
  const bodies = Array.from({ length: messages }, (_, i) => {
    const toBot = i % 2 === 0;
    const channel = toBot ? bot : human;
    const text = toBot ? questions[(i / 2) % questions.length]! : ibm[Math.floor(i / 2) % ibm.length]!.body.text;
    return { channel, human: !toBot, raw: JSON.stringify({ channel_id: channel.id, conversation_id: `${tag}-${i}`, message_id: `${tag}-${i}-1`, contact: { id: `${tag}-c${i}` }, text, sent_at: new Date().toISOString() }) };
  });
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  let pending = 0;
  let humanDone = 0;
  let humanElapsed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const b = bodies[next++]!;
        const t0 = performance.now();
        const res = await fetch(`${server.url}/api/webhooks/incoming-message`, { method: "POST", body: b.raw, headers: { "content-type": "application/json", ...signWebhook(b.channel.secret, b.raw) } });
        const text = await res.text();
        const json = (() => {
          try {
            return JSON.parse(text) as { reply_pending?: boolean };
          } catch {
            return null;
          }
        })();
        const t1 = performance.now();
        latencies.push(t1 - t0);
        if (!res.ok) {
          failed++;
          // why, for the first few: a failure is a finding, not just a count
          if (failed <= 3) console.log(`  failed: ${res.status} ${text.replace(/\s+/g, " ").slice(0, 300)}`);
        }
        if (json?.reply_pending) pending++;
        if (b.human) {
          humanDone++;
          humanElapsed = t1 - started;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await server.close();
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { seconds, p50: p(0.5), p99: p(0.99), failed, humanPerSecond: humanDone / (humanElapsed / 1000), pending };
}

const describe = (label: string, r: Run, messages = total) =>
  `${label.padEnd(26)} ${(messages / r.seconds).toFixed(0).padStart(5)} msg/s · p50 ${r.p50.toFixed(1)} ms · p99 ${r.p99.toFixed(1)} ms · ${r.failed} failed · human arm ${r.humanPerSecond.toFixed(0)} msg/s · ${r.pending} replies pending`;

console.log(`bench:agent-model on PostgreSQL (pool 20): ${total} messages, concurrency ${concurrency}, model stand-in ${modelDelay} ms — ${new Date().toISOString().slice(0, 10)}`);
// warmed like a server that has been up a while (JIT, the pool's connections, their prepared statements); not counted
const warm = await run("warm", null, WARMUP);
console.log(`  ${describe(`warm-up, ${WARMUP} (not counted)`, warm, WARMUP)}`);
const without = await run("nomodel", null);
console.log(`  ${describe("without a model", without)}`);
const model = createModelClient({ baseURL: `${standIn.url}/v1`, model: "stand-in", timeoutMs: modelDelay + 5_000, budgetMs: modelDelay + 10_000, maxRetries: 0 });
const withModel = await run("model", model);
console.log(`  ${describe(`with the model (${modelDelay} ms)`, withModel)}`);
// the late replies reach the outbound URL
const deadline = Date.now() + modelDelay + 30_000;
let delivered = 0;
while (Date.now() < deadline) {
  const [row] = await db.select({ n: count() }).from(replyDeliveries).where(and(eq(replyDeliveries.channelId, bot.id), inArray(replyDeliveries.status, ["delivered"])));
  delivered = Number(row!.n);
  if (delivered >= withModel.pending) break;
  await new Promise((r) => setTimeout(r, 250));
}
const [replies] = await db.select({ n: count() }).from(messages).where(eq(messages.sender, "bot"));
const share = withModel.humanPerSecond / without.humanPerSecond;
console.log(`  late replies delivered to the outbound URL: ${delivered}/${withModel.pending} (receiver got ${outboundPosts} POSTs); bot replies stored: ${replies!.n}`);
const pass = withModel.p99 <= 300 && withModel.failed === 0 && without.failed === 0 && share >= 0.8 && delivered === withModel.pending && outboundPosts === delivered;
console.log(`  targets: webhook p99 ${withModel.p99.toFixed(0)} ms (≤ 300) · failures ${withModel.failed} (0) · human arm ${(share * 100).toFixed(0)} % of no-model (≥ 80 %) · late replies delivered once ${outboundPosts}/${withModel.pending} — ${pass ? "PASS" : "FAIL"}`);
await handle.close();
standIn.server.close();
receiver.server.close();
process.exit(pass ? 0 : 1);
