/**
 * The demo history simulator on a real database: small runs (2 months, 15 conversations a day) of a fresh org like
 * the demo one (Asia/Jakarta, Mon–Fri 08–17 and Sat 09–14, three channels, three agents), checked row by row and
 * through the impact datamart that reads them (`aggregateOrgRange`).
 */
import { and, eq, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { aiActivityDaily, channelIntegrations, conversations, memberships } from "@/db/schema";
import { deriveOutcome, outcomeFacts, type CloseRequest } from "@/lib/conversations/outcome";
import { aggregateOrgRange } from "@/lib/impact/aggregate-daily";
import { addDays, endOfLocalDay, startOfLocalDay } from "@/lib/time/local-day";
import { seedQuietOrg, testDb } from "@/test/db";
import { simulateHistory, type HistoryParams } from "./simulate-history";

let db: Db;
type Org = Awaited<ReturnType<typeof seedQuietOrg>>;
let org: Org;
let other: Org;
let first: Awaited<ReturnType<typeof simulateHistory>>;
let firstPrint: Fingerprint[];
let firstSums: Sums;

/** 12:00 WIB on Sunday 2025-06-15: history covers local days 2025-04-15 .. 2025-06-14. */
const NOW = new Date("2025-06-15T05:00:00Z");
const TZ = "Asia/Jakarta";
const PARAMS: Partial<HistoryParams> = { seed: 42, months: 2, dailyVolume: 15, rampDays: 10 };

type Fingerprint = {
  external_id: string; contact_id: string; channel_id: string; created_at: string; closed_at: string | null; status: string; closed_reason: string | null;
  ai_resolution: string | null; closed_via: string | null; ai_answered_at: string | null; agent: string | null; sentiment: number | null; message_count: number; preview: string; transcript: string;
};
/** Every simulated conversation of an org with its whole transcript (all but the generated uuids). */
async function fingerprint(orgId: string): Promise<Fingerprint[]> {
  return executeRows<Fingerprint>(
    db,
    sql`SELECT c.external_id, c.contact_id, c.channel_id::text, c.created_at::text, c.closed_at::text, c.status::text, c.closed_reason::text,
        c.ai_resolution::text, c.closed_via::text, c.ai_answered_at::text, c.assign_channel_agent_id::text AS agent, c.sentiment, c.message_count, c.first_message_preview AS preview,
        (SELECT string_agg(m.sender || '|' || coalesce(m.agent_action::text, '') || '|' || coalesce(m.confidence::text, '') || '|' || m.sent_at::text || '|' || m.content, E'\n' ORDER BY m.sent_at)
           FROM messages m WHERE m.conversation_id = c.id) AS transcript
      FROM conversations c WHERE c.org_id = ${orgId} ORDER BY c.external_id`,
  );
}

type Sums = {
  conversations: number; aiResolved: number; reopened: number; assisted: number; escalated: number; afterHours: number; turns: number;
  sentimentN: number; sentimentSum: number; escalatedSentimentN: number;
};
/** Rebuilds the org's datamart over local days `from..to` and sums it. */
async function datamart(orgId: string, from: string, to: string): Promise<Sums> {
  await aggregateOrgRange(db, { orgId, from, to });
  const [row] = await executeRows<Sums>(
    db,
    sql`SELECT coalesce(sum(conversations), 0)::int AS "conversations", coalesce(sum(ai_resolved), 0)::int AS "aiResolved",
        coalesce(sum(ai_resolved_reopened), 0)::int AS "reopened", coalesce(sum(ai_assisted), 0)::int AS "assisted",
        coalesce(sum(escalated), 0)::int AS "escalated", coalesce(sum(after_hours), 0)::int AS "afterHours",
        coalesce(sum(contained_turns), 0)::int AS "turns", coalesce(sum(contained_sentiment_n), 0)::int AS "sentimentN",
        round(coalesce(sum(contained_sentiment_sum), 0)::numeric, 2)::float8 AS "sentimentSum",
        coalesce(sum(escalated_sentiment_n), 0)::int AS "escalatedSentimentN"
      FROM ai_activity_daily WHERE org_id = ${orgId} AND day BETWEEN ${from}::date AND ${to}::date`,
  );
  return row!;
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await executeRows<{ n: number }>(db, query);
  return Number(row?.n ?? 0);
}

beforeAll(async () => {
  db = await testDb();
  org = await seedQuietOrg(db);
  other = await seedQuietOrg(db);
  first = await simulateHistory(db, { orgId: org.orgId, now: NOW, params: PARAMS });
  firstPrint = await fingerprint(org.orgId);
  firstSums = await datamart(org.orgId, first.from, first.to);
});

describe("simulateHistory: range, counts, determinism, idempotence", () => {
  it("covers local days [today − months, yesterday] and returns what it wrote", async () => {
    expect(first.from).toBe("2025-04-15");
    expect(first.to).toBe("2025-06-14");
    // ~61 days × 15 a day after a 10-day ramp, plus spam and preview chats
    expect(first.conversations).toBeGreaterThan(650);
    expect(first.conversations).toBeLessThan(1300);
    expect(first.conversations).toBe(firstPrint.length);
    expect(firstPrint.every((c) => /^sim-\d+$/.test(c.external_id))).toBe(true);
    expect(new Set(firstPrint.map((c) => c.external_id)).size).toBe(firstPrint.length);
    expect(first.messages).toBe(await count(sql`SELECT count(*)::int AS n FROM messages WHERE org_id = ${org.orgId}`));
    expect(first.messages).toBeGreaterThan(first.conversations * 2);
  });

  it("re-running with the same seed and clock replaces the rows with identical ones (no doubling)", async () => {
    const again = await simulateHistory(db, { orgId: org.orgId, now: NOW, params: PARAMS });
    expect(again).toEqual(first);
    expect(await count(sql`SELECT count(*)::int AS n FROM conversations WHERE org_id = ${org.orgId}`)).toBe(first.conversations);
    expect(await fingerprint(org.orgId)).toEqual(firstPrint);
    expect(await datamart(org.orgId, first.from, first.to)).toEqual(firstSums);
    // still exactly one preview channel
    expect(await count(sql`SELECT count(*)::int AS n FROM channel_integrations WHERE org_id = ${org.orgId} AND type = 'bot_preview'`)).toBe(1);
  });

  it("another seed gives another history", async () => {
    const third = await seedQuietOrg(db);
    await simulateHistory(db, { orgId: third.orgId, now: NOW, params: { ...PARAMS, seed: 43 } });
    const print = await fingerprint(third.orgId);
    expect(print.map((c) => c.created_at)).not.toEqual(firstPrint.map((c) => c.created_at));
  });

  it("writes nothing for other organizations", async () => {
    expect(await count(sql`SELECT count(*)::int AS n FROM conversations WHERE org_id = ${other.orgId}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM messages WHERE org_id = ${other.orgId}`)).toBe(0);
    expect(await db.select().from(aiActivityDaily).where(eq(aiActivityDaily.orgId, other.orgId))).toEqual([]);
    // and every simulated row sits on the org's own channels
    expect(
      await count(sql`SELECT count(*)::int AS n FROM conversations c JOIN channel_integrations ch ON ch.id = c.channel_id
        WHERE c.org_id = ${org.orgId} AND ch.org_id <> c.org_id`),
    ).toBe(0);
  });

  it("rejects invalid parameters and an org without agents", async () => {
    await expect(simulateHistory(db, { orgId: other.orgId, now: NOW, params: { months: 0 } })).rejects.toThrow();
    await expect(simulateHistory(db, { orgId: other.orgId, now: NOW, params: { hourlyWeights: [1, 2, 3] } })).rejects.toThrow();
    await expect(simulateHistory(db, { orgId: other.orgId, now: NOW, params: { customerMessagesOther: { min: 4, max: 2 } } })).rejects.toThrow();
    const lonely = await seedQuietOrg(db);
    await db.update(memberships).set({ status: "deactivated", deactivatedAt: NOW }).where(and(eq(memberships.orgId, lonely.orgId), eq(memberships.role, "agent")));
    await expect(simulateHistory(db, { orgId: lonely.orgId, now: NOW, params: PARAMS })).rejects.toThrow(/no active agent/);
    expect(await count(sql`SELECT count(*)::int AS n FROM conversations WHERE org_id = ${lonely.orgId}`)).toBe(0);
  });
});

describe("simulateHistory: rows consistent with the app's model", () => {
  it("dates every conversation inside the range and nothing after now", async () => {
    const start = startOfLocalDay(first.from, TZ).getTime();
    const end = endOfLocalDay(first.to, TZ).getTime();
    for (const c of firstPrint) {
      const created = new Date(c.created_at).getTime();
      expect(created).toBeGreaterThanOrEqual(start);
      expect(created).toBeLessThan(end);
      if (c.closed_at) {
        expect(new Date(c.closed_at).getTime()).toBeGreaterThanOrEqual(created);
        expect(new Date(c.closed_at).getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
    }
    // every local day of the range has conversations, none outside it
    const days = await executeRows<{ day: string }>(
      db,
      sql`SELECT DISTINCT to_char(created_at AT TIME ZONE ${TZ}, 'YYYY-MM-DD') AS day FROM conversations WHERE org_id = ${org.orgId} ORDER BY 1`,
    );
    const expected: string[] = [];
    for (let d = first.from; d <= first.to; d = addDays(d, 1)) expected.push(d);
    expect(days.map((d) => d.day)).toEqual(expected);
    expect(
      await count(sql`SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.org_id = ${org.orgId} AND (m.sent_at < c.created_at OR m.sent_at > ${NOW.toISOString()}::timestamptz)`),
    ).toBe(0);
  });

  it("keeps status, closed_reason, close time, AI resolution, agent and split columns consistent", async () => {
    const rows = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.orgId, org.orgId), like(conversations.externalId, "sim-%")));
    const agentIds = new Set(
      (await executeRows<{ id: string }>(db, sql`SELECT user_id AS id FROM memberships WHERE org_id = ${org.orgId} AND role = 'agent' AND status = 'active'`)).map((r) => r.id),
    );
    expect(agentIds.size).toBe(3);
    const reasons = new Set<string>();
    for (const c of rows) {
      // never ASSIGNED / WAITING: simulated rows must not take live agents' capacity or sit in the human queue
      expect(["OPEN", "RESOLVED"]).toContain(c.status);
      expect(c.status === "RESOLVED").toBe(c.closedReason !== null);
      expect(c.closedAt !== null).toBe(c.closedReason !== null);
      expect(c.closedVia !== null).toBe(c.status === "RESOLVED");
      expect(c.aiResolution !== null).toBe(c.closedReason === "RESOLVE_AI");
      expect([null, "customer_confirmed"]).toContain(c.aiResolution);
      expect(c.variant).toBeNull();
      expect(c.botPercent).toBeNull();
      if (c.closedReason === "RESOLVE_AI") expect(c.assignChannelAgentId).toBeNull();
      if (c.assignChannelAgentId) {
        expect(agentIds.has(c.assignChannelAgentId)).toBe(true);
        expect(c.assignedAt!.getTime()).toBeGreaterThan(c.createdAt.getTime());
        expect(c.closedAt!.getTime()).toBeGreaterThan(c.assignedAt!.getTime());
      } else {
        expect(c.assignedAt).toBeNull();
      }
      if (c.sentiment !== null) expect(Math.abs(c.sentiment)).toBeLessThanOrEqual(1);
      if (c.closedReason) reasons.add(c.closedReason);
    }
    expect([...reasons].sort()).toEqual(["ASSIGN_AGENT", "ASSIGN_AGENT_AI", "RESOLVE", "RESOLVE_AI", "SPAM", "WAITING_ASSIGN_AGENT"]);
    expect(rows.some((c) => c.status === "OPEN")).toBe(true);
  });

  it("keeps message_count, last_message_at and first_message_preview true to the messages, sent_at strictly increasing", async () => {
    const bad = await count(sql`
      SELECT count(*)::int AS n FROM conversations c
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS k, max(sent_at) AS last, min(sent_at) AS first_at,
          (array_agg(content ORDER BY sent_at))[1] AS first_content, (array_agg(sender ORDER BY sent_at))[1] AS first_sender,
          count(DISTINCT sent_at)::int AS distinct_times
        FROM messages m WHERE m.conversation_id = c.id
      ) m
      WHERE c.org_id = ${org.orgId} AND (m.k <> c.message_count OR m.last <> c.last_message_at OR m.first_at <> c.created_at
        OR m.first_sender <> 'customer' OR m.first_content <> c.first_message_preview OR m.distinct_times <> m.k)`);
    expect(bad).toBe(0);
    // bot turns carry an action and a confidence 0..1; agent turns only where an agent is attached; one reply per customer message
    expect(
      await count(sql`SELECT count(*)::int AS n FROM messages WHERE org_id = ${org.orgId} AND sender = 'bot'
        AND (agent_action IS NULL OR confidence IS NULL OR confidence < 0 OR confidence > 1)`),
    ).toBe(0);
    expect(
      await count(sql`SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.org_id = ${org.orgId} AND m.sender = 'agent' AND c.assign_channel_agent_id IS NULL`),
    ).toBe(0);
    expect(
      await count(sql`SELECT count(*)::int AS n FROM messages b JOIN messages q ON q.id = b.reply_to_message_id
        WHERE b.org_id = ${org.orgId} AND (q.sender <> 'customer' OR q.conversation_id <> b.conversation_id OR q.sent_at >= b.sent_at)`),
    ).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM messages WHERE org_id = ${org.orgId} AND content ILIKE '%lorem%'`)).toBe(0);
  });
});

/** What the close asked for, read back from a row: the idle job, the customer's confirmation, a spam mark, or an agent's bare close. */
function requestOf(closedVia: string): CloseRequest {
  if (closedVia === "silence" || closedVia === "customer_confirmed") return { via: closedVia };
  return { via: "agent", closedReason: closedVia === "spam" ? "SPAM" : "RESOLVE" };
}

describe("simulateHistory: outcomes from what happened, through the live outcome rules", () => {
  type Row = typeof conversations.$inferSelect;
  let rows: Row[];
  type Msg = { conversation_id: string; sender: string; agent_action: string | null; sent_at: Date };
  let byConversation: Map<string, Msg[]>;
  beforeAll(async () => {
    rows = await db.select().from(conversations).where(eq(conversations.orgId, org.orgId));
    const msgs = await executeRows<Msg & { sent_at: string }>(
      db,
      sql`SELECT conversation_id, sender::text, agent_action::text, sent_at::text FROM messages WHERE org_id = ${org.orgId} ORDER BY sent_at`,
    );
    byConversation = new Map();
    for (const m of msgs) {
      const list = byConversation.get(m.conversation_id) ?? [];
      list.push({ ...m, sent_at: new Date(m.sent_at) });
      byConversation.set(m.conversation_id, list);
    }
  });

  it("every closed_reason, closed_via and ai_resolution equals deriveOutcome of the row's own facts", () => {
    const closed = rows.filter((c) => c.status === "RESOLVED");
    expect(closed.length).toBeGreaterThan(500);
    for (const c of closed) {
      const facts = outcomeFacts(c);
      expect({ closedReason: c.closedReason, closedVia: c.closedVia, aiResolution: c.aiResolution }).toEqual(deriveOutcome(requestOf(c.closedVia!), facts));
      // an agent's close of a conversation a human attached to or was handed: the helpdesk's reason makes no difference
      if (c.closedVia === "agent" && (facts.humanAttached || facts.handedOver)) {
        for (const closedReason of ["RESOLVE", "RESOLVE_AI", "ASSIGN_AGENT", "ASSIGN_AGENT_AI", "WAITING_ASSIGN_AGENT"] as const) {
          expect(deriveOutcome({ via: "agent", closedReason }, facts).closedReason).toBe(c.closedReason);
        }
      }
    }
    // every way of closing happens, and every closed_reason comes out of them
    expect(new Set(closed.map((c) => c.closedVia))).toEqual(new Set(["customer_confirmed", "silence", "agent", "spam"]));
    expect(closed.some((c) => c.closedVia === "agent" && c.closedReason === "RESOLVE" && !c.assignChannelAgentId && !c.handoverAt)).toBe(true);
  });

  it("silence is never an AI win: bare RESOLVE, no human, 30 min after the bot's last answer", () => {
    expect(rows.filter((c) => c.closedReason === "RESOLVE_AI" && c.closedVia !== "customer_confirmed")).toEqual([]);
    const silent = rows.filter((c) => c.closedVia === "silence");
    expect(silent.length).toBeGreaterThan(50);
    for (const c of silent) {
      expect(c.closedReason).toBe("RESOLVE");
      expect(c.aiResolution).toBeNull();
      expect(c.assignChannelAgentId).toBeNull();
      expect(c.handoverAt).toBeNull();
      const last = byConversation.get(c.id)!.at(-1)!;
      expect([last.sender, last.agent_action]).toEqual(["bot", "answer"]);
      // the idle window (30 min), unless squeezed before `now` on the last day
      if (c.closedAt!.getTime() < NOW.getTime()) expect(c.closedAt!.getTime() - last.sent_at.getTime()).toBe(30 * 60_000);
    }
    // a confirmation closes at the bot's `resolve` reply to the customer
    for (const c of rows.filter((r) => r.closedVia === "customer_confirmed")) {
      const list = byConversation.get(c.id)!;
      expect([list.at(-1)!.sender, list.at(-1)!.agent_action, list.at(-2)!.sender]).toEqual(["bot", "resolve", "customer"]);
      expect(c.closedAt!.getTime()).toBe(list.at(-1)!.sent_at.getTime());
    }
  });

  it("sets ai_answered_at exactly where a bot answer exists: the first one's time", () => {
    let answered = 0;
    for (const c of rows) {
      const first = byConversation.get(c.id)!.find((m) => m.sender === "bot" && m.agent_action === "answer");
      expect(c.aiAnsweredAt?.getTime() ?? null).toBe(first?.sent_at.getTime() ?? null);
      if (first) answered += 1;
    }
    expect(answered).toBeGreaterThan(rows.length / 2);
    expect(answered).toBeLessThan(rows.length);
  });

  it("the datamart counts the silence closes as no confirmed outcome, and the four segments sum to the conversations", async () => {
    const [row] = await executeRows<{ c: number; alone: number; assisted: number; escalated: number; open: number; silence: number; unattended: number; reopened: number }>(
      db,
      sql`SELECT sum(conversations)::int AS c, sum(ai_resolved - ai_resolved_reopened)::int AS alone, sum(ai_assisted)::int AS assisted,
          sum(escalated)::int AS escalated, sum(open_with_ai)::int AS open, sum(closed_after_silence)::int AS silence,
          sum(closed_unattended)::int AS unattended, sum(ai_resolved_reopened)::int AS reopened
        FROM ai_activity_daily WHERE org_id = ${org.orgId}`,
    );
    const r = row!;
    expect(r.alone + r.assisted + r.escalated + r.open + r.silence + r.unattended + r.reopened).toBe(r.c);
    expect(r.silence).toBe(
      await count(sql`SELECT count(*)::int AS n FROM conversations c JOIN channel_integrations ch ON ch.id = c.channel_id
        WHERE c.org_id = ${org.orgId} AND ch.type <> 'bot_preview' AND c.closed_via = 'silence'`),
    );
    expect(r.silence).toBeGreaterThan(0);
    expect(r.open).toBeGreaterThan(0);
    expect(r.unattended).toBeGreaterThan(0);
    // an honest but healthy AI: net containment over the history between 15 % and 55 %
    expect(r.alone / r.c).toBeGreaterThan(0.15);
    expect(r.alone / r.c).toBeLessThan(0.55);
  });
});

describe("simulateHistory: what the impact datamart sees", () => {
  it("counts every eligible conversation and leaves out spam and bot_preview chats", async () => {
    const spam = await count(sql`SELECT count(*)::int AS n FROM conversations WHERE org_id = ${org.orgId} AND closed_reason = 'SPAM'`);
    const [preview] = await db
      .select({ id: channelIntegrations.id })
      .from(channelIntegrations)
      .where(and(eq(channelIntegrations.orgId, org.orgId), eq(channelIntegrations.type, "bot_preview")));
    const previews = await count(sql`SELECT count(*)::int AS n FROM conversations WHERE channel_id = ${preview!.id}`);
    const previewAi = await count(sql`SELECT count(*)::int AS n FROM conversations WHERE channel_id = ${preview!.id} AND closed_reason = 'RESOLVE_AI'`);
    expect(spam).toBeGreaterThan(0);
    expect(previews).toBeGreaterThan(0);
    expect(previewAi).toBeGreaterThan(0);
    expect(firstSums.conversations).toBe(first.conversations - spam - previews);
    expect(await db.select().from(aiActivityDaily).where(eq(aiActivityDaily.channelId, preview!.id))).toEqual([]);
    // the AI-resolved count is exactly the eligible RESOLVE_AI rows without a human
    expect(firstSums.aiResolved).toBe(
      await count(sql`SELECT count(*)::int AS n FROM conversations c JOIN channel_integrations ch ON ch.id = c.channel_id
        WHERE c.org_id = ${org.orgId} AND ch.type <> 'bot_preview' AND c.closed_reason = 'RESOLVE_AI' AND c.assign_channel_agent_id IS NULL`),
    );
    expect(firstSums.assisted).toBeGreaterThan(0);
    expect(firstSums.escalated).toBeGreaterThan(0);
    // traffic peaks at 19–21 and on Sundays fall outside the demo org's hours
    expect(firstSums.afterHours / firstSums.conversations).toBeGreaterThan(0.3);
    expect(firstSums.afterHours / firstSums.conversations).toBeLessThan(0.7);
  });

  it("shows the AI-resolved share improving: the last month above the first", async () => {
    const share = async (from: string, to: string) => {
      const [row] = await executeRows<{ c: number; ai: number }>(
        db,
        sql`SELECT sum(conversations)::int AS c, sum(ai_resolved)::int AS ai FROM ai_activity_daily
          WHERE org_id = ${org.orgId} AND day BETWEEN ${from}::date AND ${to}::date`,
      );
      expect(row!.c).toBeGreaterThan(100);
      return row!.ai / row!.c;
    };
    const early = await share(first.from, addDays(first.from, 29));
    const late = await share(addDays(first.to, -29), first.to);
    expect(early).toBeGreaterThan(0.2);
    expect(late).toBeLessThan(0.65);
    expect(late - early).toBeGreaterThan(0.05);
  });

  it("produces reopens within 48 h (some on another channel) and later follow-ups that are not reopens", async () => {
    expect(firstSums.reopened).toBeGreaterThan(0);
    expect(firstSums.reopened / firstSums.aiResolved).toBeLessThan(0.25);
    const pairs = await executeRows<{ gap_h: number; same_channel: boolean }>(
      db,
      sql`SELECT extract(epoch FROM (n.created_at - c.closed_at)) / 3600 AS gap_h, n.channel_id = c.channel_id AS same_channel
        FROM conversations c JOIN conversations n ON n.org_id = c.org_id AND n.contact_id = c.contact_id AND n.id <> c.id AND n.created_at > c.closed_at
        WHERE c.org_id = ${org.orgId} AND c.contact_id LIKE 'sim-contact-%' AND c.closed_reason = 'RESOLVE_AI'
          AND NOT EXISTS (SELECT 1 FROM conversations b WHERE b.org_id = c.org_id AND b.contact_id = c.contact_id
            AND b.created_at > c.closed_at AND b.created_at < n.created_at)`,
    );
    const reopens = pairs.filter((p) => p.gap_h <= 48);
    expect(reopens.length).toBe(firstSums.reopened);
    expect(reopens.some((p) => !p.same_channel)).toBe(true);
    expect(pairs.some((p) => p.gap_h > 48)).toBe(true);
    // contacts come back: fewer distinct contacts than conversations
    const [contacts] = await executeRows<{ contacts: number; convs: number }>(
      db,
      sql`SELECT count(DISTINCT contact_id)::int AS contacts, count(*)::int AS convs FROM conversations WHERE org_id = ${org.orgId} AND contact_id LIKE 'sim-contact-%'`,
    );
    expect(contacts!.contacts).toBeLessThan(contacts!.convs);
  });

  it("scores sentiment on part of the contained conversations (partial coverage), happier than escalations", async () => {
    const contained = firstSums.aiResolved - firstSums.reopened;
    expect(firstSums.sentimentN).toBeGreaterThan(0);
    expect(firstSums.sentimentN).toBeLessThan(contained);
    expect(firstSums.sentimentN / contained).toBeGreaterThan(0.4);
    expect(firstSums.sentimentN / contained).toBeLessThan(0.8);
    expect(firstSums.sentimentSum / firstSums.sentimentN).toBeGreaterThan(0.2);
    expect(firstSums.escalatedSentimentN).toBeGreaterThan(0);
    // AI-resolved conversations take fewer customer turns than the others
    const [turns] = await executeRows<{ ai: number; human: number }>(
      db,
      sql`SELECT avg(k) FILTER (WHERE closed_reason = 'RESOLVE_AI')::float8 AS ai, avg(k) FILTER (WHERE assign_channel_agent_id IS NOT NULL)::float8 AS human
        FROM (SELECT c.closed_reason, c.assign_channel_agent_id, (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.sender = 'customer') AS k
          FROM conversations c WHERE c.org_id = ${org.orgId} AND c.contact_id LIKE 'sim-contact-%') t`,
    );
    expect(turns!.ai).toBeLessThan(turns!.human);
    expect(firstSums.turns).toBeGreaterThan(contained);
  });
});
