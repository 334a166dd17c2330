/**
 * Customer messages a stopped process left unanswered are answered by the late-reply job (answerUnansweredMessages,
 * issue 14 item 7). The message arrives through the signed webhook over real HTTP with a model configured and a slow
 * stand-in, so the webhook answers `reply_pending`; then the reply's own transaction fails (the database refuses every
 * transaction after the message's — what a crash or a deploy between the two does to the customer). The job, run
 * later on the real database, composes the reply once, records its delivery with it, and the delivery reaches the
 * channel's outbound reply URL once.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { channelIntegrations, conversations, messages, replyDeliveries } from "@/db/schema";
import { modelClientFromEnv } from "@/lib/agent/model-client";
import { handBackConversation, takeOverConversation } from "@/lib/conversations/conversation-actions";
import { replyToConversation } from "@/lib/conversations/send-agent-reply";
import { seedQuietOrg, testDb } from "@/test/db";
import { signInAs } from "@/test/members";
import { serve } from "@/test/http";
import { startModelStandIn, type ModelStandIn } from "@/test/model-stand-in";
import { startReplyReceiver, type ReplyReceiver } from "@/test/reply-receiver";
import { answerUnansweredMessages, unansweredGraceMs } from "./answer-unanswered";
import { attemptDelivery } from "./deliver-reply";
import { handleIncomingMessage } from "./handle-incoming-message";
import { signWebhook } from "./sign";

type Org = Awaited<ReturnType<typeof seedQuietOrg>>;
type Channel = Org["channels"][number];

let db: Db;
let org: Org;
let standIn: ModelStandIn;
let receiver: ReplyReceiver;
let webhook: Awaited<ReturnType<typeof serve>>;
let outbound: Channel;
/** while true, every transaction but a request's first (the message's own) fails: the reply is never stored */
let failReplies = false;
let transactions = 0;

/** `db`, except that while {@link failReplies} is set each request's second and later transactions fail */
function flaky(real: Db): Db {
  return new Proxy(real, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== "transaction" || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        transactions++;
        if (failReplies && transactions > 1) return Promise.reject(new Error("the database went away (test)"));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

beforeAll(async () => {
  standIn = await startModelStandIn();
  vi.stubEnv("TANDEM_MODEL_BASE_URL", standIn.baseURL);
  vi.stubEnv("TANDEM_MODEL", "stand-in-model");
  vi.stubEnv("TANDEM_MODEL_TIMEOUT_MS", "5000");
  vi.stubEnv("TANDEM_MODEL_BUDGET_MS", "10000");
  expect(modelClientFromEnv()?.model, "the env-configured model client must be the stand-in").toBe("stand-in-model");
  db = await testDb();
  org = await seedQuietOrg(db);
  outbound = org.channels[1]!;
  receiver = await startReplyReceiver();
  await db.update(channelIntegrations).set({ outboundReplyUrl: receiver.url }).where(eq(channelIntegrations.id, outbound.id));
  webhook = await serve((req) => {
    transactions = 0;
    return handleIncomingMessage(flaky(db), req);
  });
});

afterEach(() => {
  failReplies = false;
  standIn.reset();
  receiver.requests.length = 0;
});

afterAll(async () => {
  await Promise.all([webhook?.close(), receiver?.close(), standIn?.close()]);
  vi.unstubAllEnvs();
});

async function post(channel: Channel, p: { conversation_id: string; message_id: string; text: string }) {
  const raw = JSON.stringify({ channel_id: channel.id, contact: { id: `wa:${p.conversation_id}` }, sent_at: new Date().toISOString(), ...p });
  const res = await fetch(`${webhook.url}/api/webhooks/incoming-message`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(channel.secret, raw) } });
  expect(res.status).toBe(200);
  return (await res.json()) as { message_id: string; reply: { text: string } | null; reply_pending?: boolean };
}

async function messagesOf(channel: Channel, externalId: string) {
  const [conversation] = await db.select().from(conversations).where(and(eq(conversations.channelId, channel.id), eq(conversations.externalId, externalId)));
  const rows = conversation ? await db.select().from(messages).where(eq(messages.conversationId, conversation.id)) : [];
  return { conversation, customer: rows.filter((m) => m.sender === "customer"), bot: rows.filter((m) => m.sender === "bot") };
}

/** Sends a message whose reply is lost: the webhook answers `reply_pending`, then the reply's transaction fails. */
async function sendAndLoseTheReply(channel: Channel, externalId: string, text = "just wanted to check on the status of a refund") {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  standIn.delayMs = 400;
  failReplies = true;
  const answer = await post(channel, { conversation_id: externalId, message_id: `${externalId}-1`, text });
  expect(answer).toMatchObject({ reply: null, reply_pending: true });
  await vi.waitFor(() => expect(warn.mock.calls.some((c) => String(c[0]).includes("a late reply failed"))).toBe(true), { timeout: 10_000, interval: 50 });
  warn.mockRestore();
  failReplies = false;
  return answer;
}

const later = () => new Date(Date.now() + unansweredGraceMs() + 1_000);

describe("answerUnansweredMessages", () => {
  it("answers a message whose reply was lost after the webhook said reply_pending: once, delivered once", async () => {
    const externalId = `lost-${randomUUID()}`;
    const answer = await sendAndLoseTheReply(outbound, externalId);
    expect((await messagesOf(outbound, externalId)).bot).toHaveLength(0);

    // still inside the grace period (a reply may still be on its way): left alone
    expect(await answerUnansweredMessages(db, { orgId: org.orgId, now: new Date() })).toBe(0);

    standIn.answer = `Your refund is on its way (${randomUUID().slice(0, 8)}).`;
    standIn.delayMs = 0;
    expect(await answerUnansweredMessages(db, { orgId: org.orgId, now: later() })).toBe(1);
    const { bot, conversation } = await messagesOf(outbound, externalId);
    expect(bot).toHaveLength(1);
    expect(bot[0]).toMatchObject({ replyToMessageId: answer.message_id, content: expect.stringContaining(standIn.answer) });
    expect(conversation!.messageCount).toBe(2);

    // its delivery was recorded with it, due now (the schedule's sweep, retryDueReplyDeliveries, sends every due
    // one; attempted here one by one: other test files share the database)
    const deliveries = await db.select().from(replyDeliveries).where(eq(replyDeliveries.messageId, bot[0]!.id));
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await attemptDelivery(db, deliveries[0]!.id)).toBe("delivered");
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0]!.raw)).toMatchObject({ type: "reply.created", message_id: bot[0]!.id, reply_to_message_id: answer.message_id });

    // a second run finds nothing: no second reply, no second delivery
    expect(await answerUnansweredMessages(db, { orgId: org.orgId, now: later() })).toBe(0);
    expect((await messagesOf(outbound, externalId)).bot).toHaveLength(1);
    expect(await db.select().from(replyDeliveries).where(eq(replyDeliveries.messageId, bot[0]!.id))).toHaveLength(1);
    expect(receiver.requests).toHaveLength(1);
  });

  it("leaves alone a message a human took over, one an agent answered before handing back, and one the customer's newer message superseded", async () => {
    const supervisor = await signInAs(db, org, "supervisor");
    const takenOver = `taken-${randomUUID()}`;
    await sendAndLoseTheReply(outbound, takenOver);
    const taken = (await messagesOf(outbound, takenOver)).conversation!;
    expect((await takeOverConversation(db, { actor: supervisor, conversationId: taken.id })).changed).toBe(true);

    // a supervisor took over, answered the customer and handed back: the bot has it again, but the customer's message
    // was answered (by a person) — the bot must not answer it again
    const handedBack = `handed-back-${randomUUID()}`;
    await sendAndLoseTheReply(outbound, handedBack);
    const back = (await messagesOf(outbound, handedBack)).conversation!;
    await takeOverConversation(db, { actor: supervisor, conversationId: back.id });
    await replyToConversation(db, { actor: supervisor, conversationId: back.id, text: "Hi, your refund left us yesterday." });
    await handBackConversation(db, { actor: supervisor, conversationId: back.id });

    const superseded = `superseded-${randomUUID()}`;
    await sendAndLoseTheReply(outbound, superseded);
    // the customer writes again and this time the reply arrives: the newer message's reply answers the conversation
    standIn.delayMs = 0;
    const second = await post(outbound, { conversation_id: superseded, message_id: `${superseded}-2`, text: "hello? any news on my refund" });
    expect(second.reply).not.toBeNull();

    expect(await answerUnansweredMessages(db, { orgId: org.orgId, now: later() })).toBe(0);
    expect((await messagesOf(outbound, takenOver)).bot).toHaveLength(0);
    expect((await messagesOf(outbound, handedBack)).bot).toHaveLength(0);
    expect((await messagesOf(outbound, superseded)).bot).toHaveLength(1);
  });
});
