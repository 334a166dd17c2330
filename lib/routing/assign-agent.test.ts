/**
 * Auto-assignment of human-handled conversations (000_… BTS-S03): who gets a queued conversation, capacity, the
 * queue's arrival order, and what makes the queue drain (an agent going online, more capacity). On the PostgreSQL
 * server, concurrent assignments and drains never push an agent over capacity or assign a conversation twice.
 */
import { randomUUID } from "node:crypto";
import { and, count, eq, inArray } from "drizzle-orm";
import { ZodError } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, memberships, users } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { UserError } from "@/lib/errors/user-error";
import { updateAgentSettings } from "@/lib/members/change-member";
import { onPostgresServer, seedQuietOrg, seedTestOrg, testDb } from "@/test/db";
import { membershipOf, signInAs, userIdOf } from "@/test/members";
import { assignAvailableAgent, drainQueue } from "./assign-agent";
import { setAvailability } from "./set-availability";

let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;

beforeAll(async () => {
  db = await testDb();
});

const freshOrg = (): Promise<Org> => seedQuietOrg(db);

/** Adds a member to `org` (an agent, online, capacity 5 unless told otherwise); returns the user id. */
async function addMember(
  org: Org,
  { role = "agent", availability = "online", capacity = 5, status = "active", lastAssignedAt = null }: {
    role?: Role; availability?: "online" | "offline"; capacity?: number; status?: "active" | "deactivated"; lastAssignedAt?: Date | null;
  } = {},
): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({ email: `${role}-${randomUUID().slice(0, 8)}@${org.emailDomain}`, name: `Extra ${role}`, passwordHash: "not-used" })
    .returning({ id: users.id });
  await db.insert(memberships).values({
    orgId: org.orgId, userId: user!.id, role, availability, capacity, status, lastAssignedAt,
    deactivatedAt: status === "deactivated" ? new Date() : null,
  });
  return user!.id;
}

/** A conversation of `org` (queued by default), created at `createdAt`. */
async function addConversation(
  org: Org,
  { createdAt = new Date(), handoverAt = null, status = "WAITING_ASSIGN_AGENT", assignee = null, variant = "human" }: {
    createdAt?: Date; handoverAt?: Date | null; status?: "OPEN" | "WAITING_ASSIGN_AGENT" | "ASSIGNED" | "RESOLVED"; assignee?: string | null; variant?: "bot" | "human" | null;
  } = {},
): Promise<string> {
  const [row] = await db
    .insert(conversations)
    .values({
      orgId: org.orgId,
      channelId: org.channels[0]!.id,
      externalId: `c-${randomUUID()}`,
      contactId: `k-${randomUUID().slice(0, 8)}`,
      variant,
      botPercent: variant === null ? null : 30,
      status,
      assignChannelAgentId: assignee,
      assignedAt: assignee ? createdAt : null,
      handoverAt,
      firstMessagePreview: "hello",
      lastMessageAt: createdAt,
      createdAt,
    })
    .returning({ id: conversations.id });
  return row!.id;
}

async function conversation(id: string) {
  const [row] = await db.select().from(conversations).where(eq(conversations.id, id));
  return row!;
}

/** How many conversations each user has in ASSIGNED (users without any are omitted). */
async function loads(org: Org): Promise<Record<string, number>> {
  const rows = await db
    .select({ agent: conversations.assignChannelAgentId, n: count() })
    .from(conversations)
    .where(and(eq(conversations.orgId, org.orgId), eq(conversations.status, "ASSIGNED")))
    .groupBy(conversations.assignChannelAgentId);
  return Object.fromEntries(rows.map((r) => [r.agent!, r.n]));
}

const assign = (org: Org, conversationId: string, now?: Date) =>
  db.transaction((tx) => assignAvailableAgent(tx, { orgId: org.orgId, conversationId, now }));

const minutes = (m: number) => new Date(Date.UTC(2026, 2, 2, 3, 0) + m * 60_000);

describe("assignAvailableAgent", () => {
  it("gives a queued conversation to the least-loaded online agent and stamps the assignment", async () => {
    const org = await freshOrg();
    const busy = await addMember(org);
    const idle = await addMember(org);
    await addConversation(org, { status: "ASSIGNED", assignee: busy });
    await addConversation(org, { status: "ASSIGNED", assignee: busy });
    await addConversation(org, { status: "ASSIGNED", assignee: idle });
    const id = await addConversation(org);

    const now = new Date("2026-03-02T03:04:05Z");
    expect(await assign(org, id, now)).toBe(idle);
    expect(await conversation(id)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: idle, assignedAt: now, variant: "human" });
    const [member] = await db.select({ lastAssignedAt: memberships.lastAssignedAt }).from(memberships).where(eq(memberships.userId, idle));
    expect(member!.lastAssignedAt).toEqual(now);
  });

  it("breaks a tie in load in favour of whoever waited longest since their last assignment (never assigned first)", async () => {
    const org = await freshOrg();
    const recent = await addMember(org, { lastAssignedAt: minutes(50) });
    const earlier = await addMember(org, { lastAssignedAt: minutes(10) });
    expect(await assign(org, await addConversation(org), minutes(60))).toBe(earlier);
    // now `earlier` has one conversation and `recent` none: least loaded wins
    expect(await assign(org, await addConversation(org), minutes(61))).toBe(recent);
    const never = await addMember(org);
    // all three at one or zero: the never-assigned one goes first
    expect(await assign(org, await addConversation(org), minutes(62))).toBe(never);
  });

  it("respects capacity: a full agent gets nothing and the conversation stays queued, still human", async () => {
    const org = await freshOrg();
    const agent = await addMember(org, { capacity: 2 });
    await addConversation(org, { status: "ASSIGNED", assignee: agent });
    expect(await assign(org, await addConversation(org))).toBe(agent);
    const third = await addConversation(org);
    expect(await assign(org, third)).toBeNull();
    expect(await conversation(third)).toMatchObject({ status: "WAITING_ASSIGN_AGENT", assignChannelAgentId: null, assignedAt: null, variant: "human" });
    expect(await loads(org)).toEqual({ [agent]: 2 });
  });

  it("counts only ASSIGNED conversations as load (resolved ones free the slot)", async () => {
    const org = await freshOrg();
    const agent = await addMember(org, { capacity: 1 });
    await addConversation(org, { status: "RESOLVED", assignee: agent });
    await addConversation(org, { status: "RESOLVED", assignee: agent });
    expect(await assign(org, await addConversation(org))).toBe(agent);
  });

  it("never chooses offline or deactivated agents, owners, admins or supervisors, or another org's agents", async () => {
    const org = await freshOrg();
    const other = await freshOrg();
    await addMember(other); // online agent of another org
    await addMember(org, { availability: "offline" });
    await addMember(org, { status: "deactivated" });
    for (const role of ["owner", "admin", "supervisor"] as const) await addMember(org, { role });
    await db.update(memberships).set({ availability: "online" }).where(and(eq(memberships.orgId, org.orgId), inArray(memberships.role, ["owner", "admin", "supervisor"])));
    // the seeded agent stays offline
    const id = await addConversation(org);
    expect(await assign(org, id)).toBeNull();
    expect(await conversation(id)).toMatchObject({ status: "WAITING_ASSIGN_AGENT", assignChannelAgentId: null });
    expect(await loads(org)).toEqual({});

    const agent = await addMember(org);
    expect(await assign(org, id)).toBe(agent);
  });

  it("leaves a conversation that is not queued alone (bot-handled, already assigned or resolved)", async () => {
    const org = await freshOrg();
    const agent = await addMember(org);
    const other = await addMember(org, { lastAssignedAt: minutes(0) });
    const open = await addConversation(org, { status: "OPEN", variant: "bot" });
    const assigned = await addConversation(org, { status: "ASSIGNED", assignee: other });
    const resolved = await addConversation(org, { status: "RESOLVED" });
    for (const id of [open, assigned, resolved]) expect(await assign(org, id)).toBeNull();
    expect(await conversation(open)).toMatchObject({ status: "OPEN", assignChannelAgentId: null });
    expect(await conversation(assigned)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: other });
    expect(await conversation(resolved)).toMatchObject({ status: "RESOLVED", assignChannelAgentId: null });
    const [member] = await db.select({ lastAssignedAt: memberships.lastAssignedAt }).from(memberships).where(eq(memberships.userId, agent));
    expect(member!.lastAssignedAt).toBeNull();
  });
});

describe("drainQueue", () => {
  it("assigns in arrival order (handover time, else creation time) and stops when no one has room", async () => {
    const org = await freshOrg();
    // arrival: a (10), c (15), b (created 5 but handed over by the bot at 30), d (40)
    const a = await addConversation(org, { createdAt: minutes(10) });
    const b = await addConversation(org, { createdAt: minutes(5), handoverAt: minutes(30), variant: "bot" });
    const c = await addConversation(org, { createdAt: minutes(15) });
    const d = await addConversation(org, { createdAt: minutes(40) });
    const other = await freshOrg();
    const foreign = await addConversation(other, { createdAt: minutes(0) });

    expect(await drainQueue(db, { orgId: org.orgId })).toBe(0); // nobody online
    const agent = await addMember(org, { capacity: 2 });
    expect(await drainQueue(db, { orgId: org.orgId })).toBe(2);
    expect((await conversation(a)).status).toBe("ASSIGNED");
    expect((await conversation(c)).status).toBe("ASSIGNED");
    expect((await conversation(b)).status).toBe("WAITING_ASSIGN_AGENT");
    expect((await conversation(d)).status).toBe("WAITING_ASSIGN_AGENT");

    const second = await addMember(org, { capacity: 1 });
    expect(await drainQueue(db, { orgId: org.orgId })).toBe(1);
    expect(await conversation(b)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: second, variant: "bot" });
    expect((await conversation(d)).status).toBe("WAITING_ASSIGN_AGENT");
    expect(await loads(org)).toEqual({ [agent]: 2, [second]: 1 });
    // another org's queue is never touched
    expect(await conversation(foreign)).toMatchObject({ status: "WAITING_ASSIGN_AGENT", assignChannelAgentId: null });
  });

  it("spreads the queue over agents, least loaded first", async () => {
    const org = await freshOrg();
    const a = await addMember(org, { capacity: 3 });
    const b = await addMember(org, { capacity: 3 });
    await addConversation(org, { status: "ASSIGNED", assignee: a });
    for (let i = 0; i < 3; i++) await addConversation(org, { createdAt: minutes(i) });
    expect(await drainQueue(db, { orgId: org.orgId })).toBe(3);
    expect(await loads(org)).toEqual({ [a]: 2, [b]: 2 });
  });
});

describe("availability changes drain the queue", () => {
  it("setAvailability(online) assigns queued conversations to the agent in arrival order, up to capacity", async () => {
    const org = await freshOrg();
    const agentId = await userIdOf(db, org, "agent");
    await db.update(memberships).set({ capacity: 2 }).where(and(eq(memberships.orgId, org.orgId), eq(memberships.userId, agentId)));
    const ids = [];
    for (const m of [30, 10, 20]) ids.push(await addConversation(org, { createdAt: minutes(m) }));
    const [late, first, second] = ids as [string, string, string];

    expect(await setAvailability(db, { orgId: org.orgId, userId: agentId, availability: "online" })).toBe(2);
    expect(await conversation(first)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agentId });
    expect(await conversation(second)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agentId });
    expect(await conversation(late)).toMatchObject({ status: "WAITING_ASSIGN_AGENT", assignChannelAgentId: null });
    expect((await conversation(first)).assignedAt!.getTime()).toBeLessThanOrEqual((await conversation(second)).assignedAt!.getTime());

    // going offline keeps what they have and assigns nothing
    expect(await setAvailability(db, { orgId: org.orgId, userId: agentId, availability: "offline" })).toBe(0);
    expect(await membershipOf(db, org.orgId, agentId)).toMatchObject({ availability: "offline" });
    expect(await loads(org)).toEqual({ [agentId]: 2 });
    expect((await conversation(late)).status).toBe("WAITING_ASSIGN_AGENT");
  });

  it("setAvailability refuses another org's member (404) and a bad value (ZodError), changing nothing", async () => {
    const org = await freshOrg();
    const other = await freshOrg();
    const outsider = await userIdOf(db, other, "agent");
    const error = await setAvailability(db, { orgId: org.orgId, userId: outsider, availability: "online" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).status).toBe(404);
    expect(await membershipOf(db, other.orgId, outsider)).toMatchObject({ availability: "offline" });
    const agentId = await userIdOf(db, org, "agent");
    await expect(setAvailability(db, { orgId: org.orgId, userId: agentId, availability: "away" })).rejects.toBeInstanceOf(ZodError);
    expect(await membershipOf(db, org.orgId, agentId)).toMatchObject({ availability: "offline" });
  });

  it("updateAgentSettings(online) drains the queue in arrival order; raising capacity of an online agent takes more", async () => {
    const org = await freshOrg();
    const admin = await signInAs(db, org, "admin");
    const agentId = await userIdOf(db, org, "agent");
    const ids = [];
    for (const m of [3, 1, 2]) ids.push(await addConversation(org, { createdAt: minutes(m) }));
    const [third, first, second] = ids as [string, string, string];

    await updateAgentSettings(db, { actor: admin, input: { userId: agentId, capacity: 1, availability: "online" } });
    expect(await conversation(first)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agentId });
    expect((await conversation(second)).status).toBe("WAITING_ASSIGN_AGENT");

    await updateAgentSettings(db, { actor: admin, input: { userId: agentId, capacity: 3, availability: "online" } });
    expect(await conversation(second)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agentId });
    expect(await conversation(third)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agentId });
  });

  it("updateAgentSettings by a supervisor is refused (403) and assigns nothing", async () => {
    const org = await freshOrg();
    const supervisor = await signInAs(db, org, "supervisor");
    const agentId = await userIdOf(db, org, "agent");
    const id = await addConversation(org);
    const error = await updateAgentSettings(db, { actor: supervisor, input: { userId: agentId, capacity: 3, availability: "online" } }).catch((e: unknown) => e);
    expect((error as UserError).status).toBe(403);
    expect(await membershipOf(db, org.orgId, agentId)).toMatchObject({ availability: "offline", capacity: 5 });
    expect((await conversation(id)).status).toBe("WAITING_ASSIGN_AGENT");
  });
});

describe("under concurrency (PostgreSQL server)", () => {
  it.skipIf(!onPostgresServer())("40 concurrent assignments and 8 drains never push an agent over capacity or assign a conversation twice", async () => {
    const org = await freshOrg();
    const capacities = [2, 3, 4];
    const agents = await Promise.all(capacities.map((capacity) => addMember(org, { capacity })));
    const queued: string[] = [];
    for (let i = 0; i < 40; i++) queued.push(await addConversation(org, { createdAt: minutes(i) }));

    const [singles, drains] = await Promise.all([
      Promise.all(queued.map((id) => assign(org, id))),
      Promise.all(Array.from({ length: 8 }, () => drainQueue(db, { orgId: org.orgId }))),
    ]);
    const perAgent = await loads(org);
    agents.forEach((agent, i) => expect(perAgent[agent] ?? 0).toBeLessThanOrEqual(capacities[i]!));
    const assignedRows = Object.values(perAgent).reduce((s, n) => s + n, 0);
    // every successful assignment (single or drained) is exactly one ASSIGNED row: none counted twice
    expect(singles.filter(Boolean).length + drains.reduce((s, n) => s + n, 0)).toBe(assignedRows);
    expect(assignedRows).toBeGreaterThan(0);
    // each single assignment named the agent the row now carries
    for (const [i, agent] of singles.entries()) if (agent) expect((await conversation(queued[i]!)).assignChannelAgentId).toBe(agent);

    // whatever the interleaving, a later drain fills every remaining slot and no more
    await drainQueue(db, { orgId: org.orgId });
    expect(await loads(org)).toEqual(Object.fromEntries(agents.map((a, i) => [a, capacities[i]])));
    const [waiting] = await db.select({ n: count() }).from(conversations).where(and(eq(conversations.orgId, org.orgId), eq(conversations.status, "WAITING_ASSIGN_AGENT")));
    expect(waiting!.n).toBe(40 - 9);
  });

  it.skipIf(!onPostgresServer())("20 concurrent assignments of one conversation assign it once", async () => {
    const org = await freshOrg();
    await addMember(org, { capacity: 10 });
    await addMember(org, { capacity: 10 });
    const id = await addConversation(org);
    const results = await Promise.all(Array.from({ length: 20 }, () => assign(org, id)));
    const winners = results.filter(Boolean);
    expect(winners).toHaveLength(1);
    expect(await conversation(id)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: winners[0] });
    expect(await loads(org)).toEqual({ [winners[0]!]: 1 });
  });

  it.skipIf(!onPostgresServer())("agents going online while 6 drains run never exceed capacity", async () => {
    const org = await freshOrg();
    const agents = await Promise.all([1, 2, 3].map((capacity) => addMember(org, { capacity, availability: "offline" })));
    for (let i = 0; i < 20; i++) await addConversation(org, { createdAt: minutes(i) });
    await Promise.all([
      ...agents.map((userId) => setAvailability(db, { orgId: org.orgId, userId, availability: "online" })),
      ...Array.from({ length: 6 }, () => drainQueue(db, { orgId: org.orgId })),
    ]);
    const perAgent = await loads(org);
    agents.forEach((agent, i) => expect(perAgent[agent] ?? 0).toBeLessThanOrEqual(i + 1));
    await drainQueue(db, { orgId: org.orgId });
    expect(await loads(org)).toEqual({ [agents[0]!]: 1, [agents[1]!]: 2, [agents[2]!]: 3 });
  });
});
