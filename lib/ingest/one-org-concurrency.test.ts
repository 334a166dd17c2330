/**
 * Issue 20 item 1: ingest holds no org-wide lock across its transaction, and still keeps every guarantee when 200
 * deliveries hit one organization at once (PostgreSQL server only: PGlite has a single connection). Played through the
 * signed webhook over real HTTP; the checks read what was stored and what the handler asked to push.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { executeRows } from "@/db/execute-rows";
import { alertGroups, alerts, channelIntegrations, conversations, memberships } from "@/db/schema";
import type { PushRequest } from "@/lib/alerts/raise-alert";
import { parseDialogues } from "@/lib/demo/ibm-dialogues";
import { SEED_DATA_DIR } from "@/lib/demo/seed-data-path";
import { serve } from "@/test/http";
import { onPostgresServer, seedQuietOrg, testDb } from "@/test/db";
import { handleIncomingMessage } from "./handle-incoming-message";
import { signWebhook } from "./sign";

const STORM_THRESHOLD = 5; // the default alert settings
const CAPACITIES = [8, 12, 16];

let db: Db;
let server: Awaited<ReturnType<typeof serve>>;
const pushes: PushRequest[] = [];

beforeAll(async () => {
  db = await testDb();
  server = await serve((req) => handleIncomingMessage(db, req, { afterCommit: async (r) => void pushes.push(...r.pushes) }));
});
afterAll(() => server?.close());

describe.runIf(onPostgresServer())("200 parallel deliveries into one organization (PostgreSQL)", () => {
  it("store every message once, one variant per conversation, at most one bot reply per message, agents within capacity and none left free, storms counted exactly", async () => {
    const org = await seedQuietOrg(db);
    // the third channel splits 50/50; the agents (capacities 2, 3, 4) are online
    await db.update(channelIntegrations).set({ trafficSplitEnabled: true, botPercent: 50 }).where(eq(channelIntegrations.id, org.channels[2]!.id));
    const agents = await db.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.orgId, org.orgId), eq(memberships.role, "agent"))).orderBy(memberships.userId);
    expect(agents).toHaveLength(CAPACITIES.length);
    for (const [i, a] of agents.entries()) {
      await db.update(memberships).set({ availability: "online", capacity: CAPACITIES[i]! }).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, a.userId)));
    }

    // real customer openings; 130 conversations with one first message, 20 with two different first messages at
    // once, and 30 exact redeliveries of the former: 200 deliveries
    const texts = parseDialogues(readFileSync(path.join(SEED_DATA_DIR, "ibm-twitter-care/dialogues.jsonl"), "utf8"))
      .map((d) => d.turns.find((t) => t.speaker === "customer")?.text)
      .filter((t): t is string => Boolean(t));
    const sentAt = new Date().toISOString();
    const body = (conversation: number, message: string, text: string) => ({
      channel_id: org.channels[conversation % 3]!.id,
      conversation_id: `load-${conversation}`,
      message_id: message,
      contact: { id: `wa:6281${conversation}` },
      text,
      sent_at: sentAt,
    });
    const singles = Array.from({ length: 130 }, (_, i) => body(i, `m-${i}`, texts[i % texts.length]!));
    const pairs = Array.from({ length: 20 }, (_, j) => [body(130 + j, `m-${130 + j}-a`, texts[j]!), body(130 + j, `m-${130 + j}-b`, texts[j + 1]!)]).flat();
    const redeliveries = singles.slice(0, 30);
    const deliveries = [...singles, ...pairs, ...redeliveries];
    expect(deliveries).toHaveLength(200);

    const responses = await Promise.all(
      deliveries.map(async (d) => {
        const raw = JSON.stringify(d);
        const res = await fetch(`${server.url}/api/webhooks/incoming-message`, {
          method: "POST",
          body: raw,
          headers: { "content-type": "application/json", ...signWebhook(org.channels.find((c) => c.id === d.channel_id)!.secret, raw) },
        });
        return { status: res.status, duplicate: res.headers.get("x-tandem-duplicate") === "true" };
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    expect(responses.filter((r) => r.duplicate)).toHaveLength(30);

    // every message stored once; one conversation (one variant) per conversation id
    const [stored] = await executeRows<{ customer: number; conversations: number; variants: number }>(
      db,
      sql`SELECT (SELECT count(*)::int FROM messages WHERE org_id = ${org.orgId} AND sender = 'customer') AS customer,
            (SELECT count(*)::int FROM conversations WHERE org_id = ${org.orgId}) AS conversations,
            (SELECT count(DISTINCT (external_id, variant))::int FROM conversations WHERE org_id = ${org.orgId}) AS variants`,
    );
    expect(stored).toEqual({ customer: 170, conversations: 150, variants: 150 });

    // at most one bot reply per customer message (and a reply on every bot-handled single)
    const [replies] = await executeRows<{ twice: number; replies: number }>(
      db,
      sql`SELECT count(*) FILTER (WHERE n > 1)::int AS twice, count(*)::int AS replies
          FROM (SELECT reply_to_message_id, count(*) AS n FROM messages WHERE org_id = ${org.orgId} AND reply_to_message_id IS NOT NULL GROUP BY 1) r`,
    );
    expect(replies!.twice).toBe(0);
    expect(replies!.replies).toBeGreaterThan(50);

    // no agent over capacity, and no conversation left queued while an agent had room
    const loads = await executeRows<{ user_id: string; n: number }>(
      db,
      sql`SELECT assign_channel_agent_id AS user_id, count(*)::int AS n FROM conversations WHERE org_id = ${org.orgId} AND status = 'ASSIGNED' GROUP BY 1`,
    );
    const load = new Map(loads.map((l) => [l.user_id, Number(l.n)]));
    for (const [i, a] of agents.entries()) expect(load.get(a.userId) ?? 0).toBeLessThanOrEqual(CAPACITIES[i]!);
    const [queued] = await executeRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM conversations WHERE org_id = ${org.orgId} AND status = 'WAITING_ASSIGN_AGENT'`);
    expect(Number(queued!.n)).toBeGreaterThan(0); // more hand-overs than the 36 seats, so the queue is exercised
    agents.forEach((a, i) => expect(load.get(a.userId)).toBe(CAPACITIES[i])); // …and every seat was filled

    // storms: per (signal, agent), the first STORM_THRESHOLD alerts pushed alone, the rest in one group with one push
    const raised = await db
      .select({ id: alerts.id, signal: alerts.signal, agentId: alerts.agentId, groupId: alerts.groupId, checked: alerts.stormCheckedAt })
      .from(alerts)
      .where(eq(alerts.orgId, org.orgId));
    expect(raised.length).toBeGreaterThan(STORM_THRESHOLD);
    expect(raised.every((a) => a.checked !== null)).toBe(true);
    const groups = await db.select().from(alertGroups).where(eq(alertGroups.orgId, org.orgId));
    const bySignal = new Map<string, typeof raised>();
    for (const a of raised) {
      const key = `${a.signal}:${a.agentId ?? "built-in"}`;
      bySignal.set(key, [...(bySignal.get(key) ?? []), a]);
    }
    let stormKeys = 0;
    for (const [key, list] of bySignal) {
      const alone = list.filter((a) => a.groupId === null);
      expect(alone, key).toHaveLength(Math.min(list.length, STORM_THRESHOLD));
      if (list.length <= STORM_THRESHOLD) continue;
      stormKeys++;
      const grouped = new Set(list.filter((a) => a.groupId !== null).map((a) => a.groupId));
      expect(grouped.size, key).toBe(1);
      const group = groups.find((g) => g.id === [...grouped][0]);
      expect(group?.alertCount, key).toBe(list.length - STORM_THRESHOLD);
    }
    expect(groups).toHaveLength(stormKeys);
    const alertPushes = pushes.filter((p) => p.kind === "alert" && raised.some((a) => a.id === p.alertId));
    const groupPushes = pushes.filter((p) => p.kind === "group" && groups.some((g) => g.id === p.groupId));
    expect(alertPushes).toHaveLength([...bySignal.values()].reduce((s, l) => s + Math.min(l.length, STORM_THRESHOLD), 0));
    expect(new Set(alertPushes.map((p) => (p as { alertId: string }).alertId)).size).toBe(alertPushes.length);
    expect(groupPushes).toHaveLength(stormKeys);

    // nothing the ingest wrote is left half-done: every queued or assigned conversation is human-handled
    const [stray] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(conversations)
      .where(and(eq(conversations.orgId, org.orgId), sql`${conversations.status} IN ('WAITING_ASSIGN_AGENT', 'ASSIGNED')`, sql`${conversations.variant} IS DISTINCT FROM 'human'`, sql`${conversations.handoverAt} IS NULL`));
    expect(Number(stray!.n)).toBe(0);
  }, 120_000);
});
