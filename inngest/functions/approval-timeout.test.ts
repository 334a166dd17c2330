/**
 * The approval timers with @inngest/test on a real database and a local push service: `approval-timeout` sleeps until
 * the operator's due time and notifies the assignee, then until the manager's due time and alerts the supervisors;
 * a decision taken meanwhile leaves nothing to fire; `sweep-approval-timeouts` catches due levels whose timer was lost.
 *
 * The two `step.sleepUntil` calls are mocked through the engine's step mocking (`steps: [{ id: "operator-due" }]`);
 * each mock checks what has (not) happened before the timer ends, then moves the clock (only `Date` is faked) to the
 * instant the function asked to sleep until — the due time stored on the approval.
 */
import { InngestTestEngine } from "@inngest/test";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { approvals, conversations, events, messages } from "@/db/schema";
import { saveSubscription } from "@/lib/alerts/push-subscriptions";
import { escalateApproval } from "@/lib/approvals/decide-approval";
import { fireApprovalTimeouts } from "@/lib/approvals/approval-timeouts";
import { seedQuietOrg, testDb } from "@/test/db";
import { signInAs, userIdOf } from "@/test/members";
import { localPushService, newDeviceKeys, subscriptionInput } from "@/test/push-service";
import { approvalTimeoutFn, sweepApprovalTimeoutsFn } from "./approval-timeout";
import { functions } from "./index";

const local = localPushService();
let db: Db;

beforeAll(async () => {
  db = await testDb();
});

afterEach(() => {
  vi.useRealTimers();
});

type Org = Awaited<ReturnType<typeof seedQuietOrg>>;
let ids = 3000;

/** A fresh org whose agent and supervisor each have a device on the local push service. */
async function orgWithDevices() {
  const org = await seedQuietOrg(db);
  const paths = { agent: "", supervisor: "" };
  const users = { agent: await userIdOf(db, org, "agent"), supervisor: await userIdOf(db, org, "supervisor") };
  for (const role of ["agent", "supervisor"] as const) {
    const endpoint = local.service.endpoint(`${org.slug}-${role}`);
    paths[role] = new URL(endpoint).pathname;
    await saveSubscription(db, { userId: users[role], input: subscriptionInput(endpoint, newDeviceKeys()) });
  }
  return { org, paths, users };
}

/** A pending approval created at `createdAt` (due 30 and 60 minutes later) assigned to `assigneeId`. */
async function pendingApproval(org: Org, assigneeId: string | null, createdAt: Date) {
  const [conv] = await db
    .insert(conversations)
    .values({ orgId: org.orgId, channelId: org.channels[1]!.id, externalId: String(++ids), contactId: `chatwoot:${ids}`, contactName: "Rina Wulandari", priority: "P2", firstMessagePreview: "Where is my order?", messageCount: 1, lastMessageAt: createdAt, createdAt })
    .returning({ id: conversations.id });
  const [msg] = await db.insert(messages).values({ orgId: org.orgId, conversationId: conv!.id, externalId: String(++ids), sender: "customer", content: "Where is my order?", sentAt: createdAt }).returning({ id: messages.id });
  const operatorDueAt = new Date(createdAt.getTime() + 30 * 60_000);
  const managerDueAt = new Date(createdAt.getTime() + 60 * 60_000);
  const [a] = await db
    .insert(approvals)
    .values({ orgId: org.orgId, conversationId: conv!.id, messageId: msg!.id, draft: "Your order ships tomorrow.", confidence: 0.8, assigneeId, operatorDueAt, managerDueAt, createdAt })
    .returning({ id: approvals.id });
  return { id: a!.id, operatorDueAt, managerDueAt };
}

/** The `approvals/approval.opened` event as process-chatwoot-event sends it. */
const opened = (orgId: string, a: { id: string; operatorDueAt: Date; managerDueAt: Date }) => ({
  name: "approvals/approval.opened" as const,
  data: { approvalId: a.id, orgId, operatorDueAt: a.operatorDueAt.toISOString(), managerDueAt: a.managerDueAt.toISOString() },
});
const levelOf = async (id: string) => (await db.select({ level: approvals.escalationLevel }).from(approvals).where(eq(approvals.id, id)))[0]!.level;
const requestsTo = (path: string) => local.service.requests.filter((r) => r.path === path);
const pushes = (o: { paths: { agent: string; supervisor: string } }) => ({ agent: requestsTo(o.paths.agent).length, supervisor: requestsTo(o.paths.supervisor).length });

describe("approval-timeout (approvals/approval.opened)", () => {
  it("is served, started by approvals/approval.opened and cancelled by approvals/approval.decided for the same approval", () => {
    expect(functions).toContain(approvalTimeoutFn);
    expect(functions).toContain(sweepApprovalTimeoutsFn);
    const opts = (approvalTimeoutFn as unknown as { opts: { triggers?: { event?: string }[]; cancelOn?: { event: unknown; match?: string }[] } }).opts;
    expect(opts.triggers?.map((t) => t.event)).toEqual(["approvals/approval.opened"]);
    expect(opts.cancelOn).toHaveLength(1);
    const cancel = opts.cancelOn![0]!;
    expect(typeof cancel.event === "string" ? cancel.event : (cancel.event as { name: string }).name).toBe("approvals/approval.decided");
    expect(cancel.match).toBe("data.approvalId");
  });

  it("sleeps until the operator's due time and notifies the assignee, then until the manager's and alerts the supervisor", async () => {
    const o = await orgWithDevices();
    const createdAt = new Date(Date.now() - 1000);
    const a = await pendingApproval(o.org, o.users.agent, createdAt);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(createdAt);

    const seenAtOperatorDue: unknown[] = [];
    const seenAtManagerDue: unknown[] = [];
    const { result, error, ctx } = await new InngestTestEngine({ function: approvalTimeoutFn }).execute({
      events: [opened(o.org.orgId, a)],
      steps: [
        {
          id: "operator-due",
          handler: async () => {
            // until the timer ends, nothing has fired
            seenAtOperatorDue.push(await levelOf(a.id), pushes(o));
            vi.setSystemTime(a.operatorDueAt);
            return null;
          },
        },
        {
          id: "manager-due",
          handler: async () => {
            seenAtManagerDue.push(await levelOf(a.id), pushes(o));
            vi.setSystemTime(a.managerDueAt);
            return null;
          },
        },
      ],
    });
    expect(error).toBeUndefined();
    expect(result).toEqual({ fired: [1, 2] });
    expect(ctx.step.sleepUntil).toHaveBeenCalledWith("operator-due", a.operatorDueAt);
    expect(ctx.step.sleepUntil).toHaveBeenCalledWith("manager-due", a.managerDueAt);
    expect(ctx.step.run).toHaveBeenCalledWith("notify-operator", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("notify-managers", expect.any(Function));

    expect(seenAtOperatorDue).toEqual([0, { agent: 0, supervisor: 0 }]);
    // between the two timers: the operator was reminded (normal urgency), the supervisor not yet
    expect(seenAtManagerDue).toEqual([1, { agent: 1, supervisor: 0 }]);
    expect(requestsTo(o.paths.agent)[0]!.headers.urgency).toBe("normal");
    // after the second: the supervisor, with high urgency; the operator not again
    expect(await levelOf(a.id)).toBe(2);
    expect(pushes(o)).toEqual({ agent: 1, supervisor: 1 });
    expect(requestsTo(o.paths.supervisor)[0]!.headers.urgency).toBe("high");
    const recorded = await db.select({ key: events.dedupKey }).from(events).where(and(eq(events.orgId, o.org.orgId), eq(events.name, "approval_timeout"))).orderBy(events.id);
    expect(recorded).toEqual([{ key: `approval_timeout:${a.id}:1` }, { key: `approval_timeout:${a.id}:2` }]);
  });

  it("a timer that ends before the due time (clock not moved) fires nothing", async () => {
    const o = await orgWithDevices();
    const createdAt = new Date(Date.now() - 1000);
    const a = await pendingApproval(o.org, o.users.agent, createdAt);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(createdAt);
    const { result } = await new InngestTestEngine({ function: approvalTimeoutFn }).execute({
      events: [opened(o.org.orgId, a)],
      steps: [
        { id: "operator-due", handler: () => null },
        { id: "manager-due", handler: () => null },
      ],
    });
    expect(result).toEqual({ fired: [] });
    expect(await levelOf(a.id)).toBe(0);
    expect(pushes(o)).toEqual({ agent: 0, supervisor: 0 });
  });

  it("fires nothing when the approval was decided (escalated by its operator) before the operator's due time", async () => {
    const o = await orgWithDevices();
    const createdAt = new Date(Date.now() - 1000);
    const a = await pendingApproval(o.org, o.users.agent, createdAt);
    const agent = await signInAs(db, o.org, "agent");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(createdAt);
    const { result, error } = await new InngestTestEngine({ function: approvalTimeoutFn }).execute({
      events: [opened(o.org.orgId, a)],
      steps: [
        {
          id: "operator-due",
          handler: async () => {
            vi.setSystemTime(new Date(createdAt.getTime() + 12 * 60_000));
            await escalateApproval(db, { actor: agent, approvalId: a.id, reason: "the customer threatens a chargeback" });
            vi.setSystemTime(a.operatorDueAt);
            return null;
          },
        },
        {
          id: "manager-due",
          handler: () => {
            vi.setSystemTime(a.managerDueAt);
            return null;
          },
        },
      ],
    });
    expect(error).toBeUndefined();
    expect(result).toEqual({ fired: [] });
    expect(await levelOf(a.id)).toBe(0);
    // no timeout push; the one supervisor push is the escalation's own notice
    expect(pushes(o)).toEqual({ agent: 0, supervisor: 1 });
  });

  it("fires the operator level only when the approval is sent between the two due times", async () => {
    const o = await orgWithDevices();
    const createdAt = new Date(Date.now() - 1000);
    const a = await pendingApproval(o.org, o.users.agent, createdAt);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(createdAt);
    const { result } = await new InngestTestEngine({ function: approvalTimeoutFn }).execute({
      events: [opened(o.org.orgId, a)],
      steps: [
        {
          id: "operator-due",
          handler: () => {
            vi.setSystemTime(a.operatorDueAt);
            return null;
          },
        },
        {
          id: "manager-due",
          handler: async () => {
            const sentAt = new Date(a.operatorDueAt.getTime() + 5 * 60_000);
            await db.update(approvals).set({ status: "sent", decision: "approved", finalText: "Your order ships tomorrow.", editDistance: 0, decidedAt: sentAt, sentAt }).where(eq(approvals.id, a.id));
            vi.setSystemTime(a.managerDueAt);
            return null;
          },
        },
      ],
    });
    // level 1 fired at 30 min; at 60 min the approval is sent, so the supervisor is never alerted
    expect(result).toEqual({ fired: [1] });
    expect(await levelOf(a.id)).toBe(1);
    expect(pushes(o)).toEqual({ agent: 1, supervisor: 0 });
  });
});

describe("sweep-approval-timeouts (every minute)", () => {
  it("is scheduled every minute", () => {
    const opts = (sweepApprovalTimeoutsFn as unknown as { opts: { triggers?: { cron?: string }[] } }).opts;
    expect(opts.triggers?.map((t) => t.cron)).toEqual(["* * * * *"]);
  });

  it("fires the due levels whose timer was lost, once: 35 min → operator, 65 min → managers, 10 min and decided → nothing", async () => {
    // anything an earlier test left due is fired first, so the counts below are this test's own
    await fireApprovalTimeouts(db);
    const o = await orgWithDevices();
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const late = await pendingApproval(o.org, o.users.agent, ago(35));
    const veryLate = await pendingApproval(o.org, o.users.agent, ago(65));
    await db.update(approvals).set({ escalationLevel: 1 }).where(eq(approvals.id, veryLate.id)); // its operator was already reminded
    const fresh = await pendingApproval(o.org, o.users.agent, ago(10));
    const escalated = await pendingApproval(o.org, o.users.agent, ago(90));
    await db.update(approvals).set({ status: "escalated", decision: "escalated", decidedAt: ago(80), escalationReason: "VIP" }).where(eq(approvals.id, escalated.id));

    const { result, ctx } = await new InngestTestEngine({ function: sweepApprovalTimeoutsFn }).execute();
    expect(ctx.step.run).toHaveBeenCalledWith("run", expect.any(Function));
    expect(result).toMatchObject({ timeouts: 2 });
    expect([await levelOf(late.id), await levelOf(veryLate.id), await levelOf(fresh.id), await levelOf(escalated.id)]).toEqual([1, 2, 0, 0]);
    expect(pushes(o)).toEqual({ agent: 1, supervisor: 1 });

    // the next sweep finds nothing new
    expect((await new InngestTestEngine({ function: sweepApprovalTimeoutsFn }).execute()).result).toMatchObject({ timeouts: 0 });
    expect(pushes(o)).toEqual({ agent: 1, supervisor: 1 });
  });
});
