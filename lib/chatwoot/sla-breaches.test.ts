/**
 * SLA breaches are recorded once per clock when they fall due (004_… §6; issue 7): first response past due without a
 * reply, resolution past due while unresolved; met or not-yet-due clocks record nothing.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversations, events } from "@/db/schema";
import { seedQuietOrg, testDb } from "@/test/db";
import { recordSlaBreaches } from "./sla-breaches";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const NOW = new Date("2026-11-20T10:00:00Z");
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);

async function conv(org: Awaited<ReturnType<typeof seedQuietOrg>>, v: { firstDue: Date; firstAt?: Date | null; resolutionDue: Date; resolved?: boolean }) {
  const [row] = await db
    .insert(conversations)
    .values({
      orgId: org.orgId, channelId: org.channels[0]!.id, externalId: randomUUID(), contactId: `chatwoot:${randomUUID()}`, priority: "P1",
      status: v.resolved ? "RESOLVED" : "OPEN", closedReason: v.resolved ? "RESOLVE" : null, closedAt: v.resolved ? minutes(-1) : null,
      slaFirstResponseDueAt: v.firstDue, firstResponseAt: v.firstAt ?? null, slaResolutionDueAt: v.resolutionDue,
      firstMessagePreview: "help", lastMessageAt: minutes(-120), createdAt: minutes(-120),
    })
    .returning({ id: conversations.id });
  return row!.id;
}

const breachesOf = async (orgId: string) =>
  (await db.select({ conversationId: events.conversationId, properties: events.properties, occurredAt: events.occurredAt }).from(events).where(and(eq(events.orgId, orgId), eq(events.name, "sla_breached"))))
    .map((e) => ({ conversationId: e.conversationId, clock: (e.properties as { clock: string }).clock, at: e.occurredAt.toISOString() }))
    .sort((a, b) => `${a.conversationId}${a.clock}`.localeCompare(`${b.conversationId}${b.clock}`));

describe("recordSlaBreaches", () => {
  it("records each overdue clock once, at its due time, and nothing for met or future clocks", async () => {
    const org = await seedQuietOrg(db);
    const unanswered = await conv(org, { firstDue: minutes(-30), resolutionDue: minutes(60) }); // first response breached
    const answeredLate = await conv(org, { firstDue: minutes(-30), firstAt: minutes(-10), resolutionDue: minutes(60) }); // answered: no event (late answers show in compliance)
    const bothLate = await conv(org, { firstDue: minutes(-90), resolutionDue: minutes(-5) }); // both breached
    const resolved = await conv(org, { firstDue: minutes(-90), firstAt: minutes(-95), resolutionDue: minutes(-5), resolved: true }); // met and resolved
    const future = await conv(org, { firstDue: minutes(5), resolutionDue: minutes(60) });

    const first = await recordSlaBreaches(db, { now: NOW });
    const mine = first.filter((b) => [unanswered, answeredLate, bothLate, resolved, future].includes(b.conversationId));
    expect(mine).toHaveLength(3);
    expect(await breachesOf(org.orgId)).toEqual(
      [
        { conversationId: unanswered, clock: "first_response", at: minutes(-30).toISOString() },
        { conversationId: bothLate, clock: "first_response", at: minutes(-90).toISOString() },
        { conversationId: bothLate, clock: "resolution", at: minutes(-5).toISOString() },
      ].sort((a, b) => `${a.conversationId}${a.clock}`.localeCompare(`${b.conversationId}${b.clock}`)),
    );
    // running again records nothing new
    expect((await recordSlaBreaches(db, { now: NOW })).filter((b) => b.conversationId === unanswered || b.conversationId === bothLate)).toEqual([]);
    expect(await breachesOf(org.orgId)).toHaveLength(3);
  });
});
