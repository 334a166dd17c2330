/**
 * The impact datamart (001_… IMPACT-S01 AC-1..AC-4, IMPACT-S02 AC-1/2, IMPACT-S03 AC-1..AC-4): rows of
 * `ai_activity_daily` built from conversations and messages inserted directly with explicit timestamps, each
 * expected count worked out by hand. The seeded org is in Asia/Jakarta (WIB, UTC+7, no DST) with business hours
 * Mon–Fri 08:00–17:00 and Sat 09:00–14:00. 2025-03-05 is a Wednesday.
 */
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { aiActivityDaily, channelIntegrations, conversations, messages, organizations } from "@/db/schema";
import { onPostgresServer, seedQuietOrg, testDb } from "@/test/db";
import { userIdOf } from "@/test/members";
import { aggregateDaily, aggregateOrgRange, RETENTION_MONTHS } from "./aggregate-daily";

let db: Db;
type Org = Awaited<ReturnType<typeof seedQuietOrg>>;

beforeAll(async () => {
  db = await testDb();
});

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** An instant given as a local Jakarta (WIB, UTC+7) date and time. */
const wib = (date: string, time: string) => new Date(`${date}T${time}+07:00`);
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

type ConvInput = {
  channelId: string;
  contactId: string;
  createdAt: Date;
  closedReason?: "RESOLVE_AI" | "RESOLVE" | "ASSIGN_AGENT" | "ASSIGN_AGENT_AI" | "WAITING_ASSIGN_AGENT" | "SPAM" | null;
  closedAt?: Date | null;
  agentId?: string | null;
  sentiment?: number | null;
};

/** Inserts a conversation row exactly as given (closed when it has a closed_reason). */
async function conv(org: Org, c: ConvInput): Promise<string> {
  const closed = c.closedReason != null && c.closedAt != null;
  const [row] = await db
    .insert(conversations)
    .values({
      orgId: org.orgId,
      channelId: c.channelId,
      externalId: `c-${randomUUID()}`,
      contactId: c.contactId,
      status: closed ? "RESOLVED" : c.agentId ? "ASSIGNED" : "OPEN",
      closedReason: c.closedReason ?? null,
      closedAt: c.closedAt ?? null,
      assignChannelAgentId: c.agentId ?? null,
      assignedAt: c.agentId ? c.createdAt : null,
      sentiment: c.sentiment ?? null,
      firstMessagePreview: "hi",
      lastMessageAt: c.createdAt,
      createdAt: c.createdAt,
    })
    .returning({ id: conversations.id });
  return row!.id;
}

/** Inserts `n` messages from `sender` into a conversation. */
async function msgs(org: Org, conversationId: string, sender: "customer" | "bot" | "agent" | "system", n: number, agentAction?: "answer" | "handover" | "resolve") {
  for (let i = 0; i < n; i++) {
    await db.insert(messages).values({
      orgId: org.orgId, conversationId, sender, content: `${sender} ${i}`, agentAction: agentAction ?? null, sentAt: new Date(),
    });
  }
}

/** The org's datamart rows without `computed_at`, ordered by day then channel. */
async function rowsOf(org: Org) {
  const rows = await db
    .select()
    .from(aiActivityDaily)
    .where(eq(aiActivityDaily.orgId, org.orgId))
    .orderBy(asc(aiActivityDaily.day), asc(aiActivityDaily.channelId));
  return rows.map(({ computedAt: _computedAt, ...r }) => r);
}

async function rowOf(org: Org, channelId: string, day: string) {
  return (await rowsOf(org)).find((r) => r.channelId === channelId && r.day === day);
}

/** The org's bot_preview channel (at most one per org). */
async function previewChannel(org: Org): Promise<string> {
  const [ch] = await db
    .insert(channelIntegrations)
    .values({ orgId: org.orgId, name: `Preview ${randomUUID().slice(0, 8)}`, type: "bot_preview", botPercent: 100, webhookSecretEncrypted: "unused" })
    .returning({ id: channelIntegrations.id });
  return ch!.id;
}

const ZERO = {
  conversations: 0, aiResolved: 0, aiResolvedReopened: 0, aiAssisted: 0, escalated: 0, afterHours: 0, afterHoursContained: 0,
  aiAnswered: 0, openWithAi: 0, closedAfterSilence: 0, closedUnattended: 0, containedTurns: 0,
  containedSentimentSum: 0, containedSentimentN: 0, escalatedSentimentSum: 0, escalatedSentimentN: 0,
};

describe("aggregateOrgRange: eligibility and gross AI resolution (IMPACT-S01 AC-1, AC-3, AC-4)", () => {
  it("counts RESOLVE_AI with no human and a close time; never bare RESOLVE; drops SPAM and bot_preview traffic", async () => {
    const org = await seedQuietOrg(db);
    const [ch0] = org.channels.map((c) => c.id) as [string];
    const preview = await previewChannel(org);
    const human = await userIdOf(db, org, "agent");
    const at = wib("2025-03-05", "10:00");
    const closed = plus(at, 20 * MINUTE);

    await conv(org, { channelId: ch0, contactId: "a", createdAt: at, closedReason: "RESOLVE_AI", closedAt: closed }); // AI win
    await conv(org, { channelId: ch0, contactId: "b", createdAt: at, closedReason: "RESOLVE", closedAt: closed }); // bare RESOLVE: no
    await conv(org, { channelId: ch0, contactId: "c", createdAt: at, closedReason: "RESOLVE_AI", closedAt: closed, agentId: human }); // human: no
    await conv(org, { channelId: ch0, contactId: "d", createdAt: at, closedReason: "RESOLVE_AI", closedAt: null }); // not closed: no
    await conv(org, { channelId: ch0, contactId: "e", createdAt: at, closedReason: "SPAM", closedAt: closed }); // not eligible at all
    await conv(org, { channelId: preview, contactId: "f", createdAt: at, closedReason: "RESOLVE_AI", closedAt: closed }); // preview: not eligible

    const n = await aggregateOrgRange(db, { orgId: org.orgId, from: "2025-03-05", to: "2025-03-05" });
    expect(n).toBe(1);
    // eligible = a, b, c, d (4); gross AI resolved = a (1); no row for the preview channel. One journey segment each:
    // a resolved alone, b a bare RESOLVE nobody attached to, c a human attached (escalated), d still open with the AI
    expect(await rowsOf(org)).toEqual([{ ...ZERO, orgId: org.orgId, channelId: ch0, day: "2025-03-05", conversations: 4, aiResolved: 1, escalated: 1, closedUnattended: 1, openWithAi: 1 }]);
  });

  it("rejects malformed or inverted ranges", async () => {
    const org = await seedQuietOrg(db);
    await expect(aggregateOrgRange(db, { orgId: org.orgId, from: "2025-03-06", to: "2025-03-05" })).rejects.toThrow();
    await expect(aggregateOrgRange(db, { orgId: org.orgId, from: "2025-3-5", to: "2025-03-06" })).rejects.toThrow();
    await expect(aggregateDaily(db, { orgId: org.orgId, range: { from: "2025-03-06", to: "2025-03-05" } })).rejects.toThrow();
  });
});

describe("aggregateOrgRange: reopens within 48 h (IMPACT-S01 AC-2, IMPACT-S03 AC-1)", () => {
  it("exactly 48 h counts, 48 h + 1 s does not, another channel counts, another contact or the preview channel does not", async () => {
    const org = await seedQuietOrg(db);
    const [ch0, ch1, ch2] = org.channels.map((c) => c.id) as [string, string, string];
    const preview = await previewChannel(org);
    const at = wib("2025-03-05", "10:00");
    const closed = wib("2025-03-05", "10:30");
    const ai = { channelId: ch0, createdAt: at, closedReason: "RESOLVE_AI" as const, closedAt: closed };

    await conv(org, { ...ai, contactId: "k1" });
    await conv(org, { channelId: ch0, contactId: "k1", createdAt: plus(closed, 48 * HOUR) }); // 2025-03-07 10:30 WIB → reopened
    await conv(org, { ...ai, contactId: "k2" });
    await conv(org, { channelId: ch0, contactId: "k2", createdAt: plus(closed, 48 * HOUR + SECOND) }); // 10:30:01 on 03-07 → not
    await conv(org, { ...ai, contactId: "k3" });
    await conv(org, { channelId: ch1, contactId: "k3", createdAt: plus(closed, HOUR) }); // other channel, 03-05 11:30 → reopened
    await conv(org, { ...ai, contactId: "k4" });
    await conv(org, { channelId: ch2, contactId: "k4-other", createdAt: plus(closed, HOUR) }); // other contact, 03-05 11:30 → k4 not
    await conv(org, { ...ai, contactId: "k5" });
    await conv(org, { channelId: preview, contactId: "k5", createdAt: plus(closed, HOUR) }); // preview traffic → k5 not

    await aggregateOrgRange(db, { orgId: org.orgId, from: "2025-03-05", to: "2025-03-07" });
    // ch0 on 03-05: k1..k5 originals, all gross AI resolutions, k1 and k3 reopened
    expect(await rowOf(org, ch0, "2025-03-05")).toMatchObject({ conversations: 5, aiResolved: 5, aiResolvedReopened: 2 });
    // ch0 on 03-07: the two follow-ups of k1 and k2 (open)
    expect(await rowOf(org, ch0, "2025-03-07")).toMatchObject({ conversations: 2, aiResolved: 0, aiResolvedReopened: 0 });
    expect(await rowOf(org, ch1, "2025-03-05")).toMatchObject({ conversations: 1, aiResolved: 0 });
    expect(await rowOf(org, ch2, "2025-03-05")).toMatchObject({ conversations: 1, aiResolved: 0 });
    expect((await rowsOf(org)).filter((r) => r.channelId === preview)).toEqual([]);
    expect(await rowsOf(org)).toHaveLength(4);
  });
});

describe("aggregateOrgRange: local days in the org's time zone", () => {
  it("23:30 and 00:30 WIB (the same UTC day) land on different local days; the range is cut at local midnight", async () => {
    const org = await seedQuietOrg(db);
    const ch0 = org.channels[0]!.id;
    const late = wib("2025-03-05", "23:30"); // 2025-03-05 16:30 UTC
    const early = wib("2025-03-06", "00:30"); // 2025-03-05 17:30 UTC
    expect(late.toISOString().slice(0, 10)).toBe(early.toISOString().slice(0, 10));
    await conv(org, { channelId: ch0, contactId: "t1", createdAt: late });
    await conv(org, { channelId: ch0, contactId: "t2", createdAt: early });

    await aggregateOrgRange(db, { orgId: org.orgId, from: "2025-03-06", to: "2025-03-06" });
    expect((await rowsOf(org)).map((r) => [r.day, r.conversations])).toEqual([["2025-03-06", 1]]);

    await aggregateOrgRange(db, { orgId: org.orgId, from: "2025-03-05", to: "2025-03-06" });
    expect((await rowsOf(org)).map((r) => [r.day, r.conversations])).toEqual([["2025-03-05", 1], ["2025-03-06", 1]]);
  });
});

describe("aggregateDaily: the recent-days run", () => {
  it("a reopen that arrives the next day changes yesterday's row on the next scheduled run", async () => {
    const org = await seedQuietOrg(db);
    const ch0 = org.channels[0]!.id;
    await conv(org, { channelId: ch0, contactId: "late", createdAt: wib("2025-03-06", "10:00"), closedReason: "RESOLVE_AI", closedAt: wib("2025-03-06", "10:30") });

    const first = await aggregateDaily(db, { orgId: org.orgId, now: wib("2025-03-06", "20:00") });
    expect(first).toEqual([{ orgId: org.orgId, from: "2025-03-04", to: "2025-03-06", rows: 1 }]);
    expect(await rowOf(org, ch0, "2025-03-06")).toMatchObject({ conversations: 1, aiResolved: 1, aiResolvedReopened: 0 });

    // the same contact comes back 22.5 h later, the next local day
    await conv(org, { channelId: ch0, contactId: "late", createdAt: wib("2025-03-07", "09:00") });
    const second = await aggregateDaily(db, { orgId: org.orgId, now: wib("2025-03-07", "12:00") });
    expect(second).toEqual([{ orgId: org.orgId, from: "2025-03-05", to: "2025-03-07", rows: 2 }]);
    expect(await rowOf(org, ch0, "2025-03-06")).toMatchObject({ conversations: 1, aiResolved: 1, aiResolvedReopened: 1 });
    expect(await rowOf(org, ch0, "2025-03-07")).toMatchObject({ conversations: 1, aiResolved: 0 });
  });

  it("the local 'today' follows the org's time zone (00:30 WIB is already the next day)", async () => {
    const org = await seedQuietOrg(db);
    const [res] = await aggregateDaily(db, { orgId: org.orgId, now: wib("2025-03-07", "00:30") }); // 2025-03-06 17:30 UTC
    expect(res).toEqual({ orgId: org.orgId, from: "2025-03-05", to: "2025-03-07", rows: 0 });
  });

  it("a range recomputes exactly that backfill range", async () => {
    const org = await seedQuietOrg(db);
    const ch0 = org.channels[0]!.id;
    await conv(org, { channelId: ch0, contactId: "b1", createdAt: wib("2025-01-10", "10:00") });
    await conv(org, { channelId: ch0, contactId: "b2", createdAt: wib("2025-01-11", "10:00") });
    const res = await aggregateDaily(db, { orgId: org.orgId, range: { from: "2025-01-10", to: "2025-01-10" }, now: wib("2025-03-07", "12:00") });
    expect(res).toEqual([{ orgId: org.orgId, from: "2025-01-10", to: "2025-01-10", rows: 1 }]);
    expect((await rowsOf(org)).map((r) => r.day)).toEqual(["2025-01-10"]);
  });
});

describe("aggregateOrgRange: idempotent", () => {
  it("running twice gives identical rows; a day whose conversations are gone loses its row on re-run", async () => {
    const org = await seedQuietOrg(db);
    const [ch0, ch1] = org.channels.map((c) => c.id) as [string, string];
    await conv(org, { channelId: ch0, contactId: "i1", createdAt: wib("2025-03-04", "10:00"), closedReason: "RESOLVE_AI", closedAt: wib("2025-03-04", "10:10"), sentiment: 0.5 });
    await conv(org, { channelId: ch1, contactId: "i2", createdAt: wib("2025-03-04", "22:00"), closedReason: "ASSIGN_AGENT", closedAt: wib("2025-03-04", "22:30") });
    const gone = await conv(org, { channelId: ch0, contactId: "i3", createdAt: wib("2025-03-05", "10:00") });
    const range = { orgId: org.orgId, from: "2025-03-04", to: "2025-03-05" };

    expect(await aggregateOrgRange(db, range)).toBe(3);
    const once = await rowsOf(org);
    expect(once).toHaveLength(3);
    expect(await aggregateOrgRange(db, range)).toBe(3);
    expect(await rowsOf(org)).toEqual(once);

    await db.delete(conversations).where(eq(conversations.id, gone));
    expect(await aggregateOrgRange(db, range)).toBe(2);
    const after = await rowsOf(org);
    expect(after.map((r) => r.day)).toEqual(["2025-03-04", "2025-03-04"]);
    expect(after).toEqual(once.filter((r) => r.day === "2025-03-04"));
  });

  it("leaves rows outside the range untouched", async () => {
    const org = await seedQuietOrg(db);
    const ch0 = org.channels[0]!.id;
    await conv(org, { channelId: ch0, contactId: "o1", createdAt: wib("2025-03-03", "10:00") });
    await conv(org, { channelId: ch0, contactId: "o2", createdAt: wib("2025-03-05", "10:00") });
    await aggregateOrgRange(db, { orgId: org.orgId, from: "2025-03-03", to: "2025-03-05" });
    await db.delete(conversations).where(eq(conversations.orgId, org.orgId));
    await aggregateOrgRange(db, { orgId: org.orgId, from: "2025-03-05", to: "2025-03-05" });
    expect((await rowsOf(org)).map((r) => r.day)).toEqual(["2025-03-03"]);
  });
});

describe("aggregateOrgRange: after hours", () => {
  it("counts starts outside business hours (close is exclusive) and on holidays", async () => {
    const org = await seedQuietOrg(db);
    const ch0 = org.channels[0]!.id;
    await db.update(organizations).set({ holidays: ["2025-03-04"] }).where(eq(organizations.id, org.orgId));
    const at = (date: string, time: string, contactId: string) => conv(org, { channelId: ch0, contactId, createdAt: wib(date, time) });
    await at("2025-03-04", "10:00", "h1"); // Tue, a holiday → after hours
    await at("2025-03-05", "10:00", "w1"); // Wed inside 08–17 → no
    await at("2025-03-05", "23:30", "w2"); // Wed night → yes
    await at("2025-03-05", "08:00", "w3"); // opening minute → no
    await at("2025-03-05", "17:00", "w4"); // closing minute → yes
    await at("2025-03-05", "07:59", "w5"); // before opening → yes
    await at("2025-03-08", "10:00", "s1"); // Sat inside 09–14 → no
    await at("2025-03-08", "15:00", "s2"); // Sat afternoon → yes
    await at("2025-03-09", "10:00", "u1"); // Sunday (no hours) → yes

    await aggregateOrgRange(db, { orgId: org.orgId, from: "2025-03-01", to: "2025-03-10" });
    expect((await rowsOf(org)).map((r) => [r.day, r.conversations, r.afterHours])).toEqual([
      ["2025-03-04", 1, 1],
      ["2025-03-05", 5, 3],
      ["2025-03-08", 2, 1],
      ["2025-03-09", 1, 1],
    ]);
  });
});

describe("aggregateOrgRange: AI + human journey (IMPACT-S02 AC-1, AC-2)", () => {
  it("AI-assisted = an AI answer and a human attached; escalated = handed over with no AI answer; the two never overlap", async () => {
    const org = await seedQuietOrg(db);
    const ch0 = org.channels[0]!.id;
    const human = await userIdOf(db, org, "agent");
    const at = wib("2025-03-05", "10:00");
    const closedAt = plus(at, HOUR);

    const a = await conv(org, { channelId: ch0, contactId: "j1", createdAt: at, closedReason: "RESOLVE", closedAt, agentId: human });
    await msgs(org, a, "customer", 1);
    await msgs(org, a, "bot", 1, "answer"); // AI answered, human closed → assisted
    const b = await conv(org, { channelId: ch0, contactId: "j2", createdAt: at, closedReason: "ASSIGN_AGENT", closedAt, agentId: human });
    await msgs(org, b, "customer", 1); // no AI reply → escalated
    const c = await conv(org, { channelId: ch0, contactId: "j3", createdAt: at, closedReason: "ASSIGN_AGENT", closedAt, agentId: human });
    await msgs(org, c, "bot", 2, "answer"); // AI answered then handed to a human → assisted, not escalated
    const d = await conv(org, { channelId: ch0, contactId: "j4", createdAt: at, closedReason: "WAITING_ASSIGN_AGENT", closedAt });
    await msgs(org, d, "bot", 1, "handover"); // only a handover message, no answer → escalated
    await conv(org, { channelId: ch0, contactId: "j5", createdAt: at, closedReason: "ASSIGN_AGENT_AI", closedAt }); // escalated
    const g = await conv(org, { channelId: ch0, contactId: "j6", createdAt: at, closedReason: "RESOLVE_AI", closedAt });
    await msgs(org, g, "bot", 1, "answer"); // AI alone → ai_resolved, not assisted
    const h = await conv(org, { channelId: ch0, contactId: "j7", createdAt: at, closedReason: "RESOLVE", closedAt, agentId: human });
    await msgs(org, h, "agent", 1); // human alone (attached, no AI answer), closed as RESOLVE → escalated to a human

    await aggregateOrgRange(db, { orgId: org.orgId, from: "2025-03-05", to: "2025-03-05" });
    // every conversation in exactly one segment: 1 alone + 2 assisted + 4 escalated = 7
    expect(await rowOf(org, ch0, "2025-03-05")).toMatchObject({ conversations: 7, aiResolved: 1, aiAssisted: 2, escalated: 4, aiAnswered: 3, openWithAi: 0, closedAfterSilence: 0, closedUnattended: 0 });
  });
});

describe("aggregateOrgRange: quality signals for net-contained conversations (IMPACT-S03 AC-2..AC-4)", () => {
  it("turns count customer messages of contained conversations; sentiment sums and coverage skip missing values", async () => {
    const org = await seedQuietOrg(db);
    const [ch0, ch1] = org.channels.map((c) => c.id) as [string, string];
    const at = wib("2025-03-05", "10:00");
    const closedAt = plus(at, 30 * MINUTE);

    const n1 = await conv(org, { channelId: ch0, contactId: "q1", createdAt: at, closedReason: "RESOLVE_AI", closedAt, sentiment: 0.5 });
    await msgs(org, n1, "customer", 3);
    await msgs(org, n1, "bot", 2, "answer");
    await msgs(org, n1, "system", 1);
    const n2 = await conv(org, { channelId: ch0, contactId: "q2", createdAt: at, closedReason: "RESOLVE_AI", closedAt, sentiment: null });
    await msgs(org, n2, "customer", 2);
    const n3 = await conv(org, { channelId: ch0, contactId: "q3", createdAt: at, closedReason: "RESOLVE_AI", closedAt, sentiment: -0.5 });
    await msgs(org, n3, "customer", 4); // reopened below → not contained
    await conv(org, { channelId: ch1, contactId: "q3", createdAt: plus(closedAt, HOUR) });
    const n4 = await conv(org, { channelId: ch0, contactId: "q4", createdAt: at, closedReason: "ASSIGN_AGENT", closedAt, sentiment: -0.25 });
    await msgs(org, n4, "customer", 5);
    await conv(org, { channelId: ch0, contactId: "q5", createdAt: at, closedReason: "ASSIGN_AGENT", closedAt, sentiment: null });
    const n6 = await conv(org, { channelId: ch0, contactId: "q6", createdAt: at, closedReason: "RESOLVE", closedAt, sentiment: 0.9 });
    await msgs(org, n6, "customer", 6); // bare RESOLVE: neither contained nor escalated

    await aggregateOrgRange(db, { orgId: org.orgId, from: "2025-03-05", to: "2025-03-05" });
    const row = await rowOf(org, ch0, "2025-03-05");
    // contained = n1, n2 → turns 3 + 2; sentiment only n1 (0.5); escalated = n4, n5 → sentiment only n4 (-0.25)
    expect(row).toMatchObject({
      conversations: 6, aiResolved: 3, aiResolvedReopened: 1, escalated: 2, containedTurns: 5, containedSentimentN: 1, escalatedSentimentN: 1,
    });
    expect(row!.containedSentimentSum).toBeCloseTo(0.5, 5);
    expect(row!.escalatedSentimentSum).toBeCloseTo(-0.25, 5);
  });
});

describe("aggregateDaily: retention", () => {
  it(`purges this org's rows older than ${RETENTION_MONTHS} months and keeps newer ones and other orgs'`, async () => {
    expect(RETENTION_MONTHS).toBe(13);
    const org = await seedQuietOrg(db);
    const other = await seedQuietOrg(db);
    const row = (o: Org, day: string) => ({ ...ZERO, orgId: o.orgId, channelId: o.channels[0]!.id, day, conversations: 1 });
    // today (WIB) = 2025-03-06; 13 months before = 2024-02-06
    await db.insert(aiActivityDaily).values([row(org, "2024-01-15"), row(org, "2024-02-05"), row(org, "2024-02-07"), row(org, "2024-06-01"), row(other, "2024-01-15")]);

    await aggregateDaily(db, { orgId: org.orgId, now: wib("2025-03-06", "12:00") });
    expect((await rowsOf(org)).map((r) => r.day)).toEqual(["2024-02-07", "2024-06-01"]);
    expect((await rowsOf(other)).map((r) => r.day)).toEqual(["2024-01-15"]);
  });
});

describe("aggregateOrgRange: concurrency", () => {
  it.skipIf(!onPostgresServer())("two concurrent runs over the same range leave the same rows as one run", async () => {
    const org = await seedQuietOrg(db);
    const [ch0, ch1, ch2] = org.channels.map((c) => c.id) as [string, string, string];
    const human = await userIdOf(db, org, "agent");
    const reasons = ["RESOLVE_AI", "RESOLVE", "ASSIGN_AGENT", null] as const;
    for (let i = 0; i < 24; i++) {
      const createdAt = plus(wib("2025-03-03", "06:00"), i * 5 * HOUR);
      const reason = reasons[i % reasons.length]!;
      const id = await conv(org, {
        channelId: [ch0, ch1, ch2][i % 3]!, contactId: `p${i % 7}`, createdAt, closedReason: reason, closedAt: reason ? plus(createdAt, HOUR) : null,
        agentId: reason === "ASSIGN_AGENT" ? human : null, sentiment: i % 2 ? 0.25 : null,
      });
      await msgs(org, id, "customer", 1 + (i % 3));
    }
    const range = { orgId: org.orgId, from: "2025-03-03", to: "2025-03-08" };
    const single = await aggregateOrgRange(db, range);
    const expected = await rowsOf(org);
    expect(expected.length).toBe(single);

    await db.delete(aiActivityDaily).where(eq(aiActivityDaily.orgId, org.orgId));
    const counts = await Promise.all([aggregateOrgRange(db, range), aggregateOrgRange(db, range)]);
    expect(counts).toEqual([single, single]);
    expect(await rowsOf(org)).toEqual(expected);

    // and concurrent runs over overlapping ranges
    const overlap = await Promise.all([
      aggregateOrgRange(db, { orgId: org.orgId, from: "2025-03-03", to: "2025-03-06" }),
      aggregateOrgRange(db, { orgId: org.orgId, from: "2025-03-05", to: "2025-03-08" }),
      aggregateOrgRange(db, range),
    ]);
    expect(overlap[2]).toBe(single);
    expect(await rowsOf(org)).toEqual(expected);
  });
});
