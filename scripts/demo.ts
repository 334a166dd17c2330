/**
 * `npm run demo`: builds Tandem, migrates and seeds the embedded database, starts the app, replays the real IBM
 * customer-care dialogues through the signed incoming-message webhook and the helpdesk's outcomes through the
 * conversation-events webhook (with progress bars), runs the idle job and rebuilds the replayed weeks' datamart, then
 * keeps serving.
 * Flags: --skip-build (reuse .next), --limit N (replay only the first N messages), --port P (default 3000).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { SingleBar, Presets } from "cli-progress";
import { parseDialogues, REPLAY_WINDOW_DAYS } from "@/lib/demo/ibm-dialogues";
import { runDemoTraffic } from "@/lib/demo/run-demo-traffic";
import { SEED_DATA_DIR } from "@/lib/demo/seed-data-path";
import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/demo/seed-demo-org";
import { closeIdleAndRebuildImpact, migrateAndSeed } from "./load-seed";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(flag("--port") ?? process.env.PORT ?? 3000);
const limit = flag("--limit") ? Number(flag("--limit")) : undefined;
const baseUrl = `http://127.0.0.1:${port}`;
const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) };
const nextBin = path.resolve("node_modules/next/dist/bin/next");

if (!args.includes("--skip-build") || !existsSync(".next/BUILD_ID")) {
  console.log("Building Tandem (next build)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: childEnv });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

console.log("Migrating and seeding the demo organization…");
const seeded = await migrateAndSeed();
console.log(`  ${seeded.channels.length} channels, ${seeded.articles} knowledge articles, ${seeded.history.conversations} simulated conversations (${seeded.history.from} to ${seeded.history.to}) for the impact report.`);

let server: ChildProcess;
let pausing = false;
/** Starts `next start`; when it exits other than for a pause, so does the demo. */
function startServer(): void {
  server = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], { stdio: ["ignore", "inherit", "inherit"], env: childEnv });
  server.on("exit", (code) => {
    if (!pausing) process.exit(code ?? 0);
  });
}
const stop = () => server.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
console.log(`Starting Tandem on ${baseUrl}…`);
startServer();

async function waitForServer(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/login`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Tandem did not answer on ${baseUrl} within ${timeoutMs / 1000} s`);
}
await waitForServer();

const dialogues = parseDialogues(readFileSync(path.join(SEED_DATA_DIR, "ibm-twitter-care/dialogues.jsonl"), "utf8"));
console.log(`Replaying real customer messages from ${dialogues.length} dialogues through the webhook, then the helpdesk's outcomes…`);
const bar = new SingleBar(
  { format: "  {phase} {bar} {percentage}% | {value}/{total} | {eta}s left", hideCursor: true, noTTYOutput: true, notTTYSchedule: 3000 },
  Presets.shades_classic,
);
let phase = "";
const stats = await runDemoTraffic({
  baseUrl,
  seeded,
  dialogues,
  limit,
  simulatedShop: true,
  onProgress: (p, done, total) => {
    if (p !== phase) {
      if (phase) bar.stop();
      phase = p;
      bar.start(total, 0, { phase: p.padEnd(8) });
    }
    bar.update(done);
  },
  onError: (id, status, body) => console.error(`\n  ${id}: HTTP ${status} ${body.slice(0, 200)}`),
});
bar.stop();
const { messages: m, outcomes: o } = stats;
console.log(`Replayed ${m.ok}/${m.sent} messages (${m.duplicates} already stored, ${m.failed} failed) and ${o.ok}/${o.sent} helpdesk events (${o.failed} failed).`);

// The helpdesk left the conversations the bot handled alone to Tandem: the idle job closes the silent ones (a bare
// RESOLVE, never an AI win) — without an Inngest engine its cron never fires, so it runs here. The replay spread the
// dialogues over the last 4 weeks, so the impact datamart's recent weeks are rebuilt now rather than at the hourly
// job. The embedded database has one owner at a time: the server pauses while they run.
console.log("Closing silent bot conversations (idle job) and rebuilding the impact report's datamart for the replayed weeks…");
pausing = true;
await new Promise<void>((resolve) => {
  server.once("exit", () => resolve());
  server.kill("SIGTERM");
});
pausing = false;
const rebuilt = await closeIdleAndRebuildImpact(seeded.orgId, REPLAY_WINDOW_DAYS + 2);
console.log(`  ${rebuilt.idleClosed} conversations closed after silence, ${rebuilt.datamartRows} datamart rows.`);
startServer();
await waitForServer();
console.log(`\nTandem is running at ${baseUrl} — sign in with any of (password "${DEMO_PASSWORD}"):`);
for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(10)} ${u.email}`);
console.log("Press Ctrl+C to stop.");
