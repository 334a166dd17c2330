/**
 * Issue 17 item 7, end to end: with the private-endpoint flag OFF (`TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS=0`, the
 * production default) Tandem's three kinds of outbound request never reach a private address. Each kind aims at a
 * real HTTP receiver on 127.0.0.1 (standing in for an internal service) through the product code on a real database:
 * 1. a web push to a subscription whose endpoint is on 127.0.0.1 (test notification and an alert's push);
 * 2. an agent's reply to a channel whose outbound reply URL is on 127.0.0.1 (and Retry);
 * 3. Chatwoot calls to a linked base URL on 127.0.0.1 (the link's "Test connection", and an agent's reply in a
 *    Chatwoot conversation).
 * Each is refused before connecting (the receiver records no request) and the refusal shows where a user looks: the
 * test notification counts the device failed and the delivery log names the non-public address; the reply's delivery
 * ends `failed` with its reason; "Test connection" refuses with a sentence. Controls: the same receivers ARE reached
 * with `allowPrivate` on (`outboundFetch(url, …, { allowPrivate: true })`, and "Test connection" with a fetch that
 * allows private addresses answers "Connected as …") — so the refusals are the address check, not a dead receiver.
 *
 * vitest.config.ts turns the flag on for every test file; this file turns it off before any module is imported
 * (`env()` caches the environment on its first call) and restores it afterwards.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import { alertDeliveries, chatwootLinks, conversations, pushSubscriptions, replyDeliveries } from "@/db/schema";
import { BUILT_IN_AGENT_NAME } from "@/lib/agent/channel-agent";
import { deliverPush, RetryablePushError, sendTestNotification } from "@/lib/alerts/deliver-push";
import { saveSubscription } from "@/lib/alerts/push-subscriptions";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { setOutboundReplyUrl } from "@/lib/channels/outbound-reply-url";
import { saveChatwootLink } from "@/lib/chatwoot/link";
import { testChatwootConnection } from "@/lib/chatwoot/test-connection";
import { env } from "@/lib/config/env";
import { replyToConversation, retryAgentReply } from "@/lib/conversations/send-agent-reply";
import { seal } from "@/lib/crypto/secret-box";
import { UserError } from "@/lib/errors/user-error";
import { seedQuietOrg, testDb } from "@/test/db";
import { localChatwootStandin } from "@/test/local-chatwoot-standin";
import { signInAs, userIdOf } from "@/test/members";
import { localPushService, newDeviceKeys, subscriptionInput } from "@/test/push-service";
import { startReplyReceiver, type ReplyReceiver } from "@/test/reply-receiver";
import { BlockedAddressError, outboundFetch } from "./outbound-fetch";

// the flag off before any module runs: vitest moves vi.hoisted above the imports, and env() caches on first call
vi.hoisted(() => {
  vi.stubEnv("TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS", "0");
});

/** a 127.0.0.1 push service (records every request) */
const push = localPushService();
/** a 127.0.0.1 Chatwoot (records every request) */
const cw = localChatwootStandin();
/** a 127.0.0.1 receiver for the channel's outbound reply URL (records every request) */
let receiver: ReplyReceiver;
let db: Db;

/** The real `outboundFetch` with the address check off: the controls' way to show a receiver is reachable. */
const privateFetch: typeof fetch = (input, init) => outboundFetch(String(input), init, { allowPrivate: true });

beforeAll(async () => {
  // the flag is really off for the product code (env() read after the stub, not cached from before it)
  expect(env().TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS).toBe("0");
  db = await testDb();
  receiver = await startReplyReceiver();
});

afterAll(async () => {
  await receiver?.close();
  vi.unstubAllEnvs();
});

/** A non-public address named in a refusal: the host, then the connect-time check's reason. */
const NOT_PUBLIC = /^127\.0\.0\.1:\d+ is not a public address \(.*127\.0\.0\.1.*\)/;

const deliveryOf = async (messageId: string) => (await db.select().from(replyDeliveries).where(eq(replyDeliveries.messageId, messageId)))[0]!;

describe("with TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS=0, no outbound request reaches 127.0.0.1", () => {
  it("web push: a subscription on 127.0.0.1 is refused before connecting — the test notification counts it failed, an alert's push records the non-public address", async () => {
    const org = await seedQuietOrg(db);
    const supervisor = await userIdOf(db, org, "supervisor");
    const endpoint = push.service.endpoint();
    const keys = newDeviceKeys();
    // registering it today is refused (the flag is off) ...
    await expect(saveSubscription(db, { userId: supervisor, input: subscriptionInput(endpoint, keys) })).rejects.toMatchObject({ status: 400 });
    // ... so the row is inserted directly: it stands for an endpoint saved while the flag was on, or a public name
    // that resolves to a private address now
    const [sub] = await db.insert(pushSubscriptions).values({ userId: supervisor, endpoint, p256dh: keys.p256dh, auth: keys.auth, label: "Chrome on Linux" }).returning({ id: pushSubscriptions.id });

    // "Test notification": the device counts as failed; the delivery log says why
    expect(await sendTestNotification(db, { orgId: org.orgId, userId: supervisor })).toEqual({ sent: 0, failed: 1, removed: 0 });
    const [tested] = await db.select().from(alertDeliveries).where(and(eq(alertDeliveries.subscriptionId, sub!.id), eq(alertDeliveries.kind, "test")));
    expect(tested).toMatchObject({ statusCode: null });
    expect(tested!.error).toMatch(NOT_PUBLIC);

    // an alert's push: recorded with the same reason, and failed for good (a retry would be refused the same way)
    const [c] = await db
      .insert(conversations)
      .values({ orgId: org.orgId, channelId: org.channels[0]!.id, externalId: `c-${randomUUID()}`, contactId: "k", firstMessagePreview: "hi", lastMessageAt: new Date() })
      .returning({ id: conversations.id });
    const raised = await raiseAlert(db, {
      orgId: org.orgId, signal: { signal: "low_confidence", value: 0.12, threshold: 0.4 }, conversationId: c!.id, channelId: org.channels[0]!.id, channelName: org.channels[0]!.name,
      agentId: null, agentName: BUILT_IN_AGENT_NAME, agentVersionId: null, at: new Date(),
    });
    expect(raised.push, "the alert queues a push").not.toBeNull();
    const error = await deliverPush(db, raised.push!).then(() => null, (e: unknown) => e);
    expect(error, "not handed to the retry").not.toBeInstanceOf(RetryablePushError);
    const [alerted] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, raised.alertId));
    expect(alerted).toMatchObject({ subscriptionId: sub!.id, statusCode: null });
    expect(alerted!.error).toMatch(NOT_PUBLIC);

    // the push service never saw a request
    expect(push.service.requests).toHaveLength(0);

    // control: the push service is live at that very endpoint — the address check alone kept the pushes away
    const res = await outboundFetch(endpoint, { method: "POST", body: "x" }, { allowPrivate: true });
    expect(res.status).toBe(201);
    expect(push.service.requests.map((r) => [r.method, r.path])).toEqual([["POST", new URL(endpoint).pathname]]);
  });

  it("an agent's reply to an outbound reply URL on 127.0.0.1 is never sent: the delivery ends failed with its reason, Retry is refused the same way", async () => {
    const org = await seedQuietOrg(db);
    const [admin, supervisor] = [await signInAs(db, org, "admin"), await signInAs(db, org, "supervisor")];
    const channelId = org.channels[0]!.id;
    // saving it today is refused (the flag is off) ...
    await expect(setOutboundReplyUrl(db, { actor: admin, input: { channelId, url: receiver.url } })).rejects.toBeInstanceOf(ZodError);
    // ... so it is saved as it was while the flag was on
    await setOutboundReplyUrl(db, { actor: admin, input: { channelId, url: receiver.url }, allowPrivate: true });
    const [c] = await db
      .insert(conversations)
      .values({ orgId: org.orgId, channelId, externalId: `c-${randomUUID()}`, contactId: "wa:62811", firstMessagePreview: "hi", lastMessageAt: new Date() })
      .returning({ id: conversations.id });

    const sent = await replyToConversation(db, { actor: supervisor, conversationId: c!.id, text: "Hi Rina, I'm on it." });
    // the first attempt is refused, and for good: no backoff retries that would be refused the same way
    expect(sent.status).toBe("failed");
    expect(sent.error).toMatch(/is not a public address \(the outbound reply URL must be https on a public host\)/);
    const delivery = await deliveryOf(sent.messageId);
    expect(delivery).toMatchObject({ url: receiver.url, transport: "outbound_url", status: "failed", attempts: 1, lastStatusCode: null, lastError: expect.stringMatching(/public host/), deliveredAt: null });

    // Retry (what the person clicks after it failed): one more attempt, refused the same way — failed again
    expect(await retryAgentReply(db, { actor: supervisor, messageId: sent.messageId })).toEqual({ messageId: sent.messageId, status: "failed", error: expect.stringMatching(/public host/) });
    expect((await deliveryOf(sent.messageId)).attempts).toBe(2);

    // the receiver never saw a request
    expect(receiver.requests).toHaveLength(0);

    // control: the receiver is live at that URL — reached at once with the check off
    const res = await outboundFetch(receiver.url, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }, { allowPrivate: true });
    expect(res.status).toBe(200);
    expect(receiver.requests).toHaveLength(1);
    receiver.requests.length = 0;
  });

  it("Chatwoot on 127.0.0.1: 'Test connection' is refused and an agent's reply in a Chatwoot conversation fails, without a request; with private addresses allowed it connects", async () => {
    const org = await seedQuietOrg(db);
    const owner = await signInAs(db, org, "owner");
    const baseUrl = cw.standin.url.replace(/\/+$/, "");
    cw.standin.reset();
    // linking it today is refused (the flag is off) ...
    await expect(saveChatwootLink(db, { actor: owner, input: { baseUrl, accountId: cw.standin.accountId, apiToken: cw.standin.token, webhookSecret: "secret", inboxes: [] } })).rejects.toBeInstanceOf(ZodError);
    // ... so the link is inserted directly: it stands for a link saved while the flag was on, or a public name that
    // resolves to a private address now
    await db.insert(chatwootLinks).values({ orgId: org.orgId, baseUrl, accountId: cw.standin.accountId, apiTokenSealed: seal(cw.standin.token), webhookSecretSealed: seal("secret"), updatedBy: owner.userId });

    // "Test connection": refused with a sentence naming the address, before any request
    const refusal = await testChatwootConnection(db, org.orgId).then(() => null, (e: unknown) => e);
    expect(refusal).toBeInstanceOf(UserError);
    expect((refusal as UserError).status).toBe(400);
    // it says why (not "did not answer", which reads like a Chatwoot that is down)
    expect((refusal as UserError).message).toBe(`Chatwoot at ${baseUrl} is not on a public address, so Tandem does not connect to it. Use your Chatwoot's public address.`);

    // an agent's reply in a Chatwoot conversation goes through Chatwoot's messages API: refused at every attempt
    const supervisor = await signInAs(db, org, "supervisor");
    const [c] = await db
      .insert(conversations)
      .values({ orgId: org.orgId, channelId: org.channels[0]!.id, externalId: "501", contactId: "chatwoot:77", firstMessagePreview: "hi", lastMessageAt: new Date() })
      .returning({ id: conversations.id });
    const sent = await replyToConversation(db, { actor: supervisor, conversationId: c!.id, text: "Hi, checking now." });
    // refused for good at the first attempt, with the reason (not a class name)
    expect(sent.status).toBe("failed");
    expect(sent.error).toMatch(/^Chatwoot's address 127\.0\.0\.1:\d+ is not a public address/);
    const delivery = await deliveryOf(sent.messageId);
    expect(delivery).toMatchObject({ transport: "chatwoot", url: `${baseUrl}/api/v1/accounts/${cw.standin.accountId}/conversations/501/messages`, status: "failed", attempts: 1, externalMessageId: null });

    // the request itself is refused as a non-public address, by the same outboundFetch the client uses by default
    await expect(outboundFetch(`${baseUrl}/api/v1/profile`)).rejects.toBeInstanceOf(BlockedAddressError);

    // Chatwoot never saw a request
    expect(cw.standin.requests).toHaveLength(0);

    // control: the same link and client with private addresses allowed reach the stand-in and connect
    expect(await testChatwootConnection(db, org.orgId, privateFetch)).toBe(`Connected as Tandem Bot (account ${cw.standin.accountId}, 2 inboxes).`);
    expect(cw.standin.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", "/api/v1/profile", 200],
      ["GET", `/api/v1/accounts/${cw.standin.accountId}/inboxes`, 200],
    ]);
  });
});
