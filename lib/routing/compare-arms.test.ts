/**
 * Bot-vs-human comparison per arm (000_… BTS-S04, §11; issue 15 item 2). Conversations arrive the way live traffic
 * does — signed customer messages through the incoming-message webhook (the split decides their arm), helpdesk events
 * through the conversation-events webhook (assignments, agent replies, closes, reopens, SPAM, CSAT) and the idle job —
 * so every stored outcome is derived by the outcome rules (lib/conversations/outcome.ts), never written as a final
 * `closed_reason`. Every figure is checked against values computed in the test from the scenario.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as conversationEventsRoute } from "@/app/api/webhooks/conversation-events/route";
import { POST as incomingMessageRoute } from "@/app/api/webhooks/incoming-message/route";
import type { Db } from "@/db/client";
import { conversations, organizations } from "@/db/schema";
import { resolveIdleConversations } from "@/lib/agent/resolve-idle";
import { signWebhook } from "@/lib/ingest/sign";
import type { Membership } from "@/lib/auth/sessions";
import { seedQuietOrg, testDb } from "@/test/db";
import { serve } from "@/test/http";
import { signInAs } from "@/test/members";
import {
  compareArms, localDates, MIN_FIDELITY_DAY_CONVERSATIONS, MIN_VERDICT_CONVERSATIONS, parityVerdict, routingFidelity, TARGETS, type ArmStats,
} from "./compare-arms";
import { saveTrafficSplit } from "./traffic-split-config";

let db: Db;
let server: Awaited<ReturnType<typeof serve>>;
type Org = Awaited<ReturnType<typeof seedQuietOrg>>;

const EVENTS = "/api/webhooks/conversation-events";
const INCOMING = "/api/webhooks/incoming-message";

beforeAll(async () => {
  db = await testDb();
  server = await serve((request) => (new URL(request.url).pathname === EVENTS ? conversationEventsRoute(request) : incomingMessageRoute(request)));
});
afterAll(() => server.close());

/** Answered confidently from the seeded knowledge base (a grounded answer the customer can confirm). */
const ANSWERABLE = "just wanted to check on the status of a refund";
/** Nothing in the knowledge base matches: the engine hands over. */
const OFF_TOPIC = "@TeamYouTube my channel got suspended for a year, please restore it";
const ASKS_FOR_HUMAN = "I want to talk to a human";

/** Local dates 2026-03-01..2026-03-03 in Asia/Jakarta (UTC+7) as instants. */
const TZ = "Asia/Jakarta";
const RANGE = { from: "2026-03-01", to: "2026-03-03", start: new Date("2026-02-28T17:00:00Z"), end: new Date("2026-03-03T17:00:00Z"), timezone: TZ };
/** 2026-03-02 10:00 in Jakarta. */
const BASE = new Date("2026-03-02T03:00:00Z");
const T = (minutes: number, base = BASE) => new Date(base.getTime() + minutes * 60_000);

/** A fresh org: split off everywhere, everyone offline, no business hours (the bot is never "after hours"). */
async function freshOrg(): Promise<{ org: Org; admin: Membership }> {
  const org = await seedQuietOrg(db);
  await db.update(organizations).set({ businessHours: [] }).where(eq(organizations.id, org.orgId));
  return { org, admin: await signInAs(db, org, "admin") };
}

/** Saves the channel's split as an admin would (the config's public path). */
async function setSplit({ org, admin }: { org: Org; admin: Membership }, botPercent: number, channel = 0) {
  await saveTrafficSplit(db, { actor: admin, channelId: org.channels[channel]!.id, input: { enabled: true, botPercent } });
}

type Conv = { externalId: string; id: string; variant: "bot" | "human" | null };

/** Plays one channel's traffic through the signed webhooks. */
function player(org: Org, channel = 0) {
  const ch = org.channels[channel]!;
  const send = async (path: string, body: Record<string, unknown>) => {
    const raw = JSON.stringify({ channel_id: ch.id, ...body });
    const res = await fetch(`${server.url}${path}`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(ch.secret, raw) } });
    const json = (await res.json()) as Record<string, unknown>;
    expect(res.status, JSON.stringify(json)).toBe(200);
    return json;
  };
  const agentEmail = `agent@${org.emailDomain}`;
  return {
    async open(text: string, at: Date): Promise<Conv> {
      const externalId = `conv-${randomUUID()}`;
      const body = await send(INCOMING, { conversation_id: externalId, message_id: `m-${randomUUID()}`, contact: { id: `wa:62${Math.floor(Math.random() * 1e9)}` }, text, sent_at: at.toISOString() });
      return { externalId, id: body.conversation_id as string, variant: body.variant as Conv["variant"] };
    },
    write: (c: Conv, text: string, at: Date) =>
      send(INCOMING, { conversation_id: c.externalId, message_id: `m-${randomUUID()}`, contact: { id: "wa:62811" }, text, sent_at: at.toISOString() }),
    assign: (c: Conv, at: Date) => send(EVENTS, { type: "conversation.assigned", conversation_id: c.externalId, agent_email: agentEmail, occurred_at: at.toISOString() }),
    agentReplies: (c: Conv, at: Date) =>
      send(EVENTS, { type: "message.agent_replied", conversation_id: c.externalId, message_id: `a-${randomUUID()}`, text: "Let me check that for you.", agent_email: agentEmail, occurred_at: at.toISOString() }),
    close: (c: Conv, closedReason: string, at: Date) => send(EVENTS, { type: "conversation.resolved", conversation_id: c.externalId, closed_reason: closedReason, occurred_at: at.toISOString() }),
    reopen: (c: Conv, at: Date) => send(EVENTS, { type: "conversation.reopened", conversation_id: c.externalId, occurred_at: at.toISOString() }),
    csat: (c: Conv, score: number, at: Date) => send(EVENTS, { type: "conversation.csat", conversation_id: c.externalId, score, occurred_at: at.toISOString() }),
  };
}

/** What the scenario says happened to a conversation, for the expected figures. */
type Expected = { arm: "bot" | "human"; outcome: "bot" | "human" | "none" | "spam"; handedOver: boolean; csat: number | null };

/** The comparison's arm figures computed from the scenario's own expectations (outcome-spec.md). */
function expectedArm(list: Expected[], arm: "bot" | "human") {
  const mine = list.filter((e) => e.arm === arm && e.outcome !== "spam");
  const byBot = mine.filter((e) => e.outcome === "bot").length;
  const byHuman = mine.filter((e) => e.outcome === "human").length;
  const resolved = arm === "bot" ? byBot : byHuman + byBot;
  const scores = mine.flatMap((e) => (e.csat === null ? [] : [e.csat]));
  return {
    conversations: mine.length, resolvedByBot: byBot, resolvedByHuman: byHuman, resolved,
    resolutionRate: resolved / mine.length, handovers: mine.filter((e) => e.handedOver).length,
    csatCount: scores.length, csatAverage: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
  };
}

async function stored(id: string) {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  return row!;
}

describe("compareArms on live traffic (signed webhooks, helpdesk events, idle job)", () => {
  it("splits the bot arm's resolutions into the bot's own and humans' after hand-over; parity uses the bot's own", async () => {
    const o = await freshOrg();
    const p = player(o.org);
    const scenario: Expected[] = [];
    const expectArm = (c: Conv, arm: "bot" | "human") => expect(c.variant).toBe(arm);

    await setSplit(o, 100);
    // B3: answered, then the customer went silent; the idle job closes it: RESOLVE via silence — never an AI win
    const b3 = await p.open(ANSWERABLE, T(0));
    expectArm(b3, "bot");
    expect(await resolveIdleConversations(db, { now: T(45), orgId: o.org.orgId })).toEqual([b3.id]);
    scenario.push({ arm: "bot", outcome: "none", handedOver: false, csat: null });
    // B1: the customer confirms the answer: RESOLVE_AI (customer_confirmed), rated 5
    const b1 = await p.open(ANSWERABLE, T(60));
    await p.write(b1, "thanks!", T(61));
    await p.csat(b1, 5, T(62));
    scenario.push({ arm: "bot", outcome: "bot", handedOver: false, csat: 5 });
    // B2: answered; the helpdesk closes it as an AI resolution with nobody attached: RESOLVE_AI (by the bot)
    const b2 = await p.open(ANSWERABLE, T(70));
    await p.close(b2, "RESOLVE_AI", T(80));
    scenario.push({ arm: "bot", outcome: "bot", handedOver: false, csat: null });
    // B4: handed over at once, an agent takes it and closes it: ASSIGN_AGENT (a human after hand-over), rated 3
    const b4 = await p.open(OFF_TOPIC, T(90));
    await p.assign(b4, T(95));
    await p.close(b4, "RESOLVE", T(100));
    await p.csat(b4, 3, T(101));
    scenario.push({ arm: "bot", outcome: "human", handedOver: true, csat: 3 });
    // B5: answered, the customer asks for a person, an agent replies and closes: ASSIGN_AGENT_AI (a human)
    const b5 = await p.open(ANSWERABLE, T(110));
    await p.write(b5, ASKS_FOR_HUMAN, T(111));
    await p.agentReplies(b5, T(115));
    await p.close(b5, "RESOLVE", T(120));
    scenario.push({ arm: "bot", outcome: "human", handedOver: true, csat: null });
    // B6: handed over, closed while still waiting for an agent: WAITING_ASSIGN_AGENT — not resolved
    const b6 = await p.open(OFF_TOPIC, T(130));
    await p.close(b6, "RESOLVE", T(140));
    scenario.push({ arm: "bot", outcome: "none", handedOver: true, csat: null });
    // B7: a confirmed AI resolution the helpdesk later marks as spam: left out of both arms
    const b7 = await p.open(ANSWERABLE, T(150));
    await p.write(b7, "thanks!", T(151));
    await p.close(b7, "SPAM", T(160));
    scenario.push({ arm: "bot", outcome: "spam", handedOver: false, csat: null });
    // B8: a confirmed AI resolution the helpdesk reopens: open again — not resolved
    const b8 = await p.open(ANSWERABLE, T(170));
    await p.write(b8, "thanks!", T(171));
    await p.reopen(b8, T(180));
    scenario.push({ arm: "bot", outcome: "none", handedOver: false, csat: null });
    // B9: answered, still open
    const b9 = await p.open(ANSWERABLE, T(190));
    scenario.push({ arm: "bot", outcome: "none", handedOver: false, csat: null });
    for (const c of [b1, b2, b4, b5, b6, b7, b8, b9]) expectArm(c, "bot");

    await setSplit(o, 0);
    // H3: nobody ever took it; the helpdesk closes it: WAITING_ASSIGN_AGENT — not resolved
    const h3 = await p.open(ANSWERABLE, T(200));
    await p.close(h3, "RESOLVE", T(205));
    scenario.push({ arm: "human", outcome: "none", handedOver: false, csat: null });
    // H1: an agent takes it and closes it: ASSIGN_AGENT, rated 4
    const h1 = await p.open(ANSWERABLE, T(210));
    await p.assign(h1, T(211));
    await p.close(h1, "RESOLVE", T(215));
    await p.csat(h1, 4, T(216));
    scenario.push({ arm: "human", outcome: "human", handedOver: false, csat: 4 });
    // H2: the helpdesk calls the agent's close an AI resolution; the agent was attached: ASSIGN_AGENT, rated 5
    const h2 = await p.open(ANSWERABLE, T(220));
    await p.assign(h2, T(221));
    await p.close(h2, "RESOLVE_AI", T(225));
    await p.csat(h2, 5, T(226));
    scenario.push({ arm: "human", outcome: "human", handedOver: false, csat: 5 });
    // H4: with an agent, still open
    const h4 = await p.open(ANSWERABLE, T(230));
    await p.assign(h4, T(231));
    scenario.push({ arm: "human", outcome: "none", handedOver: false, csat: null });
    // H5: spam, rated 1: left out
    const h5 = await p.open(ANSWERABLE, T(240));
    await p.assign(h5, T(241));
    await p.close(h5, "SPAM", T(245));
    await p.csat(h5, 1, T(246));
    scenario.push({ arm: "human", outcome: "spam", handedOver: false, csat: 1 });
    // H6: closed, reopened, closed again by its agent: resolved once
    const h6 = await p.open(ANSWERABLE, T(250));
    await p.assign(h6, T(251));
    await p.close(h6, "RESOLVE", T(255));
    await p.reopen(h6, T(260));
    await p.close(h6, "RESOLVE", T(270));
    scenario.push({ arm: "human", outcome: "human", handedOver: false, csat: null });
    for (const c of [h1, h2, h3, h4, h5, h6]) expectArm(c, "human");

    // the outcome rules did the classifying (a few spot checks of what was stored)
    expect(await stored(b3.id)).toMatchObject({ closedReason: "RESOLVE", closedVia: "silence" });
    expect(await stored(b1.id)).toMatchObject({ closedReason: "RESOLVE_AI", closedVia: "customer_confirmed", assignChannelAgentId: null });
    expect(await stored(b4.id)).toMatchObject({ closedReason: "ASSIGN_AGENT", closedVia: "agent" });
    expect(await stored(b5.id)).toMatchObject({ closedReason: "ASSIGN_AGENT_AI", closedVia: "agent" });
    expect(await stored(b6.id)).toMatchObject({ closedReason: "WAITING_ASSIGN_AGENT" });
    expect(await stored(h2.id)).toMatchObject({ closedReason: "ASSIGN_AGENT" });
    expect(await stored(h3.id)).toMatchObject({ closedReason: "WAITING_ASSIGN_AGENT" });

    const result = await compareArms(db, { orgId: o.org.orgId, channelId: o.org.channels[0]!.id, ...RANGE });
    const bot = expectedArm(scenario, "bot");
    const human = expectedArm(scenario, "human");
    expect(bot).toMatchObject({ conversations: 8, resolvedByBot: 2, resolvedByHuman: 2, handovers: 3 }); // the scenario, read plainly
    expect(human).toMatchObject({ conversations: 5, resolved: 3 });

    expect(result.bot).toMatchObject({
      conversations: bot.conversations, resolvedByBot: bot.resolvedByBot, resolvedByHuman: bot.resolvedByHuman, resolved: bot.resolved,
      handovers: bot.handovers, csatCount: bot.csatCount,
    });
    expect(result.bot.resolutionRate).toBeCloseTo(bot.resolutionRate, 12);
    expect(result.bot.resolvedByHumanRate).toBeCloseTo(bot.resolvedByHuman / bot.conversations, 12);
    expect(result.bot.handoverRate).toBeCloseTo(bot.handovers / bot.conversations, 12);
    expect(result.bot.csatAverage).toBeCloseTo(bot.csatAverage!, 12);
    expect(result.human).toMatchObject({
      conversations: human.conversations, resolvedByBot: 0, resolvedByHuman: human.resolvedByHuman, resolved: human.resolved, handovers: 0, csatCount: human.csatCount,
    });
    expect(result.human.resolutionRate).toBeCloseTo(human.resolutionRate, 12);
    expect(result.human.csatAverage).toBeCloseTo(human.csatAverage!, 12);
    expect(result.total).toBe(bot.conversations + human.conversations);
    // parity on the bot's own resolutions (2 of 8), not on everything resolved on the bot arm (4 of 8)
    expect(result.parity).toBeCloseTo(bot.resolutionRate / human.resolutionRate, 12);
    expect(result.csatDelta).toBeCloseTo(bot.csatAverage! - human.csatAverage!, 12);
    expect(result.verdict).toBe("too_few"); // 8 and 5 conversations: no verdict either way
  });

  it("humans resolving the bot arm's chats never make the verdict 'good enough' (issue 15: parity 101 % ✓ beside 100 % handover)", async () => {
    const o = await freshOrg();
    const p = player(o.org);
    await setSplit(o, 100);
    // every bot-arm conversation is handed over and resolved by an agent
    for (let i = 0; i < MIN_VERDICT_CONVERSATIONS; i++) {
      const c = await p.open(OFF_TOPIC, T(i * 10));
      await p.assign(c, T(i * 10 + 2));
      await p.close(c, "RESOLVE", T(i * 10 + 5));
    }
    await setSplit(o, 0);
    // the human arm resolves 9 of 10
    for (let i = 0; i < MIN_VERDICT_CONVERSATIONS; i++) {
      const c = await p.open(ANSWERABLE, T(200 + i * 10));
      await p.assign(c, T(200 + i * 10 + 2));
      if (i > 0) await p.close(c, "RESOLVE", T(200 + i * 10 + 5));
    }
    const result = await compareArms(db, { orgId: o.org.orgId, ...RANGE });
    expect(result.bot).toMatchObject({ conversations: 10, resolvedByBot: 0, resolvedByHuman: 10, resolved: 0, resolutionRate: 0, handovers: 10, handoverRate: 1 });
    expect(result.human).toMatchObject({ conversations: 10, resolved: 9 });
    expect(result.parity).toBe(0);
    expect(result.verdict).toBe("below_target");
  });

  it("parity ≥ 90 % is 'good enough' only when the bot, not the humans after hand-over, resolved most of its arm", async () => {
    /** bot arm: `own` confirmed by the customer, `rescued` handed over and closed by an agent; human arm: `humanResolved` of 10. */
    const play = async (own: number, rescued: number, humanResolved: number) => {
      const o = await freshOrg();
      const p = player(o.org);
      await setSplit(o, 100);
      let t = 0;
      for (let i = 0; i < own; i++, t += 10) {
        const c = await p.open(ANSWERABLE, T(t));
        await p.write(c, "thanks!", T(t + 1));
      }
      for (let i = 0; i < rescued; i++, t += 10) {
        const c = await p.open(OFF_TOPIC, T(t));
        await p.assign(c, T(t + 2));
        await p.close(c, "RESOLVE", T(t + 5));
      }
      await setSplit(o, 0);
      for (let i = 0; i < 10; i++, t += 10) {
        const c = await p.open(ANSWERABLE, T(t));
        await p.assign(c, T(t + 2));
        if (i < humanResolved) await p.close(c, "RESOLVE", T(t + 5));
      }
      return compareArms(db, { orgId: o.org.orgId, ...RANGE });
    };

    const good = await play(8, 2, 8);
    expect(good.bot).toMatchObject({ conversations: 10, resolvedByBot: 8, resolvedByHuman: 2 });
    expect(good.parity).toBeCloseTo(1, 12);
    expect(good.verdict).toBe("good_enough");

    // parity 100 % again (4 of 10 on both arms), but humans resolved 6 of the bot arm's chats to the bot's 4
    const carried = await play(4, 6, 4);
    expect(carried.bot).toMatchObject({ conversations: 10, resolvedByBot: 4, resolvedByHuman: 6 });
    expect(carried.parity).toBeCloseTo(1, 12);
    expect(carried.verdict).toBe("humans_resolved_most");
  });
});

describe("routing fidelity per day, against the bot_percent in force that day", () => {
  it("a split changed from 30 to 45 expects 30 before and 45 after; a day with the change expects the mix", async () => {
    const o = await freshOrg();
    const p = player(o.org);
    const day1 = new Date("2026-03-01T02:00:00Z"); // 09:00 local
    const day2 = new Date("2026-03-02T02:00:00Z");
    const day3 = new Date("2026-03-03T02:00:00Z");
    const sent: { date: string; botPercent: number; variant: Conv["variant"] }[] = [];
    const send = async (date: string, base: Date, n: number, botPercent: number, offset = 0) => {
      for (let i = 0; i < n; i++) sent.push({ date, botPercent, variant: (await p.open("hello", T(offset + i, base))).variant });
    };
    const dayCount = MIN_FIDELITY_DAY_CONVERSATIONS + 2;
    await setSplit(o, 30);
    await send("2026-03-01", day1, dayCount, 30);
    await setSplit(o, 45);
    await send("2026-03-02", day2, dayCount, 45);
    await send("2026-03-03", day3, 3, 45);
    await setSplit(o, 30);
    await send("2026-03-03", day3, 3, 30, 60);

    const result = await compareArms(db, { orgId: o.org.orgId, ...RANGE });
    expect(result.daily.map((d) => d.date)).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
    const gaps: number[] = [];
    for (const d of result.daily) {
      const onDay = sent.filter((s) => s.date === d.date);
      const bot = onDay.filter((s) => s.variant === "bot").length;
      const expected = onDay.reduce((sum, s) => sum + s.botPercent, 0) / onDay.length;
      const observed = (100 * bot) / onDay.length;
      expect(d).toMatchObject({ bot, human: onDay.length - bot, counted: onDay.length >= MIN_FIDELITY_DAY_CONVERSATIONS });
      expect(d.expectedBotPercent).toBeCloseTo(expected, 12);
      expect(d.observedBotPercent).toBeCloseTo(observed, 12);
      expect(d.gapPp).toBeCloseTo(Math.abs(observed - expected), 12);
      if (d.counted) gaps.push(Math.abs(observed - expected));
    }
    // never "30 % set" after the change: each day expects what was in force
    expect(result.daily.map((d) => d.expectedBotPercent)).toEqual([30, 45, 37.5]);
    expect(result.daily.map((d) => d.counted)).toEqual([true, true, false]);
    expect(result.fidelity.daysCounted).toBe(2);
    expect(result.fidelity.meanGapPp).toBeCloseTo((gaps[0]! + gaps[1]!) / 2, 12);
    expect(result.fidelity.worstGapPp).toBeCloseTo(Math.max(...gaps), 12);
    expect(result.fidelity.worstDate).toBe(gaps[1]! > gaps[0]! ? "2026-03-02" : "2026-03-01");
    expect(result.fidelity.percentsInForce).toEqual([30, 45]);
    const allBot = sent.filter((s) => s.variant === "bot").length;
    expect(result.fidelity.rangeExpectedBotPercent).toBeCloseTo(sent.reduce((s, x) => s + x.botPercent, 0) / sent.length, 12);
    expect(result.fidelity.rangeObservedBotPercent).toBeCloseTo((100 * allBot) / sent.length, 12);
    expect(result.fidelity.rangeGapPp).toBeCloseTo(Math.abs(result.fidelity.rangeObservedBotPercent! - result.fidelity.rangeExpectedBotPercent!), 12);
    // every conversation was tagged with the percentage in force when it arrived
    const rows = await db.select({ botPercent: conversations.botPercent }).from(conversations).where(eq(conversations.orgId, o.org.orgId));
    expect(rows.map((r) => r.botPercent).sort()).toEqual(sent.map((s) => s.botPercent).sort());
  });

  it("routingFidelity: days below the minimum are shown, not counted; with none counted there is no mean or worst", () => {
    const { daily, fidelity } = routingFidelity(["2026-03-01", "2026-03-02"], [
      { day: "2026-03-01", bot_percent: 50, variant: "bot", n: 3 },
      { day: "2026-03-01", bot_percent: 50, variant: "human", n: 1 },
      { day: "2026-03-09", bot_percent: 10, variant: "bot", n: 99 }, // outside the dates: ignored
    ]);
    expect(daily).toEqual([
      { date: "2026-03-01", bot: 3, human: 1, expectedBotPercent: 50, observedBotPercent: 75, gapPp: 25, counted: false },
      { date: "2026-03-02", bot: 0, human: 0, expectedBotPercent: null, observedBotPercent: null, gapPp: null, counted: false },
    ]);
    expect(fidelity).toEqual({
      daysCounted: 0, meanGapPp: null, worstGapPp: null, worstDate: null,
      rangeExpectedBotPercent: 50, rangeObservedBotPercent: 75, rangeGapPp: 25, percentsInForce: [50],
    });
  });
});

describe("compareArms scope", () => {
  it("groups the daily series by the org's local date and counts only the range [start, end)", async () => {
    const o = await freshOrg();
    const p = player(o.org);
    await setSplit(o, 100);
    await p.open("hello", new Date("2026-02-28T17:00:00Z")); // 03-01 00:00 local: first instant
    await p.open("hello", new Date("2026-03-01T18:00:00Z")); // 03-02 01:00 local (03-01 in UTC)
    await p.open("hello", new Date("2026-03-03T17:00:00Z")); // 03-04 local: outside
    await setSplit(o, 0);
    await p.open("hello", new Date("2026-03-01T16:59:59Z")); // 03-01 23:59:59 local
    await p.open("hello", new Date("2026-03-03T16:59:59Z")); // 03-03 23:59:59 local
    await p.open("hello", new Date("2026-02-28T16:59:59Z")); // 02-28 local: outside

    const result = await compareArms(db, { orgId: o.org.orgId, ...RANGE });
    expect(result.daily.map(({ date, bot, human }) => ({ date, bot, human }))).toEqual([
      { date: "2026-03-01", bot: 1, human: 1 },
      { date: "2026-03-02", bot: 1, human: 0 },
      { date: "2026-03-03", bot: 0, human: 1 },
    ]);
    expect(result.total).toBe(4);
  });

  it("filters by channel, all channels without one, and never counts another org's conversations", async () => {
    const o = await freshOrg();
    const other = await freshOrg();
    await setSplit(o, 100, 0);
    await setSplit(o, 0, 1);
    await setSplit(other, 100, 0);
    const a = player(o.org, 0);
    const b = player(o.org, 1);
    const c1 = await a.open(ANSWERABLE, T(0));
    await a.write(c1, "thanks!", T(1));
    await a.open(ANSWERABLE, T(5));
    for (let i = 0; i < 3; i++) await b.open(ANSWERABLE, T(10 + i));
    const foreign = await player(other.org, 0).open(ANSWERABLE, T(0));
    await player(other.org, 0).write(foreign, "thanks!", T(1));

    const on = (channel?: number) => compareArms(db, { orgId: o.org.orgId, channelId: channel === undefined ? undefined : o.org.channels[channel]!.id, ...RANGE });
    expect(await on(0)).toMatchObject({ total: 2, bot: { conversations: 2, resolvedByBot: 1 }, human: { conversations: 0 } });
    expect(await on(1)).toMatchObject({ total: 3, bot: { conversations: 0 }, human: { conversations: 3, resolved: 0 } });
    expect(await on()).toMatchObject({ total: 5, bot: { conversations: 2, resolvedByBot: 1 }, human: { conversations: 3 } });
    // nor when asked for the other org's channel
    expect((await compareArms(db, { orgId: o.org.orgId, channelId: other.org.channels[0]!.id, ...RANGE })).total).toBe(0);
  });

  it("with no bot-arm conversations (bot % 0) the bot column is 'No data yet' (null), not 0 % (AC-2)", async () => {
    const o = await freshOrg();
    const p = player(o.org);
    await setSplit(o, 0);
    const c = await p.open(ANSWERABLE, T(0));
    await p.assign(c, T(1));
    await p.close(c, "RESOLVE", T(2));
    await p.csat(c, 4, T(3));
    await p.open(ANSWERABLE, T(10));
    const result = await compareArms(db, { orgId: o.org.orgId, ...RANGE });
    expect(result.bot).toEqual({
      conversations: 0, resolvedByBot: 0, resolvedByHuman: 0, resolved: 0, resolutionRate: null, resolvedByHumanRate: null,
      csatAverage: null, csatCount: 0, handovers: 0, handoverRate: null,
    });
    expect(result.human).toMatchObject({ conversations: 2, resolved: 1, resolutionRate: 0.5, csatAverage: 4 });
    expect(result).toMatchObject({ parity: null, verdict: "no_data", csatDelta: null });
    expect(result.fidelity).toMatchObject({ rangeExpectedBotPercent: 0, rangeObservedBotPercent: 0, rangeGapPp: 0, percentsInForce: [0] });
  });

  it("an empty range has no numbers at all, and every day still appears with zeros", async () => {
    const { org } = await freshOrg();
    const result = await compareArms(db, { orgId: org.orgId, ...RANGE });
    expect(result).toMatchObject({ total: 0, parity: null, verdict: "no_data", csatDelta: null });
    expect(result.bot.resolutionRate).toBeNull();
    expect(result.human.resolutionRate).toBeNull();
    expect(result.fidelity).toEqual({
      daysCounted: 0, meanGapPp: null, worstGapPp: null, worstDate: null, rangeExpectedBotPercent: null, rangeObservedBotPercent: null, rangeGapPp: null, percentsInForce: [],
    });
    expect(result.daily).toEqual(localDates("2026-03-01", "2026-03-03").map((date) => ({
      date, bot: 0, human: 0, expectedBotPercent: null, observedBotPercent: null, gapPp: null, counted: false,
    })));
  });
});

describe("parityVerdict", () => {
  const arm = (conversations: number, resolvedByBot: number, resolvedByHuman: number): ArmStats => ({
    conversations, resolvedByBot, resolvedByHuman, resolved: resolvedByBot, resolutionRate: conversations ? resolvedByBot / conversations : null,
    resolvedByHumanRate: null, csatAverage: null, csatCount: 0, handovers: 0, handoverRate: null,
  });
  it.each([
    ["no parity → no_data", arm(20, 10, 0), arm(20, 0, 10), null, "no_data"],
    ["an arm under the minimum → too_few, even at parity 100 %", arm(MIN_VERDICT_CONVERSATIONS - 1, 5, 0), arm(20, 0, 10), 1, "too_few"],
    ["parity just under 90 % → below_target", arm(20, 9, 0), arm(20, 0, 10), 0.899, "below_target"],
    ["parity 90 %, the bot resolved as many as the humans after hand-over → good_enough", arm(20, 5, 5), arm(20, 0, 10), 0.9, "good_enough"],
    ["parity 120 %, but humans resolved more of the bot arm than the bot → humans_resolved_most", arm(20, 6, 7), arm(20, 0, 5), 1.2, "humans_resolved_most"],
  ] as const)("%s", (_name, bot, human, parity, verdict) => {
    expect(parityVerdict({ bot, human, parity })).toBe(verdict);
  });
  it("uses the §11 target", () => expect(TARGETS.parity).toBe(0.9));
});

describe("localDates", () => {
  it("lists every date from..to inclusive, across a month end", () => {
    expect(localDates("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(localDates("2026-03-01", "2026-03-01")).toEqual(["2026-03-01"]);
    expect(localDates("2026-03-02", "2026-03-01")).toEqual([]);
  });
});
