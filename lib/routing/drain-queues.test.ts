/**
 * Issue 16: the schedule's outbox job also assigns conversations a crash left in the queue while an agent has room
 * (the after-commit assignment never ran, or an agent's coming online was not followed by a drain).
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, memberships } from "@/db/schema";
import { loadChannelContext } from "@/lib/ingest/load-channel";
import { receiveMessage } from "@/lib/ingest/receive-message";
import { scheduledJob } from "@/lib/jobs/scheduled-jobs";
import { seedQuietOrg, testDb } from "@/test/db";
import { userIdOf } from "@/test/members";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe("queued conversations left behind", () => {
  it("are assigned by the every-minute job once an agent has room, in arrival order, within capacity; orgs without room are left alone", async () => {
    const org = await seedQuietOrg(db);
    const other = await seedQuietOrg(db);
    for (const o of [org, other]) await db.update(channelIntegrations).set({ trafficSplitEnabled: true, botPercent: 0 }).where(eq(channelIntegrations.id, o.channels[0]!.id));
    // every agent offline: three human-arm conversations queue in each org
    const queued: string[] = [];
    for (const o of [org, other]) {
      const ctx = (await loadChannelContext(db, o.channels[0]!.id))!;
      for (let i = 0; i < 3; i++) {
        const r = await receiveMessage(db, { ctx, input: { channel_id: ctx.channelId, conversation_id: `q-${randomUUID()}`, message_id: `m-${randomUUID()}`, contact: { id: `wa:62${i}` }, text: "I need a person please", sent_at: new Date(Date.now() + i).toISOString() } });
        expect(r.response.status).toBe("WAITING_ASSIGN_AGENT");
        if (o === org) queued.push(r.response.conversation_id);
      }
    }
    // one agent comes online with room for two (written straight to the row: as if the drain that follows had crashed)
    const agent = await userIdOf(db, org, "agent");
    await db.update(memberships).set({ availability: "online", capacity: 2 }).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, agent)));

    const summary = await scheduledJob("dispatch-outbox").run(db, { now: new Date(), jobId: "dispatch-outbox" });
    expect(summary).toMatchObject({ assigned: 2 });
    const rows = await db.select({ id: conversations.id, status: conversations.status, agent: conversations.assignChannelAgentId }).from(conversations).where(eq(conversations.orgId, org.orgId));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(queued.map((id) => byId.get(id)!.status)).toEqual(["ASSIGNED", "ASSIGNED", "WAITING_ASSIGN_AGENT"]);
    expect(byId.get(queued[0]!)!.agent).toBe(agent);
    const otherRows = await db.select({ status: conversations.status }).from(conversations).where(eq(conversations.orgId, other.orgId));
    expect(otherRows.every((r) => r.status === "WAITING_ASSIGN_AGENT")).toBe(true);
    // again: nobody has room left, nothing changes
    expect(await scheduledJob("dispatch-outbox").run(db, { now: new Date(), jobId: "dispatch-outbox" })).toMatchObject({ assigned: 0 });
  });
});
