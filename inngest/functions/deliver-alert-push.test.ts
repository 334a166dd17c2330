import { InngestTestEngine } from "@inngest/test";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { alertDeliveries, alerts, conversations, pushSubscriptions } from "@/db/schema";
import { BUILT_IN_AGENT_NAME } from "@/lib/agent/channel-agent";
import { saveSubscription } from "@/lib/alerts/push-subscriptions";
import { raiseAlert, type PushRequest } from "@/lib/alerts/raise-alert";
import { seedQuietOrg, testDb } from "@/test/db";
import { userIdOf } from "@/test/members";
import { localPushService, newDeviceKeys, subscriptionInput } from "@/test/push-service";
import { deliverAlertPushFn } from "./deliver-alert-push";
import { functions } from "./index";

let db: Db;
/** the local push service; `answers`: status queue per endpoint path, 201 when empty */
const local = localPushService();

beforeAll(async () => {
  db = await testDb();
});

/** An org whose supervisor has one device on the local push service, and a fresh low-confidence alert. */
async function alertWithDevice(): Promise<{ push: PushRequest; alertId: string; subscriptionId: string; path: string }> {
  const org = await seedQuietOrg(db);
  const endpoint = local.service.endpoint();
  const subscriptionId = await saveSubscription(db, { userId: await userIdOf(db, org, "supervisor"), input: subscriptionInput(endpoint, newDeviceKeys()) });
  const [c] = await db
    .insert(conversations)
    .values({ orgId: org.orgId, channelId: org.channels[0]!.id, externalId: `c-${randomUUID()}`, contactId: "k", firstMessagePreview: "hi", lastMessageAt: new Date() })
    .returning({ id: conversations.id });
  const { alertId, push } = await raiseAlert(db, {
    orgId: org.orgId, signal: { signal: "low_confidence", value: 0.1, threshold: 0.4 }, conversationId: c!.id, channelId: org.channels[0]!.id,
    channelName: org.channels[0]!.name, agentId: null, agentName: BUILT_IN_AGENT_NAME, agentVersionId: null, at: new Date(),
  });
  return { push: push!, alertId, subscriptionId, path: new URL(endpoint).pathname };
}

const run = (push: PushRequest) => new InngestTestEngine({ function: deliverAlertPushFn }).execute({ events: [{ name: "alerts/push.requested", data: push }] });
const deliveries = (alertId: string) => db.select({ statusCode: alertDeliveries.statusCode }).from(alertDeliveries).where(eq(alertDeliveries.alertId, alertId)).orderBy(alertDeliveries.id);
const requestsTo = (path: string) => local.service.requests.filter((r) => r.path === path);

describe("deliver-alert-push (alerts/push.requested)", () => {
  it("is served, triggered by alerts/push.requested, and retried by Inngest", () => {
    expect(functions).toContain(deliverAlertPushFn);
    const opts = (deliverAlertPushFn as unknown as { opts: { id: string; retries?: number; triggers?: { event?: string }[] } }).opts;
    expect(opts.triggers?.map((t) => t.event)).toEqual(["alerts/push.requested"]);
    expect(opts.retries).toBeGreaterThan(0);
  });

  it("delivers a real alert to its recipient's device in one step", async () => {
    const { push, alertId, subscriptionId, path } = await alertWithDevice();
    const { result, ctx } = await run(push);
    expect(result).toEqual({ recipients: 1, sent: 1, removed: 0, failed: 0, skipped: 0, noSupervisor: false });
    expect(ctx.step.run).toHaveBeenCalledWith("push-to-devices", expect.any(Function));
    expect(requestsTo(path)).toHaveLength(1);
    expect(requestsTo(path)[0]!.headers).toMatchObject({ ttl: "3600", urgency: "low", "content-encoding": "aes128gcm" });
    expect(await deliveries(alertId)).toEqual([{ statusCode: 201 }]);
    const [sub] = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, subscriptionId));
    expect(sub!.lastSuccessAt).not.toBeNull();
  });

  it("a 503 from the push service fails the step with a retriable error (so Inngest retries); the retry run delivers once", async () => {
    const { push, alertId, path } = await alertWithDevice();
    local.answers.set(path, [503, 503]);
    const failed = await run(push);
    expect(failed.result).toBeUndefined();
    expect(failed.error).toMatchObject({ name: "RetryablePushError", message: expect.stringContaining("503") });
    // the step reports StepError (retried with backoff), not StepFailed (NonRetriableError: given up)
    const step = await new InngestTestEngine({ function: deliverAlertPushFn }).executeStep("push-to-devices", { events: [{ name: "alerts/push.requested", data: push }] });
    expect(step.step).toMatchObject({ op: "StepError", name: "push-to-devices", error: { name: "RetryablePushError" } });
    expect(await deliveries(alertId)).toEqual([{ statusCode: 503 }, { statusCode: 503 }]);

    // Inngest's retry is a new execution of the same event: it reaches the device and records the success
    const retried = await run(push);
    expect(retried.error).toBeUndefined();
    expect(retried.result).toMatchObject({ sent: 1, skipped: 0 });
    expect(requestsTo(path)).toHaveLength(3);
    expect(await deliveries(alertId)).toEqual([{ statusCode: 503 }, { statusCode: 503 }, { statusCode: 201 }]);
    // a further redelivery reaches nobody twice
    expect((await run(push)).result).toMatchObject({ sent: 0, skipped: 1 });
    expect(requestsTo(path)).toHaveLength(3);
  });

  it("a 410 removes the subscription and completes without retrying", async () => {
    const { push, alertId, subscriptionId, path } = await alertWithDevice();
    local.answers.set(path, [410]);
    const { result, error } = await run(push);
    expect(error).toBeUndefined();
    expect(result).toEqual({ recipients: 1, sent: 0, removed: 1, failed: 0, skipped: 0, noSupervisor: false });
    expect(await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, subscriptionId))).toEqual([]);
    expect(await deliveries(alertId)).toEqual([{ statusCode: 410 }]);
    expect((await db.select({ open: alerts.open }).from(alerts).where(eq(alerts.id, alertId)))[0]).toEqual({ open: true });
  });
});
