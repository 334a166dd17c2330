import { randomUUID } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { it, expect } from "vitest";
import { channelIntegrations, conversations, memberships } from "@/db/schema";
import { seedTestOrg, testDb } from "@/test/db";
import { userIdOf } from "@/test/members";
import { loadChannelContext } from "@/lib/ingest/load-channel";
import { receiveMessage } from "@/lib/ingest/receive-message";

it("explore liveness", async () => {
  const db = await testDb();
  for (let round = 0; round < 5; round++) {
    const org = await seedTestOrg(db);
    const ch = org.channels[0]!.id;
    await db.update(channelIntegrations).set({ trafficSplitEnabled: true, botPercent: 0 }).where(eq(channelIntegrations.id, ch));
    const agent = await userIdOf(db, org, "agent");
    await db.update(memberships).set({ availability: "online", capacity: 5 }).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, agent)));
    const ctx = (await loadChannelContext(db, ch))!;
    await Promise.all(Array.from({ length: 5 }, (_, i) => receiveMessage(db, { ctx, input: { channel_id: ch, conversation_id: `c-${randomUUID()}`, message_id: "m1", contact: { id: "k" }, text: "refund status", sent_at: new Date().toISOString() } })));
    const rows = await db.select({ s: conversations.status, n: count() }).from(conversations).where(eq(conversations.orgId, org.orgId)).groupBy(conversations.status);
    console.log(JSON.stringify(rows));
  }
  expect(1).toBe(1);
});
