/**
 * `npm run bench:agent-model` — the model path under load (issue 14 item 8): a local OpenAI-compatible model stand-in
 * that answers after `--model-delay` ms (default 1,500), `--messages` (default 2,000) signed webhook deliveries at
 * `--concurrency` (default 32) over real HTTP, half to a bot channel (on-topic dev-set questions the agent answers with
 * the model; the channel has an outbound reply URL on a local receiver; the stand-in and the receiver run in a process
 * of their own, as remote services would: scripts/bench/model-stand-ins.ts) and half to a human-arm channel (real IBM
 * messages, `bot_percent` 0). The deliveries are posted by a load client in a process of its own, as the sender is in
 * production (scripts/bench/webhook-load.ts); this process is Tandem's (the webhook handler). After a warm-up of 1,000
 * messages (not counted), run twice — without a model, then with the stand-in — and prints the webhook's p50/p99 (and
 * p99 per arm) as the load client saw them, the CPU per message in Tandem's process, PostgreSQL, the load client's and
 * the stand-ins' processes (scripts/bench/cpu-use.ts),
 * failed requests (pool exhaustion shows as errors), late replies delivered to the outbound URL, and the human-arm
 * throughput with the model as a share of the figure without it. PostgreSQL (BENCH_DATABASE_URL / TEST_DATABASE_URL,
 * local hosts only), pool of 20. Targets: webhook p99 ≤ 300 ms with the model, no failures, human-arm throughput ≥ 80 %.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
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
import { describeCpuUse, measureCpuUse, processCpuMs } from "./cpu-use";
import type { LoadJob, LoadRequest, LoadResult } from "./webhook-load";

process.env.TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS = "1"; // the outbound receiver is on 127.0.0.1
const total = intOption("--messages", 2000, 2);
const concurrency = intOption("--concurrency", 32, 1);
const modelDelay = intOption("--model-delay", 1500, 0);
/** Messages sent before the measured runs, without the model, not counted. */
const WARMUP = 1000;
const source = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!source) {
  console.error("bench:agent-model needs BENCH_DATABASE_URL or TEST_DATABASE_URL (a local PostgreSQL server)");
  process.exit(2);
}

// the model stand-in and the outbound reply receiver, in a process of their own (scripts/bench/model-stand-ins.ts)
const standIns = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/bench/model-stand-ins.ts"), "--model-delay", String(modelDelay)], { stdio: ["pipe", "pipe", "inherit"] });
const { model: standInUrl, receiver: receiverUrl } = await new Promise<{ model: string; receiver: string }>((resolve, reject) => {
  let out = "";
  standIns.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
    if (out.includes("\n")) resolve(JSON.parse(out.slice(0, out.indexOf("\n"))) as { model: string; receiver: string });
  });
  standIns.on("exit", (code) => reject(new Error(`the stand-ins ended (${code}) before listening`)));
});
const outboundPosts = async (): Promise<number> => ((await (await fetch(`${receiverUrl}/count`)).json()) as { posts: number }).posts;

const handle = await openPostgres(await createFreshDatabase(source, "tandem_bench_agent"), { max: 20 });
const { db } = handle;
const org = await seedDemoOrg(db, { slug: "bench-model", emailDomain: "bench-model.tandem.test" });
await seedDemoAgent(db, org);
const bot = org.channels[0]!;
const human = org.channels.find((c) => c.name === "WhatsApp – Sales")!;
await db.update(channelIntegrations).set({ outboundReplyUrl: `${receiverUrl}/replies` }).where(eq(channelIntegrations.id, bot.id));
await db.update(channelIntegrations).set({ trafficSplitEnabled: true, botPercent: 0 }).where(eq(channelIntegrations.id, human.id));

const questions = loadDevSet().filter((i) => i.kind === "on_topic").map((i) => i.text);
const ibm = buildReplay(parseDialogues(readFileSync(path.join(SEED_DATA_DIR, "ibm-twitter-care/dialogues.jsonl"), "utf8")), { channelIds: [human.id] });

type Run = { seconds: number; p50: number; p99: number; botP99: number; humanP99: number; failed: number; humanPerSecond: number; pending: number };

/** The load client, in a process of its own (scripts/bench/webhook-load.ts): one job at a time over stdin/stdout. */
const loadClient = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/bench/webhook-load.ts")], { stdio: ["pipe", "pipe", "inherit"] });
const loadResults = createInterface({ input: loadClient.stdout! })[Symbol.asyncIterator]();
async function postAll(job: LoadJob): Promise<LoadResult> {
  loadClient.stdin!.write(`${JSON.stringify(job)}\n`);
  const { value, done } = await loadResults.next();
  if (done) throw new Error("the load client ended");
  return JSON.parse(value as string) as LoadResult;
}

async function run(tag: string, model: ModelClient | null, messages = total): Promise<Run> {
  const server = await serve((req) => handleIncomingMessage(db, req, { model }));
  const requests: LoadRequest[] = Array.from({ length: messages }, (_, i) => {
    const toBot = i % 2 === 0;
    const channel = toBot ? bot : human;
    const text = toBot ? questions[(i / 2) % questions.length]! : ibm[Math.floor(i / 2) % ibm.length]!.body.text;
    const body = JSON.stringify({ channel_id: channel.id, conversation_id: `${tag}-${i}`, message_id: `${tag}-${i}-1`, contact: { id: `${tag}-c${i}` }, text, sent_at: new Date().toISOString() });
    return { url: `${server.url}/api/webhooks/incoming-message`, body, headers: { "content-type": "application/json", ...signWebhook(channel.secret, body) }, arm: toBot ? "bot" : "human" };
  });
  const { seconds, outcomes, failures } = await postAll({ concurrency, requests });
  await server.close();
  // why, for the first few: a failure is a finding, not just a count
  for (const failure of failures) console.log(`  failed: ${failure}`);
  const humans = outcomes.filter((o) => o.arm === "human");
  const p = (list: number[], q: number) => list.sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))] ?? 0;
  const latencies = outcomes.map((o) => o.ms);
  return {
    seconds,
    p50: p(latencies, 0.5),
    p99: p(latencies, 0.99),
    botP99: p(outcomes.filter((o) => o.arm === "bot").map((o) => o.ms), 0.99),
    humanP99: p(humans.map((o) => o.ms), 0.99),
    failed: outcomes.filter((o) => o.status < 200 || o.status >= 300).length,
    humanPerSecond: humans.length / (Math.max(...humans.map((o) => o.endMs)) / 1000),
    pending: outcomes.filter((o) => o.pending).length,
  };
}

const describe = (label: string, r: Run, messages = total) =>
  `${label.padEnd(26)} ${(messages / r.seconds).toFixed(0).padStart(5)} msg/s · p50 ${r.p50.toFixed(1)} ms · p99 ${r.p99.toFixed(1)} ms · ${r.failed} failed · human arm ${r.humanPerSecond.toFixed(0)} msg/s · ${r.pending} replies pending · p99 bot arm ${r.botP99.toFixed(0)} ms, human arm ${r.humanP99.toFixed(0)} ms`;

console.log(`bench:agent-model on PostgreSQL (pool 20): ${total} messages, concurrency ${concurrency}, model stand-in ${modelDelay} ms — ${new Date().toISOString().slice(0, 10)}`);
// warmed like a server that has been up a while (JIT, the pool's connections, their prepared statements); not counted
const warm = await run("warm", null, WARMUP);
console.log(`  ${describe(`warm-up, ${WARMUP} (not counted)`, warm, WARMUP)}`);
/** A measured run, and where its CPU went: this process, the stand-ins' process, the rest of the machine (PostgreSQL). */
async function measured(label: string, tag: string, client: ModelClient | null): Promise<Run> {
  const standIns0 = processCpuMs(standIns.pid);
  const loadClient0 = processCpuMs(loadClient.pid);
  const { result, cpu } = await measureCpuUse(total, () => run(tag, client));
  const standInsMs = (processCpuMs(standIns.pid) - standIns0) / total;
  const loadClientMs = (processCpuMs(loadClient.pid) - loadClient0) / total;
  console.log(`  ${describe(label, result)}`);
  console.log(`      ${describeCpuUse({ ...cpu, restMsPerMessage: Math.max(0, cpu.restMsPerMessage - standInsMs - loadClientMs) }, "Tandem's process (the handler)", "PostgreSQL")}; ${loadClientMs.toFixed(1)} ms in the load client's process, ${standInsMs.toFixed(1)} ms in the stand-ins'`);
  return result;
}
const without = await measured("without a model", "nomodel", null);
const model = createModelClient({ baseURL: `${standInUrl}/v1`, model: "stand-in", timeoutMs: modelDelay + 5_000, budgetMs: modelDelay + 10_000, maxRetries: 0 });
const withModel = await measured(`with the model (${modelDelay} ms)`, "model", model);
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
const posts = await outboundPosts();
console.log(`  late replies delivered to the outbound URL: ${delivered}/${withModel.pending} (receiver got ${posts} POSTs); bot replies stored: ${replies!.n}`);
const pass = withModel.p99 <= 300 && withModel.failed === 0 && without.failed === 0 && share >= 0.8 && delivered === withModel.pending && posts === delivered;
console.log(`  targets: webhook p99 ${withModel.p99.toFixed(0)} ms (≤ 300) · failures ${withModel.failed} (0) · human arm ${(share * 100).toFixed(0)} % of no-model (≥ 80 %) · late replies delivered once ${posts}/${withModel.pending} — ${pass ? "PASS" : "FAIL"}`);
await handle.close();
standIns.kill();
loadClient.kill();
process.exit(pass ? 0 : 1);
