/**
 * `npm run bench:impact` — the AI Agent Impact Report at scale (001_… §6 Performance; issue 15 item 7): N orgs
 * (`--orgs`, default 1) sharing `--conversations` (default 1,000,000) over the last 12 months, sizes Zipf-like (org k
 * holds ∝ 1/k: one largest org), each with its own time zone (mostly Asia/Jakarta, some Asia/Makassar, Asia/Jayapura,
 * UTC), business hours, holidays, channels and agents (scripts/bench/impact-orgs.ts); the data generated set-based in
 * SQL and following the outcome taxonomy (scripts/bench/impact-generate.ts). Then
 * 1. the full backfill of the datamart for every org (`aggregateDaily` with a range: every local day holding data):
 *    seconds, rows written — information;
 * 2. the scheduled hourly run over ALL orgs (`aggregateDaily({ now })`: each org's last 3 local days + the retention
 *    purge), `--hourly-runs` runs (default 2): each, and the slowest against the target ≤ 300 s; then what one org costs
 *    (that run for the largest, the median-size and the smallest org alone, 3 runs each: median);
 * 3. the scheduled run for the largest org alone, 5 runs: each, median and max (target ≤ 2,000 ms each);
 * 4. the largest org's report for the last 90 days and the last 12 months (the page's presets), all channels and one
 *    channel:
 *    - report read: `loadImpactReport`, the page's read of the datamart;
 *    - server response: what the page does on the server before rendering — `impactContext` (org, access, cost
 *      assumption), `listChannels` and `viewImpactReport` (the read within its 3 s budget plus its event writes);
 *    warm-up runs, then R sequential runs each: p50/p95/max.
 * Targets (the issue; the seed allows 3 s for the report and 2 s for the aggregation): the all-org hourly run ≤ 300 s,
 * the largest org's run ≤ 2,000 ms, every 12-month p95 — report read and server response, all channels and one
 * channel — ≤ 150 ms, and no server response in the Error state — prints PASS/FAIL and exits 1 on FAIL. The backfill
 * has no target (information).
 *
 * Prints the date, the machine (CPUs, load average: other work on a shared machine shows in every figure), the server
 * version and its `jit` setting (left as the server has it, like the app does: the aggregation's times depend on it)
 * first. After the load: VACUUM ANALYZE, as autovacuum would soon after a bulk load (the measured plans are
 * steady-state ones).
 * Database: a fresh `tandem_bench_impact` PostgreSQL database on BENCH_DATABASE_URL/TEST_DATABASE_URL/DATABASE_URL
 * (local hosts only; no other database is touched, and this one is left in place for EXPLAIN), else in-memory
 * PGlite — usable for small N only (1M conversations take very long and a lot of memory there).
 * Options: --db pglite|postgres, --orgs N (default 1), --conversations N (default 1,000,000; all orgs together),
 * --hourly-runs H (default 2), --runs R measured report runs per range and channel filter (default 50), --warmup W
 * (default 5); --reuse measures again on the database the previous run left (migrated to the current schema; the clock
 * is then the data's: a minute after the latest conversation) — e.g. after a change in lib/impact — and
 * --skip-backfill (with --reuse) keeps its datamart instead of rebuilding it.
 * E.g. the issue's scale: `npm run bench:impact -- --orgs 1000 --conversations 10000000`.
 */
import { cpus, loadavg } from "node:os";
import { and, eq, ne, sql } from "drizzle-orm";
import { migratePostgres, openPglite, openPostgres, type Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { createFreshDatabase } from "@/db/fresh-database";
import { channelIntegrations, costAssumptions, memberships, organizations } from "@/db/schema";
import { listChannels } from "@/lib/channels/list-channels";
import { DEMO_CHANNELS, seedDemoOrg } from "@/lib/demo/seed-demo-org";
import { aggregateDaily, RECENT_DAYS } from "@/lib/impact/aggregate-daily";
import { impactContext } from "@/lib/impact/impact-context";
import { loadImpactReport } from "@/lib/impact/impact-report";
import { impactParamsSchema, rangeLabel, resolveImpactRange } from "@/lib/impact/report-params";
import { viewImpactReport } from "@/lib/impact/view-impact-report";
import { addDays, localToday } from "@/lib/time/local-day";
import { benchDatabase, intOption } from "./cli";
import { generate } from "./impact-generate";
import { createBenchOrgs, createPreviewChannel, DAYS, type BenchOrg } from "./impact-orgs";

const BENCH_DATABASE = "tandem_bench_impact";
const TARGET_REPORT_P95_MS = 150;
const TARGET_INCREMENTAL_MS = 2_000;
const TARGET_HOURLY_ALL_S = 300;
const INCREMENTAL_RUNS = 5;
const PER_ORG_RUNS = 3;
const TIMEZONE = "Asia/Jakarta";
const LARGEST_SLUG = "bench-impact";

const { driver, source } = benchDatabase();
const total = intOption("--conversations", 1_000_000, 100);
const orgCount = intOption("--orgs", 1, 1);
const hourlyRuns = intOption("--hourly-runs", 2, 1);
const runs = intOption("--runs", 50, 1);
const warmup = intOption("--warmup", 5, 0);
const reuse = process.argv.includes("--reuse");
const skipBackfill = process.argv.includes("--skip-backfill");
if ((reuse || skipBackfill) && driver !== "postgres") {
  console.error("--reuse and --skip-backfill need PostgreSQL (BENCH_DATABASE_URL): PGlite keeps nothing between runs");
  process.exit(2);
}
if (skipBackfill && !reuse) {
  console.error("--skip-backfill needs --reuse (a fresh database has no datamart yet)");
  process.exit(2);
}
if (total < 20 * orgCount) {
  console.error(`--conversations must be at least 20 per org (${int(20 * orgCount)} for ${int(orgCount)} orgs)`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------------
// Measurement helpers

const now = () => performance.now();
const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
const pct = (xs: number[], q: number) => (xs.length === 0 ? NaN : xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!);
const ms = (x: number) => `${x.toFixed(1)} ms`;
function int(x: number) {
  return x.toLocaleString("en");
}
const load = () => `load average ${loadavg().map((x) => x.toFixed(2)).join(" / ")} (1 / 5 / 15 min)`;

/** Warm-up runs, then `runs` timed sequential runs of `fn`. */
async function timed(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    await fn();
    out.push(now() - t0);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

type Handle = Awaited<ReturnType<typeof openPostgres>>;
type Largest = { orgId: string; channels: { id: string; name: string }[]; owner: { userId: string; role: "owner" | "admin" | "supervisor" | "agent" } };
type OrgSummary = Pick<BenchOrg, "orgId" | "total" | "timezone" | "today">;

/** A fresh database: the orgs, then the generated data (VACUUM ANALYZE after). */
async function setupFresh(): Promise<{ handle: Handle; largest: Largest; orgs: OrgSummary[]; clock: Date }> {
  const setupStarted = now();
  const handle = driver === "postgres" ? await openPostgres(await createFreshDatabase(source!, BENCH_DATABASE), { max: 10 }) : await openPglite();
  const { db } = handle;
  const org = await seedDemoOrg(db, { slug: LARGEST_SLUG, emailDomain: "bench-impact.tandem.test" });
  const previewId = await createPreviewChannel(db, org.orgId);
  const staff = await db.select({ userId: memberships.userId, role: memberships.role }).from(memberships).where(eq(memberships.orgId, org.orgId));
  const agentIds = staff.filter((m) => m.role === "agent").map((m) => m.userId).sort();
  const owner = staff.find((m) => m.role === "owner")!;
  await db.insert(costAssumptions).values({ orgId: org.orgId, agentHourRate: 50_000, minutesPerConversation: 6, updatedBy: owner.userId });
  const clock = new Date();
  const splitIdx = DEMO_CHANNELS.findIndex((c) => c.split !== null);
  const orgs = await createBenchOrgs(db, {
    orgs: orgCount,
    total,
    clock,
    largest: { orgId: org.orgId, channelIds: org.channels.map((c) => c.id), splitIdx, botPercent: DEMO_CHANNELS[splitIdx]?.split ?? 100, previewId, agentIds },
  });
  const sizes = orgs.map((o) => o.total);
  const zones = new Map<string, number>();
  for (const o of orgs) zones.set(o.timezone, (zones.get(o.timezone) ?? 0) + 1);
  console.log(
    `AI agent impact report on ${driver === "postgres" ? `PostgreSQL (${BENCH_DATABASE})` : "PGlite (in memory)"}: ${int(orgs.length)} org(s), ` +
      `the largest the demo org (${TIMEZONE}, ${org.channels.length} channels + preview, ${agentIds.length} agents) — set up in ${((now() - setupStarted) / 1000).toFixed(1)} s`,
  );
  if (orgs.length > 1) {
    console.log(
      `  conversations per org (Zipf-like): largest ${int(sizes[0]!)}, median ${int(sorted(sizes)[Math.floor(sizes.length / 2)]!)}, smallest ${int(sizes.at(-1)!)}; ` +
        `time zones ${[...zones].map(([z, n]) => `${z} ${n}`).join(", ")}; ${int(orgs.reduce((a, o) => a + o.channelIds.length, 0))} channels, ` +
        `${int(orgs.filter((o) => o.previewId).length)} preview channels, ${int(orgs.filter((o) => o.splitIdx >= 0).length)} splits, ${int(orgs.reduce((a, o) => a + o.agentIds.length, 0))} agents`,
    );
  }
  await printServer(db);
  console.log(`generating ${int(total)} conversations over up to ${DAYS} local days per org (set-based SQL, setseed)…`);
  const genStarted = now();
  const loaded = await generate(db, orgs, clock, (line) => console.log(line));
  const genSeconds = (now() - genStarted) / 1000;
  const analyzeStarted = now();
  await db.execute(sql`VACUUM ANALYZE conversations`);
  await db.execute(sql`VACUUM ANALYZE messages`);
  const analyzeSeconds = (now() - analyzeStarted) / 1000;
  console.log(
    `  ${int(loaded.conversations)} conversations + ${int(loaded.messages)} messages (${(loaded.messages / loaded.conversations).toFixed(2)} per conversation) ` +
      `generated and loaded in ${genSeconds.toFixed(1)} s (${int(Math.round(loaded.conversations / genSeconds))} conversations/s: staging ${loaded.seconds.staging.toFixed(1)} s, ` +
      `sorting ${loaded.seconds.sorting.toFixed(1)} s, conversation inserts ${loaded.seconds.conversations.toFixed(1)} s, message inserts ${loaded.seconds.messages.toFixed(1)} s, ` +
      `indexes ${loaded.seconds.indexes.toFixed(1)} s, foreign keys ${loaded.seconds.foreignKeys.toFixed(1)} s); VACUUM ANALYZE ${analyzeSeconds.toFixed(1)} s`,
  );
  return { handle, largest: { orgId: org.orgId, channels: org.channels, owner }, orgs, clock };
}

/**
 * `--reuse`: the database a previous run left in place, migrated to the current schema (a lib/ change re-measured
 * without generating again). The clock is the data's: one minute after the latest conversation.
 */
async function setupReuse(): Promise<{ handle: Handle; largest: Largest; orgs: OrgSummary[]; clock: Date }> {
  const url = new URL(source!);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname)) throw new Error(`Refusing to use a non-local database host ${url.hostname}`);
  url.pathname = `/${BENCH_DATABASE}`;
  await migratePostgres(url.toString());
  const handle = await openPostgres(url.toString(), { max: 10 });
  const { db } = handle;
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, LARGEST_SLUG));
  if (!org) throw new Error(`--reuse: no ${LARGEST_SLUG} org in ${BENCH_DATABASE}; run without --reuse first`);
  const channels = await db
    .select({ id: channelIntegrations.id, name: channelIntegrations.name })
    .from(channelIntegrations)
    .where(and(eq(channelIntegrations.orgId, org.id), ne(channelIntegrations.type, "bot_preview")));
  channels.sort((a, b) => DEMO_CHANNELS.findIndex((c) => c.name === a.name) - DEMO_CHANNELS.findIndex((c) => c.name === b.name));
  const [owner] = await db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, org.id), eq(memberships.role, "owner")));
  const rows = await executeRows<{ org_id: string; timezone: string; total: number; latest: string | null }>(
    db,
    sql`SELECT o.id AS org_id, o.timezone, count(c.id)::int AS total, max(c.created_at)::text AS latest
      FROM organizations o LEFT JOIN conversations c ON c.org_id = o.id GROUP BY o.id, o.timezone`,
  );
  const latest = Math.max(...rows.map((r) => (r.latest ? Date.parse(r.latest) : 0)));
  const clock = new Date(latest + 60_000);
  const orgs = rows
    .map((r) => ({ orgId: r.org_id, total: r.total, timezone: r.timezone, today: localToday(r.timezone, clock) }))
    .sort((a, b) => (a.orgId === org.id ? -1 : b.orgId === org.id ? 1 : b.total - a.total));
  console.log(
    `AI agent impact report on PostgreSQL (${BENCH_DATABASE}, reused): ${int(orgs.length)} org(s), ${int(orgs.reduce((a, o) => a + o.total, 0))} conversations ` +
      `generated up to ${clock.toISOString()} (the clock of every run below)`,
  );
  await printServer(db);
  return { handle, largest: { orgId: org.id, channels, owner: owner! }, orgs, clock };
}

/** What the figures depend on: the server, its JIT setting (the app does not change it). */
async function printServer(db: Db) {
  const [server] = await executeRows<{ version: string; jit: string }>(db, sql`SELECT current_setting('server_version') AS version, current_setting('jit') AS jit`);
  console.log(`  server ${server!.version}, jit ${server!.jit}`);
}

if (driver === "pglite" && total > 100_000 && !reuse) {
  console.warn(`WARNING: PGlite (in memory, single-threaded WASM) with ${int(total)} conversations will be very slow and memory-hungry; use PostgreSQL (BENCH_DATABASE_URL) or --conversations 100000 or fewer.`);
}
const cpuList = cpus();
console.log(`bench:impact ${new Date().toISOString()} — ${cpuList.length} CPUs (${cpuList[0]?.model.trim() ?? "?"}), ${load()}`);
const { handle, largest, orgs, clock } = reuse ? await setupReuse() : await setupFresh();
const { db } = handle;
const conversationsTotal = orgs.reduce((a, o) => a + o.total, 0);
const [shape] = await executeRows<Record<string, number>>(
  db,
  sql`SELECT count(*)::int AS total,
      count(*) FILTER (WHERE closed_reason = 'RESOLVE_AI')::int AS "resolveAi",
      count(*) FILTER (WHERE closed_reason = 'RESOLVE' AND closed_via = 'silence')::int AS "silence",
      count(*) FILTER (WHERE closed_reason = 'RESOLVE' AND closed_via = 'agent')::int AS "resolve",
      count(*) FILTER (WHERE closed_reason IN ('ASSIGN_AGENT', 'ASSIGN_AGENT_AI', 'WAITING_ASSIGN_AGENT'))::int AS "assign",
      count(*) FILTER (WHERE closed_reason = 'SPAM')::int AS "spam",
      count(*) FILTER (WHERE closed_reason IS NULL)::int AS "open",
      count(*) FILTER (WHERE ai_answered_at IS NOT NULL)::int AS "aiAnswered",
      count(*) FILTER (WHERE assign_channel_agent_id IS NOT NULL)::int AS "withAgent",
      count(*) FILTER (WHERE sentiment IS NOT NULL)::int AS "withSentiment",
      count(*) FILTER (WHERE status = 'RESOLVED' AND closed_via IS NULL)::int AS "noVia",
      pg_total_relation_size('conversations')::float8 AS "convBytes", pg_total_relation_size('messages')::float8 AS "msgBytes"
    FROM conversations`,
);
const share = (n: number) => `${((100 * n) / shape!.total!).toFixed(1)} %`;
console.log(
  `  closed_reason: RESOLVE_AI ${share(shape!.resolveAi!)}, RESOLVE after silence ${share(shape!.silence!)}, RESOLVE by an agent ${share(shape!.resolve!)}, ` +
    `ASSIGN_AGENT*/WAITING ${share(shape!.assign!)}, SPAM ${share(shape!.spam!)}, open ${share(shape!.open!)}; AI answered ${share(shape!.aiAnswered!)}, ` +
    `agent attached ${share(shape!.withAgent!)}, sentiment ${share(shape!.withSentiment!)}; closed without closed_via ${int(shape!.noVia!)}; ` +
    `tables ${(shape!.convBytes! / 2 ** 20).toFixed(0)} MB + ${(shape!.msgBytes! / 2 ** 20).toFixed(0)} MB (with indexes)`,
);

let pass = true;

// 1. full backfill, every org
const earliest = orgs.map((o) => addDays(o.today, -DAYS)).sort()[0]!;
const latest = orgs.map((o) => o.today).sort().at(-1)!;
if (skipBackfill) console.log("1. full backfill — skipped (--skip-backfill: the datamart as the previous run left it)");
else {
  const started = now();
  const result = await aggregateDaily(db, { range: { from: earliest, to: latest }, now: clock });
  const seconds = (now() - started) / 1000;
  await db.execute(sql`ANALYZE ai_activity_daily`);
  const [mart] = await executeRows<Record<string, number>>(
    db,
    sql`SELECT coalesce(sum(conversations), 0)::int AS conversations, coalesce(sum(ai_resolved), 0)::int AS "aiResolved",
        coalesce(sum(ai_resolved_reopened), 0)::int AS reopened, coalesce(sum(ai_assisted), 0)::int AS "aiAssisted",
        coalesce(sum(escalated), 0)::int AS escalated, coalesce(sum(after_hours), 0)::int AS "afterHours",
        coalesce(sum(ai_answered), 0)::int AS "aiAnswered", coalesce(sum(open_with_ai), 0)::int AS "openWithAi",
        coalesce(sum(closed_after_silence), 0)::int AS silence, coalesce(sum(closed_unattended), 0)::int AS unattended
      FROM ai_activity_daily`,
  );
  console.log(`1. full backfill — aggregateDaily over ${earliest} … ${latest} for ${int(result.length)} org(s) (each clamped to its retention):`);
  console.log(`  ${seconds.toFixed(2)} s, ${int(result.reduce((a, r) => a + r.rows, 0))} (channel, day) rows written (information: no target)`);
  console.log(
    `  datamart: ${int(mart!.conversations!)} eligible conversations; AI-resolved ${int(mart!.aiResolved!)} (${int(mart!.reopened!)} reopened ≤ 48 h, ` +
      `${((100 * mart!.reopened!) / Math.max(1, mart!.aiResolved!)).toFixed(1)} %), AI-assisted ${int(mart!.aiAssisted!)}, escalated ${int(mart!.escalated!)}, ` +
      `open with the AI ${int(mart!.openWithAi!)}, closed after silence ${int(mart!.silence!)}, unattended ${int(mart!.unattended!)}; ` +
      `AI answered ${int(mart!.aiAnswered!)}, after hours ${int(mart!.afterHours!)}`,
  );
}

// 2. the scheduled hourly run over every org
{
  console.log(`2. hourly run — aggregateDaily({ now }) over all ${int(orgs.length)} org(s) (each: last ${RECENT_DAYS} local days + retention purge), ${hourlyRuns} run(s); ${load()}:`);
  const times: number[] = [];
  for (let i = 0; i < hourlyRuns; i++) {
    const t0 = now();
    const result = await aggregateDaily(db, { now: clock });
    const seconds = (now() - t0) / 1000;
    times.push(seconds);
    console.log(`  run ${i + 1}: ${seconds.toFixed(1)} s for ${int(result.length)} orgs (${((1000 * seconds) / result.length).toFixed(1)} ms per org), ${int(result.reduce((a, r) => a + r.rows, 0))} rows; ${load()}`);
  }
  const max = Math.max(...times);
  const ok = max <= TARGET_HOURLY_ALL_S;
  pass &&= ok;
  console.log(`  ${ok ? "PASS" : "FAIL"}: slowest ${max.toFixed(1)} s ${ok ? "≤" : ">"} target ${TARGET_HOURLY_ALL_S} s (${int(conversationsTotal)} conversations, ${int(orgs.length)} orgs, ${cpuList.length} CPUs)`);
  if (orgs.length > 1) {
    // what one org costs, by size
    const bySize = [...orgs].sort((a, b) => b.total - a.total);
    const samples = [
      { label: "largest", o: bySize[0]! },
      { label: "median", o: bySize[Math.floor(bySize.length / 2)]! },
      { label: "smallest", o: bySize.at(-1)! },
    ];
    const parts: string[] = [];
    for (const { label, o } of samples) {
      const xs: number[] = [];
      for (let i = 0; i < PER_ORG_RUNS; i++) {
        const t0 = now();
        await aggregateDaily(db, { orgId: o.orgId, now: clock });
        xs.push(now() - t0);
      }
      parts.push(`${label} (${int(o.total)} conversations, ${o.timezone}) ${ms(pct(sorted(xs), 0.5))}`);
    }
    console.log(`  one org alone, median of ${PER_ORG_RUNS}: ${parts.join("; ")}`);
  }
}

// 3. the largest org alone
{
  const times: number[] = [];
  const results: string[] = [];
  for (let i = 0; i < INCREMENTAL_RUNS; i++) {
    const t0 = now();
    const [r] = await aggregateDaily(db, { orgId: largest.orgId, now: clock });
    times.push(now() - t0);
    if (r) results.push(`${r.from} … ${r.to} → ${r.rows} rows`);
  }
  const s = sorted(times);
  const max = s.at(-1)!;
  const ok = max <= TARGET_INCREMENTAL_MS;
  pass &&= ok;
  console.log(`3. the largest org alone — aggregateDaily for it (last ${RECENT_DAYS} local days + retention purge), ${INCREMENTAL_RUNS} runs:`);
  console.log(`  ${times.map((t) => ms(t)).join(", ")} (${[...new Set(results)].join("; ")})`);
  console.log(`  ${ok ? "PASS" : "FAIL"}: median ${ms(pct(s, 0.5))}, max ${ms(max)} ${ok ? "≤" : ">"} target ${int(TARGET_INCREMENTAL_MS)} ms`);
}

// 4. the report (the largest org)
{
  const member = { orgId: largest.orgId, userId: largest.owner.userId, role: largest.owner.role, timezone: TIMEZONE };
  const oneChannel = largest.channels[0]!;
  const ranges = [
    { label: "90 days", preset: "90", target: false },
    { label: "12 months", preset: "365", target: true },
  ];
  const filters = [
    { label: "all channels", channel: undefined as string | undefined },
    { label: `one channel (${oneChannel.name})`, channel: oneChannel.id },
  ];
  console.log(`4. report of the largest org — ${runs} sequential runs per line after ${warmup} warm-up runs (p50 / p95 / max):`);
  let failures = 0;
  for (const range of ranges) {
    for (const filter of filters) {
      const params = impactParamsSchema.parse({ range: range.preset, ...(filter.channel ? { channel: filter.channel } : {}) });
      const { from, to } = resolveImpactRange(params, TIMEZONE);
      const read = await timed(() =>
        loadImpactReport(db, { orgId: largest.orgId, channelId: filter.channel, from, to, timezone: TIMEZONE, businessHoursSet: true, forecast: true, assumption: { agentHourRate: 50_000, minutesPerConversation: 6 } }),
      );
      const server = await timed(async () => {
        const ctx = await impactContext(db, member);
        if (!ctx) throw new Error("the bench org cannot see the impact report");
        const channels = await listChannels(db, { orgId: member.orgId });
        const channelId = channels.some((c) => c.id === params.channel) ? params.channel : undefined;
        const view = await viewImpactReport(db, {
          member,
          channelId,
          from,
          to,
          rangeLabel: rangeLabel(params, { from, to }),
          businessHoursSet: ctx.org.businessHours.length > 0,
          forecast: ctx.access.forecast,
          assumption: ctx.assumption,
        });
        if (!view.ok) failures++;
      });
      for (const [what, xs] of [["report read (loadImpactReport)", read], ["server response (context + channels + viewImpactReport)", server]] as const) {
        const s = sorted(xs);
        const p95 = pct(s, 0.95);
        const ok = p95 <= TARGET_REPORT_P95_MS;
        if (range.target) pass &&= ok;
        console.log(
          `  ${range.label} (${from} … ${to}), ${filter.label}, ${what}: p50 ${ms(pct(s, 0.5))}, p95 ${ms(p95)}, max ${ms(s.at(-1)!)}` +
            (range.target ? ` — ${ok ? "PASS" : "FAIL"} (p95 ${ok ? "≤" : ">"} ${TARGET_REPORT_P95_MS} ms)` : ""),
        );
      }
    }
  }
  if (failures > 0) {
    pass = false;
    console.log(`  FAIL: ${failures} server response(s) came back as the Error state (timeout or failed query)`);
  }
}

await handle.close();
console.log(pass ? "PASS" : "FAIL");
if (!pass) process.exitCode = 1;
