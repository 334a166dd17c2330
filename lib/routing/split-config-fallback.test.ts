/**
 * A split configuration that cannot be read fails safe to the bot arm (000_… BTS-S02 ERR-1; issue 15 item 5): the
 * signed webhook answers 200 with the bot, `bot_traffic_split_decision_fallback` is recorded once with the reason,
 * and no chat is dropped — never a 500. The faults are real ones in a real database: the split's column is missing
 * (as during a bad deploy), or a stored bot_percent is out of range. This file breaks its database's schema on
 * purpose, so it runs on a PGlite database of its own (never the shared test database).
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/incoming-message/route";
import { openPglite, type Db } from "@/db/client";
import { channelIntegrations, conversations, events } from "@/db/schema";
import type { IngestResponse } from "@/lib/ingest/receive-message";
import { signWebhook } from "@/lib/ingest/sign";
import { seedQuietOrg } from "@/test/db";
import { serve } from "@/test/http";

let db: Db;
let close: () => Promise<void>;
let server: Awaited<ReturnType<typeof serve>>;
type Org = Awaited<ReturnType<typeof seedQuietOrg>>;

beforeAll(async () => {
  const handle = openPglite();
  // the route's getDb() uses this database
  (globalThis as { [k: symbol]: unknown })[Symbol.for("tandem.db")] = handle;
  ({ db, close } = await handle);
  server = await serve(POST);
});
afterAll(async () => {
  await server.close();
  await close();
});

async function deliver(org: Org, conversationId = `conv-${randomUUID()}`): Promise<{ status: number; body: IngestResponse; conversationId: string }> {
  const channel = org.channels[0]!;
  const raw = JSON.stringify({ channel_id: channel.id, conversation_id: conversationId, message_id: `m-${randomUUID()}`, contact: { id: "wa:62811" }, text: "just wanted to check on the status of a refund", sent_at: new Date().toISOString() });
  const res = await fetch(`${server.url}/api/webhooks/incoming-message`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(channel.secret, raw) } });
  return { status: res.status, body: (await res.json()) as IngestResponse, conversationId };
}

/** An org whose first channel splits at 0 % (every new conversation would go to the human arm). */
async function splittingOrg(): Promise<Org> {
  const org = await seedQuietOrg(db);
  await db.update(channelIntegrations).set({ trafficSplitEnabled: true, botPercent: 0 }).where(eq(channelIntegrations.id, org.channels[0]!.id));
  return org;
}

async function fallbacks(org: Org) {
  return db.select().from(events).where(and(eq(events.orgId, org.orgId), eq(events.name, "bot_traffic_split_decision_fallback")));
}

async function expectBotFallback(org: Org, reason: string) {
  const first = await deliver(org);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ variant: null, handled_by: "bot", status: "OPEN" });
  expect(first.body.reply).not.toBeNull(); // the bot answered: no chat dropped
  // a second message in the same conversation decides nothing again
  const second = await deliver(org, first.conversationId);
  expect(second).toMatchObject({ status: 200, body: { conversation_id: first.body.conversation_id, variant: null, handled_by: "bot" } });
  const logged = await fallbacks(org);
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({ conversationId: first.body.conversation_id });
  expect(logged[0]!.properties).toMatchObject({ channel_integration_id: org.channels[0]!.id, conversation_id: first.body.conversation_id, reason });
  const [row] = await db.select().from(conversations).where(eq(conversations.id, first.body.conversation_id));
  expect(row).toMatchObject({ variant: null, botPercent: null, messageCount: 4 });
}

describe("an unreadable split configuration fails safe to the bot arm (ERR-1)", () => {
  it("the split's column cannot be read: HTTP 200, the bot, fallback config_read_failed", async () => {
    const org = await splittingOrg();
    expect((await deliver(org)).body.variant).toBe("human"); // the split works before the fault
    await db.execute(sql`alter table channel_integrations rename column bot_percent to bot_percent_gone`);
    try {
      await expectBotFallback(org, "config_read_failed");
    } finally {
      await db.execute(sql`alter table channel_integrations rename column bot_percent_gone to bot_percent`);
    }
    expect((await deliver(org)).body.variant).toBe("human"); // and works again after it
  });

  it("a stored bot_percent out of range (the CHECK constraint bypassed): HTTP 200, the bot, fallback invalid_bot_percent", async () => {
    const org = await splittingOrg();
    await db.execute(sql`alter table channel_integrations drop constraint channel_integrations_bot_percent_range`);
    try {
      await db.execute(sql`update channel_integrations set bot_percent = 150 where id = ${org.channels[0]!.id}`);
      await expectBotFallback(org, "invalid_bot_percent");
    } finally {
      await db.execute(sql`update channel_integrations set bot_percent = 0 where id = ${org.channels[0]!.id}`);
      await db.execute(sql`alter table channel_integrations add constraint channel_integrations_bot_percent_range check (bot_percent between 0 and 100)`);
    }
  });
});
