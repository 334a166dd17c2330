/**
 * Conversation actions (issue 18 item 1) on a real database. Conversations arrive the public way — signed deliveries
 * to the incoming-message webhook over real HTTP — and replies leave to a local receiver standing in for the channel's
 * outbound reply URL. Checks what a supervisor and an agent would notice: who may do what, the bot falling silent and
 * answering again, one delivery per reply with Retry, the outcome's `closed_reason`, the audit log, and the alert's
 * time to open beside its time-to-intervene.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import { alerts, auditLog, channelIntegrations, conversations, messages, replyDeliveries } from "@/db/schema";
import { markAlertOpened } from "@/lib/alerts/act-on-alert";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { handleIncomingMessage } from "@/lib/ingest/handle-incoming-message";
import { signWebhook, verifyWebhook } from "@/lib/ingest/sign";
import { seedQuietOrg, testDb } from "@/test/db";
import { serve } from "@/test/http";
import { startReplyReceiver, type ReplyReceiver } from "@/test/reply-receiver";
import { signInAs } from "@/test/members";
import { assignConversation, handBackConversation, resolveConversationAsHuman, takeOverConversation } from "./conversation-actions";
import { listConversations } from "./list-conversations";
import { listParamsSchema } from "./list-params";
import { replyToConversation, retryAgentReply } from "./send-agent-reply";

type Org = Awaited<ReturnType<typeof seedQuietOrg>>;
type Channel = Org["channels"][number];

const ANSWERED = "just wanted to check on the status of a refund";
const OFF_TOPIC = "@TeamYouTube my channel got suspended for a year, please restore it";

let db: Db;
let org: Org;
let other: Org;
let webhook: Awaited<ReturnType<typeof serve>>;
let supervisor: Membership;
let agent: Membership;
let agent2: Membership;
let outsider: Membership;
/** channel 0 → the receiver; channel 1 has no outbound reply URL */
let withUrl: Channel;
let withoutUrl: Channel;
let receiver: ReplyReceiver;

beforeAll(async () => {
  db = await testDb();
  [org, other] = [await seedQuietOrg(db), await seedQuietOrg(db)];
  [withUrl, withoutUrl] = [org.channels[0]!, org.channels[1]!];
  receiver = await startReplyReceiver();
  // vitest.config sets TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS=1: a 127.0.0.1 receiver is an allowed endpoint
  await db.update(channelIntegrations).set({ outboundReplyUrl: receiver.url }).where(eq(channelIntegrations.id, withUrl.id));
  await db.update(channelIntegrations).set({ outboundReplyUrl: null }).where(eq(channelIntegrations.id, withoutUrl.id));
  webhook = await serve((req) => handleIncomingMessage(db, req));
  [supervisor, agent, agent2, outsider] = await Promise.all([
    signInAs(db, org, "supervisor"), signInAs(db, org, "agent"), signInAs(db, org, "agent2" as "agent"), signInAs(db, other, "supervisor"),
  ]);
});

afterEach(() => {
  receiver.requests.length = 0;
  receiver.statuses.length = 0;
});

afterAll(async () => {
  await Promise.all([webhook?.close(), receiver?.close()]);
});

let seq = 0;
/** A customer message through the signed webhook. @returns the webhook's JSON answer */
async function customerSays(channel: Channel, text: string, conversation = `act-${randomUUID()}`) {
  seq += 1;
  const raw = JSON.stringify({ channel_id: channel.id, conversation_id: conversation, message_id: `act-msg-${seq}-${randomUUID().slice(0, 6)}`, contact: { id: `wa:62815${seq}`, name: "Rina" }, text, sent_at: new Date().toISOString() });
  const res = await fetch(`${webhook.url}/api/webhooks/incoming-message`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(channel.secret, raw) } });
  expect(res.status).toBe(200);
  return { ...(await res.json()), external: conversation } as { conversation_id: string; handled_by: "bot" | "human"; status: string; reply: { text: string } | null; external: string };
}

const row = async (id: string) => (await db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
const auditOf = (id: string) => db.select({ action: auditLog.action, actorId: auditLog.actorUserId }).from(auditLog).where(and(eq(auditLog.area, "conversations"), eq(auditLog.targetId, id))).orderBy(auditLog.id);

async function refusedWith(promise: Promise<unknown>, status: number): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, "expected a refusal").toBeInstanceOf(UserError);
  expect((error as UserError).status).toBe(status);
  return (error as UserError).message;
}

describe("a supervisor acts on a conversation the AI failed", () => {
  it("opens the alert, takes over, replies once through the outbound URL and resolves; time to open and time-to-intervene are apart", async () => {
    const c = await customerSays(withUrl, OFF_TOPIC);
    expect(c.status).toBe("WAITING_ASSIGN_AGENT");
    const [alert] = await db.select().from(alerts).where(eq(alerts.conversationId, c.conversation_id));
    expect(alert, "the failed turn raises an alert").toBeDefined();

    const opened = new Date(alert!.firstSeenAt.getTime() + 60_000);
    await markAlertOpened(db, { orgId: org.orgId, alertId: alert!.id, userId: supervisor.userId, at: opened });
    const tookOver = new Date(alert!.firstSeenAt.getTime() + 150_000);
    expect((await takeOverConversation(db, { actor: supervisor, conversationId: c.conversation_id, now: tookOver })).changed).toBe(true);
    expect(await row(c.conversation_id)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: supervisor.userId });
    const [acted] = await db.select().from(alerts).where(eq(alerts.id, alert!.id));
    expect(acted).toMatchObject({ timeToOpenMs: 60_000, actedVia: "took_over", actedBy: supervisor.userId, timeToInterveneMs: 150_000 });
    // taking it over again changes nothing
    expect((await takeOverConversation(db, { actor: supervisor, conversationId: c.conversation_id })).changed).toBe(false);

    // the bot stays quiet now; the customer writes again
    expect((await customerSays(withUrl, "hello?", c.external)).reply).toBeNull();

    const sent = await replyToConversation(db, { actor: supervisor, conversationId: c.conversation_id, text: "Hi Rina,\r\nI'm looking at your channel now." });
    expect(sent).toMatchObject({ status: "delivered", error: null });
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    // signed with the channel's secret, the message id as webhook-id, LF line breaks
    expect(verifyWebhook(withUrl.secret, request!.raw, request!.headers)).toBe(true);
    expect(request!.headers.get("webhook-id")).toBe(sent.messageId);
    expect(JSON.parse(request!.raw)).toMatchObject({ type: "reply.created", conversation_id: c.conversation_id, message_id: sent.messageId, sender: "agent", action: "agent_reply", confidence: null, text: "Hi Rina,\nI'm looking at your channel now." });
    const [stored] = await db.select().from(messages).where(eq(messages.id, sent.messageId));
    expect(stored).toMatchObject({ sender: "agent", content: "Hi Rina,\nI'm looking at your channel now." });
    expect((await row(c.conversation_id)).firstResponseAt).not.toBeNull();

    await resolveConversationAsHuman(db, { actor: supervisor, conversationId: c.conversation_id, closedReason: "ASSIGN_AGENT" });
    // a human had it and the AI never answered: ASSIGN_AGENT (seed 000's taxonomy, derived by lib/conversations/outcome.ts)
    expect(await row(c.conversation_id)).toMatchObject({ status: "RESOLVED", closedReason: "ASSIGN_AGENT", closedVia: "agent" });
    expect((await auditOf(c.conversation_id)).map((a) => a.action)).toEqual(["conversation.took_over", "conversation.replied", "conversation.resolved"]);

    // a resolved conversation takes no more actions
    await refusedWith(replyToConversation(db, { actor: supervisor, conversationId: c.conversation_id, text: "one more" }), 409);
    await refusedWith(takeOverConversation(db, { actor: supervisor, conversationId: c.conversation_id }), 409);
    await refusedWith(resolveConversationAsHuman(db, { actor: supervisor, conversationId: c.conversation_id, closedReason: "RESOLVE" }), 409);
    expect(receiver.requests).toHaveLength(1);
  });

  it("hands a conversation back: the bot answers again, and the close still counts the human's part (never RESOLVE_AI)", async () => {
    const c = await customerSays(withUrl, ANSWERED);
    expect(c.handled_by).toBe("bot");
    await takeOverConversation(db, { actor: supervisor, conversationId: c.conversation_id });
    expect((await customerSays(withUrl, ANSWERED, c.external)).reply).toBeNull();

    await handBackConversation(db, { actor: supervisor, conversationId: c.conversation_id });
    expect(await row(c.conversation_id)).toMatchObject({ status: "OPEN", assignChannelAgentId: null });
    await refusedWith(handBackConversation(db, { actor: supervisor, conversationId: c.conversation_id }), 409);
    const again = await customerSays(withUrl, ANSWERED, c.external);
    expect(again.handled_by).toBe("bot");
    expect(again.reply?.text).toBeTruthy();

    await customerSays(withUrl, "great, thank you so much, that's perfect", c.external);
    expect(await row(c.conversation_id)).toMatchObject({ status: "RESOLVED", closedReason: "ASSIGN_AGENT_AI", closedVia: "customer_confirmed" });
  });

  it("refuses to hand back a human-arm conversation; assigns to another member; refuses a bad reason or member", async () => {
    await db.update(channelIntegrations).set({ trafficSplitEnabled: true, botPercent: 0 }).where(eq(channelIntegrations.id, withoutUrl.id));
    const c = await customerSays(withoutUrl, ANSWERED);
    await db.update(channelIntegrations).set({ trafficSplitEnabled: false, botPercent: 100 }).where(eq(channelIntegrations.id, withoutUrl.id));
    expect((await row(c.conversation_id)).variant).toBe("human");
    expect(await refusedWith(handBackConversation(db, { actor: supervisor, conversationId: c.conversation_id }), 409)).toMatch(/human side of the traffic split/);

    await assignConversation(db, { actor: supervisor, conversationId: c.conversation_id, assigneeId: agent2.userId });
    expect(await row(c.conversation_id)).toMatchObject({ status: "ASSIGNED", assignChannelAgentId: agent2.userId });
    await refusedWith(assignConversation(db, { actor: supervisor, conversationId: c.conversation_id, assigneeId: outsider.userId }), 404);
    await expect(assignConversation(db, { actor: supervisor, conversationId: c.conversation_id, assigneeId: "nobody" })).rejects.toBeInstanceOf(ZodError);
    await expect(resolveConversationAsHuman(db, { actor: supervisor, conversationId: c.conversation_id, closedReason: "RESOLVE_BY_MAGIC" })).rejects.toBeInstanceOf(ZodError);
    // no outbound reply URL: the reply is refused and nothing is stored
    const before = (await row(c.conversation_id)).messageCount;
    expect(await refusedWith(replyToConversation(db, { actor: agent2, conversationId: c.conversation_id, text: "hello" }), 409)).toMatch(/no outbound reply URL/);
    expect((await row(c.conversation_id)).messageCount).toBe(before);
    await expect(replyToConversation(db, { actor: agent2, conversationId: c.conversation_id, text: "   " })).rejects.toBeInstanceOf(ZodError);
  });
});

describe("who may act", () => {
  it("an agent takes a queued conversation and replies; another agent is refused; a supervisor may act; another org sees nothing", async () => {
    const c = await customerSays(withUrl, OFF_TOPIC);
    await takeOverConversation(db, { actor: agent, conversationId: c.conversation_id });
    // one at a time (each starts when the loop reaches it)
    for (const attempt of [
      () => takeOverConversation(db, { actor: agent2, conversationId: c.conversation_id }),
      () => replyToConversation(db, { actor: agent2, conversationId: c.conversation_id, text: "mine now" }),
      () => handBackConversation(db, { actor: agent2, conversationId: c.conversation_id }),
      () => resolveConversationAsHuman(db, { actor: agent2, conversationId: c.conversation_id, closedReason: "RESOLVE" }),
      () => assignConversation(db, { actor: agent2, conversationId: c.conversation_id, assigneeId: agent2.userId }),
    ]) {
      expect(await refusedWith(attempt(), 403)).toMatch(/Another agent has this conversation/);
    }
    for (const attempt of [
      () => takeOverConversation(db, { actor: outsider, conversationId: c.conversation_id }),
      () => replyToConversation(db, { actor: outsider, conversationId: c.conversation_id, text: "hi" }),
      () => takeOverConversation(db, { actor: outsider, conversationId: "not-a-uuid" }),
    ]) {
      await refusedWith(attempt(), 404);
    }
    expect(await row(c.conversation_id)).toMatchObject({ assignChannelAgentId: agent.userId, status: "ASSIGNED" });

    // the agent's own reply goes out; a supervisor can reply without taking the conversation
    expect((await replyToConversation(db, { actor: agent, conversationId: c.conversation_id, text: "On it" })).status).toBe("delivered");
    expect((await replyToConversation(db, { actor: supervisor, conversationId: c.conversation_id, text: "Adding a note for you" })).status).toBe("delivered");
    expect((await row(c.conversation_id)).assignChannelAgentId).toBe(agent.userId);

    // "Mine" for the agent and the queue for everyone
    const mine = await listConversations(db, { orgId: org.orgId, userId: agent.userId, params: listParamsSchema.parse({ view: "mine", pageSize: "100" }) });
    expect(mine.rows.map((r) => r.id)).toContain(c.conversation_id);
    const theirs = await listConversations(db, { orgId: org.orgId, userId: agent2.userId, params: listParamsSchema.parse({ view: "mine", pageSize: "100" }) });
    expect(theirs.rows.map((r) => r.id)).not.toContain(c.conversation_id);
    const queued = await customerSays(withUrl, OFF_TOPIC);
    const queue = await listConversations(db, { orgId: org.orgId, userId: agent.userId, params: listParamsSchema.parse({ view: "queue", pageSize: "100" }) });
    expect(queue.rows.map((r) => r.id)).toContain(queued.conversation_id);
    expect(queue.rows.every((r) => r.status === "WAITING_ASSIGN_AGENT")).toBe(true);
  });

  it("concurrent take-overs of one queued conversation by two agents: exactly one gets it", async () => {
    const c = await customerSays(withUrl, OFF_TOPIC);
    const results = await Promise.allSettled([agent, agent2].map((actor) => takeOverConversation(db, { actor, conversationId: c.conversation_id })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((loser.reason as UserError).status).toBe(403);
    expect((await auditOf(c.conversation_id)).filter((a) => a.action === "conversation.took_over")).toHaveLength(1);
  });
});

describe("delivery of a reply", () => {
  it("a refused reply fails at once with the error and shows Retry; Retry delivers it once; a second Retry is refused", async () => {
    const c = await customerSays(withUrl, OFF_TOPIC);
    receiver.statuses.push(400);
    const sent = await replyToConversation(db, { actor: supervisor, conversationId: c.conversation_id, text: "Sorry for the wait" });
    expect(sent).toMatchObject({ status: "failed", error: "HTTP 400" });
    // the reply is stored (sending it again from the box would duplicate it)
    expect(await db.select({ id: messages.id }).from(messages).where(eq(messages.id, sent.messageId))).toHaveLength(1);

    await refusedWith(retryAgentReply(db, { actor: agent2, messageId: sent.messageId }), 403);
    await refusedWith(retryAgentReply(db, { actor: outsider, messageId: sent.messageId }), 404);
    expect(await retryAgentReply(db, { actor: supervisor, messageId: sent.messageId })).toMatchObject({ status: "delivered", error: null });
    expect(receiver.requests.map((r) => r.headers.get("webhook-id"))).toEqual([sent.messageId, sent.messageId]);
    const [delivery] = await db.select().from(replyDeliveries).where(eq(replyDeliveries.messageId, sent.messageId));
    expect(delivery).toMatchObject({ status: "delivered", attempts: 2, transport: "outbound_url" });
    expect(await refusedWith(retryAgentReply(db, { actor: supervisor, messageId: sent.messageId }), 409)).toMatch(/already delivered/);
    expect((await auditOf(c.conversation_id)).map((a) => a.action)).toEqual(["conversation.replied", "conversation.reply_retried"]);
  });
});
