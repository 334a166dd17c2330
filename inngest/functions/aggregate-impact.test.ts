import { InngestTestEngine } from "@inngest/test";
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { aiActivityDaily, conversations } from "@/db/schema";
import { addDays, localToday } from "@/lib/time/local-day";
import { seedQuietOrg, testDb } from "@/test/db";
import { aggregateImpactFn } from "./aggregate-impact";
import { functions } from "./index";

let db: Db;
type Org = Awaited<ReturnType<typeof seedQuietOrg>>;

beforeAll(async () => {
  db = await testDb();
});

async function conversation(org: Org, createdAt: Date, closed = true) {
  await db.insert(conversations).values({
    orgId: org.orgId, channelId: org.channels[0]!.id, externalId: `c-${randomUUID()}`, contactId: `k-${randomUUID()}`,
    status: closed ? "RESOLVED" : "OPEN", closedReason: closed ? "RESOLVE_AI" : null, closedAt: closed ? new Date(createdAt.getTime() + 60_000) : null,
    firstMessagePreview: "hi", lastMessageAt: createdAt, createdAt,
  });
}

const rowsOf = (org: Org) =>
  db.select().from(aiActivityDaily).where(eq(aiActivityDaily.orgId, org.orgId)).orderBy(asc(aiActivityDaily.day));

describe("aggregate-impact (hourly cron + impact/recompute.requested)", () => {
  it("is served, scheduled hourly and listens for recompute requests", () => {
    expect(functions).toContain(aggregateImpactFn);
    const triggers = (aggregateImpactFn as unknown as { opts: { triggers?: { cron?: string; event?: string }[] } }).opts.triggers ?? [];
    expect(triggers.filter((t) => t.cron).map((t) => t.cron)).toEqual([expect.stringMatching(/^\d{1,2} \* \* \* \*$/)]);
    expect(triggers.filter((t) => t.event).map((t) => t.event)).toEqual(["impact/recompute.requested"]);
  });

  it("on impact/recompute.requested with an org and a range, rebuilds exactly that range for that org", async () => {
    const org = await seedQuietOrg(db);
    const bystander = await seedQuietOrg(db);
    // a backfill a month back (well inside the 13-month retention), days local to Asia/Jakarta
    const d0 = addDays(localToday("Asia/Jakarta"), -30);
    const wib10 = (day: string) => new Date(`${day}T10:00:00+07:00`);
    await conversation(org, wib10(d0));
    await conversation(org, wib10(addDays(d0, 1)), false);
    await conversation(org, wib10(addDays(d0, 10))); // outside the range
    await conversation(bystander, wib10(d0));
    const event = { name: "impact/recompute.requested" as const, data: { orgId: org.orgId, from: d0, to: addDays(d0, 2) } };
    const expected = [[d0, 1, 1], [addDays(d0, 1), 1, 0]];

    const run = await new InngestTestEngine({ function: aggregateImpactFn }).execute({ events: [event] });
    expect(run.result).toEqual({ orgs: 1, rows: 2 });
    expect((await rowsOf(org)).map((r) => [r.day, r.conversations, r.aiResolved])).toEqual(expected);
    expect(await rowsOf(bystander)).toEqual([]);

    // a retry rebuilds the same rows
    const again = await new InngestTestEngine({ function: aggregateImpactFn }).execute({ events: [event] });
    expect(again.result).toEqual({ orgs: 1, rows: 2 });
    expect((await rowsOf(org)).map((r) => [r.day, r.conversations, r.aiResolved])).toEqual(expected);
  });

  it("on impact/recompute.requested with an org and no range, recomputes that org's recent days", async () => {
    const org = await seedQuietOrg(db);
    await conversation(org, new Date(Date.now() - 60 * 60_000));
    const run = await new InngestTestEngine({ function: aggregateImpactFn }).execute({
      events: [{ name: "impact/recompute.requested", data: { orgId: org.orgId } }],
    });
    expect(run.result).toEqual({ orgs: 1, rows: 1 });
    expect((await rowsOf(org)).map((r) => r.conversations)).toEqual([1]);
  });

  it("on the cron, recomputes the last local days of every org", async () => {
    const org = await seedQuietOrg(db);
    const other = await seedQuietOrg(db);
    const createdAt = new Date(Date.now() - 60 * 60_000);
    await conversation(org, createdAt);
    await conversation(other, createdAt, false);
    // an old conversation outside the last 3 local days is left alone
    await conversation(org, new Date(Date.now() - 10 * 24 * 60 * 60_000));

    const run = await new InngestTestEngine({ function: aggregateImpactFn }).execute();
    const result = run.result as { orgs: number; rows: number };
    expect(result.orgs).toBeGreaterThanOrEqual(2);
    expect(result.rows).toBeGreaterThanOrEqual(2);
    const day = localToday("Asia/Jakarta", createdAt);
    expect((await rowsOf(org)).map((r) => [r.day, r.conversations, r.aiResolved])).toEqual([[day, 1, 1]]);
    expect((await rowsOf(other)).map((r) => [r.day, r.conversations, r.aiResolved])).toEqual([[day, 1, 0]]);
  });
});
