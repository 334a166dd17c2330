/**
 * Model-composed replies end to end (issue 14 item 7): signed deliveries to the incoming-message webhook over real
 * HTTP, the env-configured model client (`modelClientFromEnv`, what the handler uses) talking to a local
 * OpenAI-compatible stand-in that answers after a chosen delay, and a local receiver for the replies POSTed to a
 * channel's outbound reply URL. The PostgreSQL-only part checks that nothing is held open while the model composes
 * and that every customer message is answered at most once under redelivery and concurrency.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { openPostgres, type Db } from "@/db/client";
import { channelIntegrations, conversations, messages, replyDeliveries } from "@/db/schema";
import { modelClientFromEnv } from "@/lib/agent/model-client";
import { seal } from "@/lib/crypto/secret-box";
import { onPostgresServer, seedQuietOrg, testDb } from "@/test/db";
import { serve } from "@/test/http";
import { startModelStandIn, type ModelStandIn } from "@/test/model-stand-in";
import { startReplyReceiver, type ReceivedReply, type ReplyReceiver } from "@/test/reply-receiver";
import { attemptDelivery, deliverLateReply } from "./deliver-reply";
import { handleIncomingMessage } from "./handle-incoming-message";
import { loadChannelContext } from "./load-channel";
import { receiveMessage, type IngestResponse, type IngestResult } from "./receive-message";
import { newWebhookSecret, signWebhook, verifyWebhook } from "./sign";

const MODEL = "stand-in-model";
const REFUND = "just wanted to check on the status of a refund";
/** Slow enough to miss the webhook's reply budget (200 ms) by far. */
const SLOW_MS = 1_500;
const WAIT = { timeout: 10_000, interval: 50 };

type Org = Awaited<ReturnType<typeof seedQuietOrg>>;
type Channel = Org["channels"][number];

let db: Db;
let org: Org;
let standIn: ModelStandIn;
let webhook: Awaited<ReturnType<typeof serve>>;
/** the webhook with a recording `afterLateReply` (then the default delivery), to see when a late turn finished */
let recordingWebhook: Awaited<ReturnType<typeof serve>>;
let lateTurns: IngestResult[] = [];
/** the channel's outbound reply receiver: records every POST and answers the next queued status (default 200) */
let receiver: ReplyReceiver;
/** no outbound reply URL: replies are inline only */
let inline: Channel;
/** outbound reply URL → the receiver */
let outbound: Channel;

beforeAll(async () => {
  // the model the handler finds through the environment (read once, on first use: set before anything reads env())
  standIn = await startModelStandIn();
  vi.stubEnv("TANDEM_MODEL_BASE_URL", standIn.baseURL);
  vi.stubEnv("TANDEM_MODEL", MODEL);
  vi.stubEnv("TANDEM_MODEL_TIMEOUT_MS", "5000");
  vi.stubEnv("TANDEM_MODEL_BUDGET_MS", "10000");
  expect(modelClientFromEnv()?.model, "the env-configured model client must be the stand-in (env() was read before the stub)").toBe(MODEL);

  db = await testDb();
  org = await seedQuietOrg(db);
  [inline, outbound] = [org.channels[0]!, org.channels[1]!];
  receiver = await startReplyReceiver();
  // vitest.config sets TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS=1, so a 127.0.0.1 http receiver is an allowed endpoint
  await db.update(channelIntegrations).set({ outboundReplyUrl: receiver.url }).where(eq(channelIntegrations.id, outbound.id));
  webhook = await serve((req) => handleIncomingMessage(db, req));
  recordingWebhook = await serve((req) =>
    handleIncomingMessage(db, req, {
      afterLateReply: async (late) => {
        await deliverLateReply(db, late);
        lateTurns.push(late);
      },
    }),
  );
});

afterEach(() => {
  standIn.reset();
  receiver.requests.length = 0;
  receiver.statuses.length = 0;
  lateTurns = [];
});

afterAll(async () => {
  await Promise.all([webhook?.close(), recordingWebhook?.close(), receiver?.close(), standIn?.close()]);
  vi.unstubAllEnvs();
});

let seq = 0;
function payload(channel: Channel, overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    channel_id: channel.id,
    conversation_id: `model-conv-${randomUUID()}`,
    message_id: `model-msg-${seq}-${randomUUID().slice(0, 8)}`,
    contact: { id: `wa:62813000${seq}`, name: "Rina", phone: "+62813000" },
    text: REFUND,
    sent_at: new Date().toISOString(),
    ...overrides,
  };
}

type Payload = ReturnType<typeof payload>;

function postSigned(p: Payload, { channel, to = webhook.url }: { channel: Channel; to?: string }) {
  const raw = JSON.stringify(p);
  return fetch(`${to}/api/webhooks/incoming-message`, {
    method: "POST",
    body: raw,
    headers: { "content-type": "application/json", ...signWebhook(channel.secret, raw) },
  });
}

/** The conversation stored for `p` and its messages by sender. */
async function stored(p: Payload) {
  const [conversation] = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.channelId, p.channel_id), eq(conversations.externalId, p.conversation_id)));
  if (!conversation) throw new Error(`test: no conversation ${p.conversation_id}`);
  const rows = await db.select().from(messages).where(eq(messages.conversationId, conversation.id));
  return { conversation, all: rows, customer: rows.filter((m) => m.sender === "customer"), bot: rows.filter((m) => m.sender === "bot") };
}

async function deliveriesOf(messageIds: string[]) {
  return messageIds.length ? db.select().from(replyDeliveries).where(inArray(replyDeliveries.messageId, messageIds)) : [];
}

/** Waits until `p` has its one bot reply and that reply's delivery matches `expected`; @returns the delivery */
function replyDeliveryOnceIt(p: Payload, expected: Record<string, unknown>) {
  return vi.waitFor(async () => {
    const { bot } = await stored(p);
    expect(bot).toHaveLength(1);
    const [delivery] = await deliveriesOf([bot[0]!.id]);
    expect(delivery).toMatchObject(expected);
    return delivery!;
  }, WAIT);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a reply composed by the model, through the incoming-message webhook", () => {
  it("a fast model on a channel without an outbound URL: the model-written reply comes back inline, one bot message stored", async () => {
    standIn.delayMs = 20;
    standIn.answer = `Your refund is on its way (fast ${randomUUID().slice(0, 8)}).`;
    const p = payload(inline);
    const res = await postSigned(p, { channel: inline });
    expect(res.status).toBe(200);
    const json = (await res.json()) as IngestResponse;
    expect(json).toMatchObject({ handled_by: "bot", status: "OPEN" });
    expect(json.reply_pending).toBeUndefined();
    expect(json.reply?.text).toContain(standIn.answer);
    expect(standIn.requests).toHaveLength(1);
    expect(standIn.requests[0]!.body.model).toBe(MODEL);
    expect(standIn.requests[0]!.body.messages?.at(-1)).toEqual({ role: "user", content: REFUND });

    const { conversation, customer, bot } = await stored(p);
    expect(customer).toHaveLength(1);
    expect(bot).toHaveLength(1);
    expect(bot[0]).toMatchObject({ id: json.reply!.message_id, content: json.reply!.text, replyToMessageId: customer[0]!.id });
    expect(conversation.messageCount).toBe(2);
    expect(receiver.requests).toEqual([]);
  });

  it("a slow model on a channel with an outbound URL: reply_pending within ~1 s, then one signed reply.created POST, delivered on the first attempt", async () => {
    standIn.delayMs = SLOW_MS;
    standIn.answer = `Your refund is on its way (slow ${randomUUID().slice(0, 8)}).`;
    const p = payload(outbound);
    const started = Date.now();
    const res = await postSigned(p, { channel: outbound });
    const json = (await res.json()) as IngestResponse;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(res.status).toBe(200);
    expect(json).toMatchObject({ reply: null, reply_pending: true, handled_by: "bot", status: "OPEN" });
    // still composing: the customer message is stored (and counted), no reply yet
    const before = await stored(p);
    expect(before.customer.map((m) => m.id)).toEqual([json.message_id]);
    expect(before.bot).toEqual([]);
    expect(before.conversation.messageCount).toBe(1);

    const { bot, customer, conversation } = await vi.waitFor(async () => {
      const s = await stored(p);
      expect(s.bot).toHaveLength(1);
      const [delivery] = await deliveriesOf([s.bot[0]!.id]);
      expect(delivery?.status).toBe("delivered");
      return s;
    }, WAIT);
    const reply = bot[0]!;
    expect(reply.content).toContain(standIn.answer);
    expect(reply.replyToMessageId).toBe(customer[0]!.id);
    expect(conversation.messageCount).toBe(2);

    await sleep(300); // nothing else arrives
    expect(receiver.requests).toHaveLength(1);
    const post = receiver.requests[0]!;
    expect(post.status).toBe(200);
    expect(verifyWebhook(outbound.secret, post.raw, post.headers)).toBe(true);
    expect(verifyWebhook(inline.secret, post.raw, post.headers)).toBe(false);
    expect(post.headers.get("webhook-id")).toBe(reply.id);
    expect(post.headers.get("content-type")).toMatch(/application\/json/);
    expect(JSON.parse(post.raw)).toEqual({
      type: "reply.created",
      channel_id: outbound.id,
      conversation_id: conversation.id,
      message_id: reply.id,
      reply_to_message_id: customer[0]!.id,
      text: reply.content,
      sender: "bot",
      action: reply.agentAction,
      confidence: reply.confidence,
      sources: reply.sources,
    });

    const deliveries = await deliveriesOf([reply.id]);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200, lastError: null, url: receiver.url, channelId: outbound.id, orgId: org.orgId });
    expect(deliveries[0]!.deliveredAt).not.toBeNull();

    // a redelivery of the message now returns the stored reply inline, and sends nothing again
    const again = await postSigned(p, { channel: outbound });
    expect(again.headers.get("x-tandem-duplicate")).toBe("true");
    expect(((await again.json()) as IngestResponse).reply?.message_id).toBe(reply.id);
    await sleep(200);
    expect(receiver.requests).toHaveLength(1);
    expect(standIn.requests).toHaveLength(1);
  });

  it("a redelivery while the model is still writing says reply_pending, and the first delivery returns the reply", async () => {
    standIn.delayMs = 600;
    const p = payload(inline);
    const first = postSigned(p, { channel: inline });
    await sleep(250);
    const again = await postSigned(p, { channel: inline });
    expect(again.headers.get("x-tandem-duplicate")).toBe("true");
    const pending = (await again.json()) as IngestResponse;
    expect(pending.reply).toBeNull();
    expect(pending.reply_pending).toBe(true);
    const answered = (await (await first).json()) as IngestResponse;
    expect(answered.reply?.action).toBe("answer");
  });

  it("the receiver fails the first attempt (HTTP 500): pending, then delivered by the retry 1 s later — attempts 2, one successful POST", async () => {
    standIn.delayMs = 400;
    standIn.answer = `Your refund is on its way (retry ${randomUUID().slice(0, 8)}).`;
    receiver.statuses.push(500);
    const p = payload(outbound);
    const res = await postSigned(p, { channel: outbound });
    expect(await res.json()).toMatchObject({ reply: null, reply_pending: true });

    const afterFirst = await replyDeliveryOnceIt(p, { attempts: 1, lastStatusCode: 500 });
    expect(afterFirst).toMatchObject({ status: "pending", lastError: "HTTP 500", deliveredAt: null });
    expect(receiver.requests).toHaveLength(1);

    const delivered = await vi.waitFor(async () => {
      const [delivery] = await deliveriesOf([afterFirst.messageId]);
      expect(delivery?.status).toBe("delivered");
      return delivery!;
    }, WAIT);
    expect(delivered).toMatchObject({ attempts: 2, lastStatusCode: 200, lastError: null });
    await sleep(300);
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 200]);
    const [first, second] = receiver.requests as [ReceivedReply, ReceivedReply];
    // the retry waits its delay (1 s; the claim allows 100 ms of timer slack) and sends the same signed reply id
    expect(second.at - first.at).toBeGreaterThanOrEqual(800);
    for (const r of receiver.requests) {
      expect(verifyWebhook(outbound.secret, r.raw, r.headers)).toBe(true);
      expect(r.headers.get("webhook-id")).toBe(afterFirst.messageId);
    }
    expect(JSON.parse(second.raw)).toEqual(JSON.parse(first.raw));
    expect(await deliveriesOf([afterFirst.messageId])).toHaveLength(1);
  });

  it("the process stops between a late reply's commit and its first attempt: the delivery was recorded claimed for that attempt, and is sent once when the claim runs out", async () => {
    // the webhook's late turn ends after the reply's commit, before anything is POSTed (a deploy stopped the process)
    const stopped = await serve((req) => handleIncomingMessage(db, req, { afterLateReply: async (late) => void lateTurns.push(late) }));
    try {
      standIn.delayMs = 400;
      standIn.answer = `Your refund is on its way (stopped ${randomUUID().slice(0, 8)}).`;
      const p = payload(outbound);
      const res = await postSigned(p, { channel: outbound, to: stopped.url });
      expect(await res.json()).toMatchObject({ reply: null, reply_pending: true });
      await vi.waitFor(() => expect(lateTurns).toHaveLength(1), WAIT);
      // recorded with the reply, already claimed: attempt 1, its next attempt past the attempt's timeout (10 s × 2)
      const recorded = await replyDeliveryOnceIt(p, { status: "pending", attempts: 1, lastStatusCode: null });
      expect(lateTurns[0]!.replyDelivery?.claimed?.id).toBe(recorded.id);
      expect(recorded.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(15_000);
      // the schedule's sweep finds it not due yet: nothing is sent twice while an attempt may still be running
      expect(await attemptDelivery(db, recorded.id)).toBe("pending");
      expect(receiver.requests).toHaveLength(0);
      // once the claim has run out (the clock moved on), the sweep's attempt sends it, signed, once
      await db.update(replyDeliveries).set({ nextAttemptAt: new Date(Date.now() - 1_000) }).where(eq(replyDeliveries.id, recorded.id));
      expect(await attemptDelivery(db, recorded.id)).toBe("delivered");
      expect(await attemptDelivery(db, recorded.id)).toBe("delivered");
      expect(receiver.requests).toHaveLength(1);
      expect(verifyWebhook(outbound.secret, receiver.requests[0]!.raw, receiver.requests[0]!.headers)).toBe(true);
      expect(JSON.parse(receiver.requests[0]!.raw)).toMatchObject({ type: "reply.created", message_id: recorded.messageId, text: expect.stringContaining(standIn.answer) });
      expect((await deliveriesOf([recorded.messageId]))[0]).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 200 });
    } finally {
      await stopped.close();
    }
  });

  it("the channel's secret is rotated while the model composes: the first attempt (old secret) is refused 401, the retry signs with the new one and is delivered", async () => {
    const [original] = await db.select({ sealed: channelIntegrations.webhookSecretEncrypted }).from(channelIntegrations).where(eq(channelIntegrations.id, outbound.id));
    const rotated = newWebhookSecret();
    standIn.delayMs = 400;
    standIn.beforeAnswer = async () => {
      await db.update(channelIntegrations).set({ webhookSecretEncrypted: seal(rotated) }).where(eq(channelIntegrations.id, outbound.id));
    };
    // the receiver already knows only the new secret: it refuses the old signature
    receiver.statuses.push(401);
    try {
      const p = payload(outbound);
      const res = await postSigned(p, { channel: outbound });
      expect(await res.json()).toMatchObject({ reply: null, reply_pending: true });
      const delivered = await replyDeliveryOnceIt(p, { status: "delivered" });
      expect(delivered).toMatchObject({ attempts: 2, lastStatusCode: 200, lastError: null });
      const [first, second] = receiver.requests as [ReceivedReply, ReceivedReply];
      expect(receiver.requests).toHaveLength(2);
      expect(verifyWebhook(outbound.secret, first.raw, first.headers)).toBe(true);
      expect(verifyWebhook(rotated, second.raw, second.headers)).toBe(true);
      expect(verifyWebhook(outbound.secret, second.raw, second.headers)).toBe(false);
      expect(JSON.parse(second.raw)).toEqual(JSON.parse(first.raw));
    } finally {
      await db.update(channelIntegrations).set({ webhookSecretEncrypted: original!.sealed }).where(eq(channelIntegrations.id, outbound.id));
    }
  });

  it.each([
    ["without an outbound URL (inline)", () => inline],
    ["with an outbound URL (late)", () => outbound],
  ])("a human takes over while the model is composing %s: no bot reply is stored or delivered", async (_name, channelOf) => {
    const channel = channelOf();
    standIn.delayMs = 600;
    const p = payload(channel);
    standIn.beforeAnswer = async () => {
      await db
        .update(conversations)
        .set({ status: "WAITING_ASSIGN_AGENT" })
        .where(and(eq(conversations.channelId, channel.id), eq(conversations.externalId, p.conversation_id)));
    };
    const res = await postSigned(p, { channel, to: recordingWebhook.url });
    expect(res.status).toBe(200);
    const json = (await res.json()) as IngestResponse;
    expect(json.reply).toBeNull();
    if (channel === outbound) {
      expect(json.reply_pending).toBe(true);
      const late = await vi.waitFor(() => {
        const found = lateTurns.find((t) => t.response.message_id === json.message_id);
        expect(found).toBeDefined();
        return found!;
      }, WAIT);
      expect(late.response).toMatchObject({ reply: null, status: "WAITING_ASSIGN_AGENT", handled_by: "human" });
    } else {
      expect(json).toMatchObject({ status: "WAITING_ASSIGN_AGENT", handled_by: "human" });
    }
    expect(standIn.answered).toBe(1);
    const { conversation, customer, bot, all } = await stored(p);
    expect(customer).toHaveLength(1);
    expect(bot).toEqual([]);
    expect(conversation).toMatchObject({ status: "WAITING_ASSIGN_AGENT", messageCount: all.length });
    expect(receiver.requests).toEqual([]);
    expect(await deliveriesOf(all.map((m) => m.id))).toEqual([]);
  });
});

describe.runIf(onPostgresServer())("on PostgreSQL: nothing held across the model call, every message answered once", () => {
  it("while the slow model composes, no session of the app is in a transaction and the conversation row is not locked", async () => {
    const url = inject("testDatabaseUrl")!;
    const tag = `tandem-model-reply-${randomUUID().slice(0, 8)}`;
    const tagged = new URL(url);
    tagged.searchParams.set("application_name", tag);
    // the app's own pool, named, so other test files' sessions on the shared database never count
    const app = await openPostgres(tagged.toString(), { max: 4 });
    const observer = postgres(url, { max: 2, onnotice: () => {} });
    const appWebhook = await serve((req) => handleIncomingMessage(app.db, req));
    try {
      standIn.delayMs = SLOW_MS;
      standIn.answer = `Your refund is on its way (held ${randomUUID().slice(0, 8)}).`;
      const p = payload(inline);
      const response = postSigned(p, { channel: inline, to: appWebhook.url });
      await vi.waitFor(() => expect(standIn.requests).toHaveLength(1), WAIT);
      await sleep(100);
      expect(standIn.answered, "the checks must run while the model is composing").toBe(0);

      const sessions = await observer<{ pid: number; state: string | null; xact_start: Date | null; query: string }[]>`
        SELECT pid, state, xact_start, query FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = ${tag}`;
      expect(sessions.length, "the app's pool has connected").toBeGreaterThan(0);
      expect(sessions.filter((s) => s.state === "idle in transaction" || s.state === "idle in transaction (aborted)")).toEqual([]);
      expect(sessions.filter((s) => s.xact_start !== null)).toEqual([]);

      const [conversation] = await observer<{ id: string }[]>`
        SELECT id FROM conversations WHERE channel_id = ${inline.id} AND external_id = ${p.conversation_id}`;
      expect(conversation, "the message and its conversation are committed before the model call").toBeDefined();
      const locked = await observer.begin((sql) => sql<{ id: string }[]>`SELECT id FROM conversations WHERE id = ${conversation!.id} FOR UPDATE NOWAIT`);
      expect(locked.map((r) => r.id)).toEqual([conversation!.id]);
      expect(standIn.answered).toBe(0);

      const res = await response;
      expect(res.status).toBe(200);
      expect(((await res.json()) as IngestResponse).reply?.text).toContain(standIn.answer);
      const { bot } = await stored(p);
      expect(bot).toHaveLength(1);
    } finally {
      await appWebhook.close();
      await observer.end({ timeout: 5 });
      await app.close();
    }
  });

  it("the reply budget runs from the message's arrival: a commit held up 1.2 s answers reply_pending right after it, not a budget later", async () => {
    const observer = postgres(inject("testDatabaseUrl")!, { max: 1, onnotice: () => {} });
    try {
      standIn.delayMs = SLOW_MS;
      standIn.answer = `Your refund is on its way (budget ${randomUUID().slice(0, 8)}).`;
      const ctx = await loadChannelContext(db, outbound.id);
      const model = modelClientFromEnv();
      const late: IngestResult[] = [];
      const receive = (p: Payload) =>
        receiveMessage(db, {
          ctx: ctx!,
          input: p,
          model,
          replyBudgetMs: 1_000,
          onLateReply: async (turn) => {
            late.push(turn);
            await deliverLateReply(db, turn);
          },
        });
      const first = payload(outbound);
      expect((await receive(first)).response.reply_pending).toBe(true);
      // another session holds the conversation's row for 1.2 s: the second message's commit waits for it
      const { conversation } = await stored(first);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = observer.begin(async (sql) => {
        await sql`SELECT id FROM conversations WHERE id = ${conversation.id} FOR UPDATE`;
        locked();
        await held;
      });
      await isLocked;
      setTimeout(release, 1_200);
      const started = performance.now();
      const second = await receive(payload(outbound, { conversation_id: first.conversation_id, contact: first.contact }));
      const elapsed = performance.now() - started;
      await holder;
      expect(second.response).toMatchObject({ reply: null, reply_pending: true });
      // before: the 1 s budget started after the commit (≥ 2.2 s); now it ran out while the commit waited
      expect(elapsed).toBeGreaterThanOrEqual(1_150);
      expect(elapsed).toBeLessThan(1_800);
      // both late replies still reach the outbound URL, once each
      await vi.waitFor(() => expect(receiver.requests.filter((r) => r.status === 200)).toHaveLength(2), WAIT);
      expect(late).toHaveLength(2);
    } finally {
      await observer.end({ timeout: 5 });
    }
  });

  it("the same message delivered 10 times at once: one customer message, one bot reply, one model call", async () => {
    standIn.delayMs = 300;
    standIn.answer = `Your refund is on its way (redelivered ${randomUUID().slice(0, 8)}).`;
    const p = payload(inline);
    const responses = await Promise.all(Array.from({ length: 10 }, () => postSigned(p, { channel: inline })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as IngestResponse[];
    expect(responses.filter((r) => r.headers.get("x-tandem-duplicate") !== "true")).toHaveLength(1);
    const original = bodies[responses.findIndex((r) => r.headers.get("x-tandem-duplicate") !== "true")]!;
    expect(original.reply?.text).toContain(standIn.answer);
    expect(new Set(bodies.map((b) => b.message_id)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.conversation_id)).size).toBe(1);

    const { conversation, customer, bot, all } = await stored(p);
    expect(customer).toHaveLength(1);
    expect(bot).toHaveLength(1);
    expect(bot[0]).toMatchObject({ id: original.reply!.message_id, replyToMessageId: customer[0]!.id });
    expect(conversation.messageCount).toBe(all.length);
    expect(standIn.requests).toHaveLength(1);
  });

  it("10 different messages of one conversation at once: 10 customer messages, at most one reply each, message_count matches", async () => {
    standIn.delayMs = 300;
    standIn.answer = `Your refund is on its way (concurrent ${randomUUID().slice(0, 8)}).`;
    const first = payload(inline);
    const base = Date.now();
    const batch = Array.from({ length: 10 }, (_, i) =>
      i === 0 ? first : payload(inline, { conversation_id: first.conversation_id, contact: first.contact, sent_at: new Date(base + i).toISOString() }),
    );
    const responses = await Promise.all(batch.map((p) => postSigned(p, { channel: inline })));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as IngestResponse[];
    expect(responses.every((r) => r.headers.get("x-tandem-duplicate") !== "true")).toBe(true);
    expect(new Set(bodies.map((b) => b.conversation_id)).size).toBe(1);

    const { conversation, customer, bot, all } = await stored(first);
    expect(customer).toHaveLength(10);
    expect(new Set(customer.map((m) => m.externalId))).toEqual(new Set(batch.map((p) => p.message_id)));
    expect(bot.length).toBeGreaterThanOrEqual(1);
    expect(bot.length).toBeLessThanOrEqual(10);
    const replyTo = bot.map((m) => m.replyToMessageId);
    expect(new Set(replyTo).size).toBe(bot.length);
    for (const id of replyTo) expect(customer.map((m) => m.id)).toContain(id);
    // every inline reply is the stored one for its message
    for (const b of bodies.filter((x) => x.reply)) {
      expect(bot.find((m) => m.id === b.reply!.message_id)?.replyToMessageId).toBe(b.message_id);
    }
    expect(conversation.messageCount).toBe(all.length);
  });
});
