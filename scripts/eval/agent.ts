/**
 * `npm run eval:agent` — the answering engine measured as a customer feels it (issue 14 item 8): every question of the
 * labelled development set (db/seed-data/agent-eval/dev-set.json) is sent as the first message of a new conversation
 * through the signed incoming-message webhook, over real HTTP, to the demo organization's published agent (help
 * centre + internal ABCD guidance), and the reply is judged (lib/agent/eval/classify.ts). Prints, per language and per
 * flow: answered correctly, wrong answer, handed over, off-topic handed over, human request honoured, customer-ready,
 * and p50/p95 latency; then PASS/FAIL against the targets. Exits 1 on FAIL.
 * Options: --set FILE (another labelled set of the same shape, e.g. a held-out one), --ibm-first-turns (every IBM
 * dialogue's first customer turn outside the development set, as off-topic), --db pglite|postgres, --verbose (every
 * miss). A target is judged only when the set has items for it.
 */
import { inArray } from "drizzle-orm";
import { openPglite, openPostgres } from "@/db/client";
import { createFreshDatabase } from "@/db/fresh-database";
import { knowledgeArticles } from "@/db/schema";
import { classify, customerReady, type Outcome } from "@/lib/agent/eval/classify";
import { expectedTopic, ibmFirstTurns, loadDevSet, type DevItem } from "@/lib/agent/eval/dev-set";
import { seedDemoAgent } from "@/lib/demo/seed-demo-agent";
import { seedDemoOrg } from "@/lib/demo/seed-demo-org";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { signWebhook } from "@/lib/ingest/sign";
import { serve } from "@/test/http";
import { benchDatabase, option } from "../bench/cli";

/** Targets on the development set (issue 14). */
const TARGETS = { correct: 0.85, wrong: 0.02, offTopicHandedOver: 0.98, customerReady: 1 };

const choice = benchDatabase();
const handle = choice.driver === "postgres" ? await openPostgres(await createFreshDatabase(choice.source, "tandem_eval"), { max: 4 }) : await openPglite();
const { db } = handle;
if (process.argv.includes("--ibm-first-turns") && option("--set")) throw new Error("eval:agent: --set and --ibm-first-turns are two different sets: give one");
const items = process.argv.includes("--ibm-first-turns") ? ibmFirstTurns(new Set(loadDevSet().map((i) => i.id))) : loadDevSet(option("--set"));
const verbose = process.argv.includes("--verbose");

const org = await seedDemoOrg(db, { slug: "eval", emailDomain: "eval.tandem.test" });
await seedDemoAgent(db, org);
const channel = org.channels[0]!; // published agent, no traffic split: every conversation is the bot's
const server = await serve((req) => handleIncomingMessage(db, req));

type Result = { item: DevItem; outcome: Outcome; ready: boolean | null; ms: number; reply: string; topic: string | null; confidence: number };
const results: Result[] = [];
const run = Date.now().toString(36);
for (const item of items) {
  const body = JSON.stringify({
    channel_id: channel.id,
    conversation_id: `eval-${run}-${item.id}`,
    message_id: `eval-${run}-${item.id}-1`,
    contact: { id: `eval-contact-${item.id}` },
    text: item.text,
    sent_at: new Date().toISOString(),
  });
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/webhooks/incoming-message`, { method: "POST", body, headers: { "content-type": "application/json", ...signWebhook(channel.secret, body) } });
  const json = (await res.json()) as { reply: { text: string; action: string; confidence: number; sources: { articleId: string }[] } | null };
  const ms = performance.now() - t0;
  if (!res.ok || !json.reply) throw new Error(`eval: ${item.id} answered ${res.status} ${JSON.stringify(json)}`);
  const ids = json.reply.sources.map((s) => s.articleId);
  const keys = ids.length ? await db.select({ id: knowledgeArticles.id, topicKey: knowledgeArticles.topicKey }).from(knowledgeArticles).where(inArray(knowledgeArticles.id, ids)) : [];
  const topics = ids.map((id) => keys.find((k) => k.id === id)?.topicKey ?? null);
  const outcome = classify(item, { action: json.reply.action, text: json.reply.text, topics });
  const answered = json.reply.action === "answer";
  results.push({ item, outcome, ready: answered ? customerReady(json.reply.text, item.language) : null, ms, reply: json.reply.text, topic: topics[0] ?? null, confidence: json.reply.confidence });
}
await server.close();

const pct = (n: number, d: number) => (d === 0 ? "   –  " : `${((100 * n) / d).toFixed(1).padStart(5)} %`);
function line(label: string, rs: Result[]): string {
  const on = rs.filter((r) => r.item.kind === "on_topic");
  const off = rs.filter((r) => r.item.kind === "off_topic");
  const human = rs.filter((r) => r.item.kind === "human_request" || r.item.kind === "angry");
  const answered = rs.filter((r) => r.ready !== null);
  const count = (list: Result[], o: Outcome) => list.filter((r) => r.outcome === o).length;
  return [
    label.padEnd(22),
    `${String(on.length).padStart(4)}`,
    pct(count(on, "correct"), on.length),
    pct(count(on, "wrong"), on.length),
    pct(count(on, "handed_over"), on.length),
    `${String(off.length).padStart(4)}`,
    pct(count(off, "handed_over"), off.length),
    `${String(human.length).padStart(4)}`,
    pct(count(human, "honoured"), human.length),
    pct(answered.filter((r) => r.ready).length, answered.length),
  ].join("  ");
}
const header = ["".padEnd(22), "on-t", "correct", "  wrong", "handed", " off", "handed", "h/ang", "honour", "  ready"].join("  ");
console.log(`eval:agent — ${items.length} labelled messages through the signed webhook (${choice.driver}), ${new Date().toISOString().slice(0, 10)}`);
console.log(header);
console.log(line("all", results));
for (const language of ["en", "id"] as const) console.log(line(`language ${language}`, results.filter((r) => r.item.language === language)));
const flows = [...new Set(items.map((i) => i.flow).filter((f): f is string => Boolean(f)))].sort();
for (const flow of flows) console.log(line(`  ${flow}`, results.filter((r) => r.item.flow === flow && r.item.kind === "on_topic")));
const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
console.log(`latency p50 ${p(0.5).toFixed(1)} ms · p95 ${p(0.95).toFixed(1)} ms`);

if (verbose) {
  for (const r of results.filter((x) => !["correct", "honoured"].includes(x.outcome) && !(x.item.kind === "off_topic" && x.outcome === "handed_over"))) {
    console.log(`  ${r.outcome.padEnd(18)} ${r.item.id.padEnd(18)} conf ${r.confidence.toFixed(2)} want ${expectedTopic(r.item) ?? "-"} got ${r.topic ?? "-"} | ${r.item.text.slice(0, 90)}`);
  }
  for (const r of results.filter((x) => x.ready === false)) console.log(`  not ready ${r.item.id}: ${r.reply.replace(/\n/g, " ⏎ ").slice(0, 200)}`);
}

const on = results.filter((r) => r.item.kind === "on_topic");
const off = results.filter((r) => r.item.kind === "off_topic");
const answered = results.filter((r) => r.ready !== null);
const figures = {
  correct: on.filter((r) => r.outcome === "correct").length / on.length,
  wrong: on.filter((r) => r.outcome === "wrong").length / on.length,
  offTopicHandedOver: off.filter((r) => r.outcome === "handed_over").length / Math.max(1, off.length),
  customerReady: answered.filter((r) => r.ready).length / Math.max(1, answered.length),
};
// a target without items to judge it on (an off-topic-only set has no on-topic questions) is not failed
const pass =
  (on.length === 0 || (figures.correct >= TARGETS.correct && figures.wrong <= TARGETS.wrong)) &&
  (off.length === 0 || figures.offTopicHandedOver >= TARGETS.offTopicHandedOver) &&
  (answered.length === 0 || figures.customerReady >= TARGETS.customerReady);
console.log(
  `targets: correct ${pct(on.filter((r) => r.outcome === "correct").length, on.length)} (≥ 85 %) · wrong ${pct(on.filter((r) => r.outcome === "wrong").length, on.length)} (≤ 2 %) · off-topic handed over ${pct(off.filter((r) => r.outcome === "handed_over").length, off.length)} (≥ 98 %) · customer-ready ${pct(answered.filter((r) => r.ready).length, answered.length)} (100 %) — ${pass ? "PASS" : "FAIL"}`,
);
await handle.close();
process.exit(pass ? 0 : 1);
