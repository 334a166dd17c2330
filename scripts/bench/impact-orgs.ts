/**
 * The organizations of `npm run bench:impact --orgs N` (issue 15, scale): N orgs sharing the conversations, sizes
 * Zipf-like (org k holds a share ∝ 1/k, so the first is by far the largest), each with its own time zone, business
 * hours, holidays, channels (one with a traffic split in some orgs), preview channel (half of them) and agents.
 * The largest org is the seeded demo org (created by the caller through `seedDemoOrg`, so the report's server path —
 * context, access, cost assumption — runs as in the app); the others are written here in a few set-based INSERTs.
 * Every choice comes from a seeded PRNG: the same N and total give the same orgs.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import type { BusinessHours } from "@/db/schema";
import { seal } from "@/lib/crypto/secret-box";
import { newWebhookSecret } from "@/lib/ingest/sign";
import { addDays, localToday } from "@/lib/time/local-day";

/** Local days of history of an org that has been a customer all year (today included). */
export const DAYS = 365;
/** Org k (0-based) holds a share of the conversations ∝ 1 / (k + 1)^ZIPF_EXPONENT. */
const ZIPF_EXPONENT = 1;
/** Shares of an org's conversations: `bot_preview` chats (orgs with a preview channel), reopens (new conversation ≤ 48 h after an AI conversation's close, same contact). */
export const PREVIEW_SHARE = 0.005;
export const REOPEN_SHARE = 0.04;
const CONTACTS_PER_CONVERSATION = 0.45;

/** One org of the bench as the generator needs it. */
export type BenchOrg = {
  idx: number;
  orgId: string;
  timezone: string;
  /** local today at the run's clock */
  today: string;
  /** local days of history (365, or fewer for an org that joined during the year) */
  days: number;
  /** conversations: total = primaries + reopens; the first `preview` primaries are preview chats */
  total: number;
  primaries: number;
  preview: number;
  reopens: number;
  /** conversations of earlier orgs (the generator's row numbers are offset + 1 … offset + total) */
  offset: number;
  channelIds: string[];
  previewId: string | null;
  /** the channel (index into channelIds) running a traffic split, -1 none */
  splitIdx: number;
  botPercent: number | null;
  agentIds: string[];
  /** contacts drawn from 0 … pool - 1 */
  pool: number;
};

/** A small seeded PRNG (mulberry32): uniform [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Conversations per org: ∝ 1/(k+1), at least 1 each, summing exactly to `total` (the rounding remainder goes to the largest). */
export function orgSizes(orgs: number, total: number): number[] {
  const weights = Array.from({ length: orgs }, (_, k) => 1 / (k + 1) ** ZIPF_EXPONENT);
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((total * w) / sum)));
  sizes[0]! += total - sizes.reduce((a, b) => a + b, 0);
  return sizes;
}

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6] as const;
/** Business-hours templates and their shares: office hours (as the demo), shop hours, a lunch break, long hours every day, not set. */
const HOURS_TEMPLATES: { share: number; hours: BusinessHours }[] = [
  { share: 0.55, hours: [...WEEKDAYS.map((day) => ({ day, open: "08:00", close: "17:00" })), { day: 6, open: "09:00", close: "14:00" }] },
  { share: 0.15, hours: [...WEEKDAYS, 6 as const].map((day) => ({ day, open: "09:00", close: "21:00" })) },
  { share: 0.1, hours: WEEKDAYS.flatMap((day) => [{ day, open: "08:00", close: "12:00" }, { day, open: "13:00", close: "17:00" }]) },
  { share: 0.1, hours: EVERY_DAY.map((day) => ({ day, open: "07:00", close: "23:00" })) },
  { share: 0.1, hours: [] },
];
/** Time zones and their shares (most customers are in western Indonesia). */
const TIMEZONES: { share: number; tz: string }[] = [
  { share: 0.8, tz: "Asia/Jakarta" },
  { share: 0.1, tz: "Asia/Makassar" },
  { share: 0.05, tz: "Asia/Jayapura" },
  { share: 0.05, tz: "UTC" },
];
const CHANNEL_KINDS: { name: string; type: "whatsapp" | "live_chat" | "telegram" | "email" | "chatwoot" }[] = [
  { name: "WhatsApp – Customer Care", type: "whatsapp" },
  { name: "Live chat – Website", type: "live_chat" },
  { name: "WhatsApp – Sales", type: "whatsapp" },
  { name: "Telegram", type: "telegram" },
  { name: "Email – Support", type: "email" },
];
const SPLITS = [20, 30, 50, 70];

const pick = <T extends { share: number }>(list: T[], u: number): T => {
  let acc = 0;
  for (const item of list) if (u < (acc += item.share)) return item;
  return list.at(-1)!;
};

/** Holidays of an org: six fixed dates spread over the last year (local, YYYY-MM-DD). */
const holidaysBefore = (today: string) => [-340, -280, -230, -200, -120, -30].map((d) => addDays(today, d));

/**
 * Writes orgs 1 … N-1 (org 0, the largest, is the caller's seeded org) with their users, memberships and channels,
 * in a few INSERTs, and returns every org's plan for the generator.
 * @param largest the seeded org: its id, channels (the third with a `split` % traffic split), preview channel and agents
 */
export async function createBenchOrgs(
  db: Db,
  { orgs, total, clock, largest }: { orgs: number; total: number; clock: Date; largest: { orgId: string; channelIds: string[]; splitIdx: number; botPercent: number; previewId: string; agentIds: string[] } },
): Promise<BenchOrg[]> {
  const sizes = orgSizes(orgs, total);
  const rand = prng(20_260_701);
  const secret = seal(newWebhookSecret());
  type Spec = { idx: number; slug: string; name: string; plan: string; tz: string; hours: BusinessHours; holidays: string[]; days: number; channels: number; preview: boolean; split: number | null; agents: number };
  const specs: Spec[] = [];
  for (let idx = 1; idx < orgs; idx++) {
    const size = sizes[idx]!;
    const tz = pick(TIMEZONES, rand()).tz;
    const hours = pick(HOURS_TEMPLATES, rand()).hours;
    const uPlan = rand();
    const channels = Math.min(CHANNEL_KINDS.length, 1 + Number(size >= 5_000) + Number(size >= 20_000) + Number(size >= 100_000) + Number(rand() < 0.2));
    const uSplit = rand();
    specs.push({
      idx,
      slug: `bench-org-${idx}`,
      name: `Bench org ${idx}`,
      plan: uPlan < 0.3 ? "starter" : uPlan < 0.9 ? "professional" : "enterprise",
      tz,
      hours,
      holidays: hours.length > 0 && rand() < 0.7 ? holidaysBefore(localToday(tz, clock)) : [],
      // 70 % have been customers all year, the others joined 30 … 364 days ago
      days: rand() < 0.7 ? DAYS : 30 + Math.floor(rand() * (DAYS - 30)),
      channels,
      preview: rand() < 0.5,
      split: channels >= 2 && uSplit < 0.2 ? SPLITS[Math.floor((uSplit / 0.2) * SPLITS.length)]! : null,
      agents: Math.min(40, Math.max(1, Math.ceil(size / 30_000))),
    });
  }

  const plans: BenchOrg[] = [];
  const pushPlan = (idx: number, o: Omit<BenchOrg, "idx" | "total" | "primaries" | "preview" | "reopens" | "offset" | "pool">) => {
    const size = sizes[idx]!;
    const reopens = Math.round(size * REOPEN_SHARE);
    const primaries = size - reopens;
    plans.push({
      idx,
      total: size,
      primaries,
      preview: o.previewId ? Math.min(primaries, Math.round(size * PREVIEW_SHARE)) : 0,
      reopens,
      offset: 0,
      pool: Math.max(20, Math.ceil(size * CONTACTS_PER_CONVERSATION)),
      ...o,
    });
  };
  pushPlan(0, {
    orgId: largest.orgId,
    timezone: "Asia/Jakarta",
    today: localToday("Asia/Jakarta", clock),
    days: DAYS,
    channelIds: largest.channelIds,
    previewId: largest.previewId,
    splitIdx: largest.splitIdx,
    botPercent: largest.botPercent,
    agentIds: largest.agentIds,
  });

  if (specs.length > 0) {
    const json = JSON.stringify(specs);
    // orgs, then one owner + the agents each (users + memberships), then the channels and preview channels
    await db.execute(sql`
      INSERT INTO organizations (name, slug, plan, ai_agent_addon, bot_traffic_split_enabled, ai_agent_impact_report, ai_agent_impact_report_forecast,
        timezone, business_hours, holidays)
      SELECT s.name, s.slug, s.plan::plan, s.plan <> 'starter', s.split IS NOT NULL, s.plan <> 'starter', s.plan = 'enterprise', s.tz, s.hours, s.holidays
      FROM jsonb_to_recordset(${json}::jsonb) AS s(idx int, slug text, name text, plan text, tz text, hours jsonb, holidays jsonb, split int)
      ORDER BY s.idx`);
    await db.execute(sql`
      WITH s AS (SELECT s.idx, s.slug, s.agents, o.id AS org_id FROM jsonb_to_recordset(${json}::jsonb) AS s(idx int, slug text, agents int) JOIN organizations o ON o.slug = s.slug),
      u AS (
        INSERT INTO users (email, name, password_hash)
        SELECT CASE WHEN k = 0 THEN 'owner' ELSE 'agent' || k END || '@' || s.slug || '.tandem.test', CASE WHEN k = 0 THEN 'Owner ' ELSE 'Agent ' || k || ' ' END || s.slug, '!bench-no-login'
        FROM s CROSS JOIN LATERAL generate_series(0, s.agents) k
        RETURNING id, email
      )
      INSERT INTO memberships (org_id, user_id, role)
      SELECT s.org_id, u.id, (CASE WHEN u.email LIKE 'owner@%' THEN 'owner' ELSE 'agent' END)::member_role
      FROM u JOIN s ON split_part(u.email, '@', 2) = s.slug || '.tandem.test'`);
    const kinds = JSON.stringify(CHANNEL_KINDS.map((c, i) => ({ i, ...c })));
    await db.execute(sql`
      WITH s AS (
        SELECT s.*, o.id AS org_id FROM jsonb_to_recordset(${json}::jsonb) AS s(idx int, slug text, channels int, preview boolean, split int)
        JOIN organizations o ON o.slug = s.slug
      )
      INSERT INTO channel_integrations (org_id, name, type, webhook_secret_encrypted, traffic_split_enabled, bot_percent)
      SELECT s.org_id, k.name, k.type::channel_type, ${secret}, s.split IS NOT NULL AND k.i = s.channels - 1, CASE WHEN s.split IS NOT NULL AND k.i = s.channels - 1 THEN s.split ELSE 100 END
      FROM s JOIN jsonb_to_recordset(${kinds}::jsonb) AS k(i int, name text, type text) ON k.i < s.channels
      UNION ALL
      SELECT s.org_id, 'Agent preview (bench)', 'bot_preview'::channel_type, ${secret}, false, 100 FROM s WHERE s.preview`);
    const names = `{${CHANNEL_KINDS.map((c) => `"${c.name}"`).join(",")}}`;
    const rows = await executeRows<{ slug: string; org_id: string; channels: string[] | null; preview_id: string | null; agents: string[] | null }>(
      db,
      sql`
      SELECT o.slug, o.id AS org_id,
        (SELECT array_agg(ch.id ORDER BY array_position(${names}::text[], ch.name)) FROM channel_integrations ch WHERE ch.org_id = o.id AND ch.type <> 'bot_preview') AS channels,
        (SELECT ch.id FROM channel_integrations ch WHERE ch.org_id = o.id AND ch.type = 'bot_preview') AS preview_id,
        (SELECT array_agg(m.user_id ORDER BY u.email) FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = o.id AND m.role = 'agent') AS agents
      FROM organizations o WHERE o.slug LIKE 'bench-org-%'`,
    );
    const bySlug = new Map(rows.map((r) => [r.slug, r]));
    for (const s of specs) {
      const r = bySlug.get(s.slug);
      if (!r?.channels || !r.agents) throw new Error(`bench: org ${s.slug} was not written`);
      pushPlan(s.idx, {
        orgId: r.org_id,
        timezone: s.tz,
        today: localToday(s.tz, clock),
        days: s.days,
        channelIds: r.channels,
        previewId: r.preview_id,
        splitIdx: s.split === null ? -1 : s.channels - 1,
        botPercent: s.split,
        agentIds: r.agents,
      });
    }
  }
  let offset = 0;
  for (const p of plans) {
    p.offset = offset;
    offset += p.total;
  }
  return plans;
}

/**
 * The org's `bot_preview` channel, written directly (as `ensurePreviewChannel` would on the first preview; importing
 * lib/agent/preview.ts would load the whole answering engine).
 */
export async function createPreviewChannel(db: Db, orgId: string): Promise<string> {
  const [row] = await executeRows<{ id: string }>(
    db,
    sql`INSERT INTO channel_integrations (org_id, name, type, webhook_secret_encrypted) VALUES (${orgId}, 'Agent preview (bench)', 'bot_preview', ${seal(newWebhookSecret())}) RETURNING id`,
  );
  return row!.id;
}
