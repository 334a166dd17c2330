/**
 * Approvals follow Chatwoot (issue 18 item 2) on a real database, with the Chatwoot stand-in (every request validated
 * by Chatwoot's OpenAPI description) over real HTTP. Drafts are made the production way — a signed customer message
 * through the webhook — and overtaken the ways an operator would meet it: a colleague answers in Chatwoot, the
 * conversation is resolved or moved to another agent there (webhook, or reconciliation after a lost webhook), or
 * someone replies or resolves in Tandem. A superseded draft can't be sent, its timeouts notify no one, and the queue
 * and the report count it on its own.
 */
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { approvals, chatwootLinks, conversations, events, messages, outbox } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { reconcileChatwoot } from "@/lib/chatwoot/reconcile";
import { resolveConversationAsHuman } from "@/lib/conversations/conversation-actions";
import { replyToConversation } from "@/lib/conversations/send-agent-reply";
import { UserError } from "@/lib/errors/user-error";
import { conversationEvent, incomingMessage, outgoingMessage } from "@/test/chatwoot-payloads";
import { chatwootTestbed, TESTBED_INBOX } from "@/test/chatwoot-testbed";
import type { seedQuietOrg } from "@/test/db";
import { signInAs } from "@/test/members";
import { approvalMetrics } from "./approval-metrics";
import { fireApprovalTimeouts } from "./approval-timeouts";
import { decideApproval, escalateApproval } from "./decide-approval";
import { listApprovals } from "./list-approvals";

const INBOX = TESTBED_INBOX;
const KB_QUESTION = "What membership levels do you have and what are the benefits?";

const bed = chatwootTestbed({ secret: "cw-secret-superseded", firstId: 70_000 });
const { cw, nextId, deliver } = bed;
let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;
let linkId: string;
let agent: Membership;
let supervisor: Membership;

beforeAll(async () => {
  ({ db, org, linkId } = bed);
  [agent, supervisor] = await Promise.all([signInAs(db, org, "agent"), signInAs(db, org, "supervisor")]);
});

/** A new Chatwoot conversation whose customer question got a draft waiting for approval (assigned to our agent). */
async function pendingDraft() {
  const chatwootId = nextId();
  const outcome = await deliver(incomingMessage({ conversationId: chatwootId, content: KB_QUESTION, messageId: nextId(), inboxId: INBOX, contactId: nextId() }));
  if (outcome.action !== "drafted") throw new Error(`expected a draft, got ${JSON.stringify(outcome)}`);
  await db.update(approvals).set({ assigneeId: agent.userId }).where(eq(approvals.id, outcome.approvalId));
  return { chatwootId, approvalId: outcome.approvalId, conversationId: outcome.conversationId };
}

const approval = async (id: string) => (await db.select().from(approvals).where(eq(approvals.id, id)))[0]!;

async function refused(promise: Promise<unknown>, status: number): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).status).toBe(status);
  return (error as UserError).message;
}

describe("a draft overtaken in Chatwoot", () => {
  it("a colleague's public reply in Chatwoot supersedes it: it can't be sent, its timeouts notify no one, and it has its own tab", async () => {
    const d = await pendingDraft();
    const before = cw.standin.replies(d.chatwootId).length;
    // an agent answers in Chatwoot's own app
    expect(await deliver(outgoingMessage({ conversationId: d.chatwootId, content: "Hi! We have Silver, Gold and Platinum.", messageId: nextId() }))).toMatchObject({ action: "stored" });
    expect(await approval(d.approvalId)).toMatchObject({ status: "superseded", supersededReason: "human_reply" });

    expect(await refused(decideApproval(db, { actor: agent, approvalId: d.approvalId, decision: { kind: "approve" } }), 409)).toBe("Someone already answered this customer, so this draft can no longer be sent.");
    await refused(escalateApproval(db, { actor: agent, approvalId: d.approvalId, reason: "not sure" }), 409);
    expect(cw.standin.replies(d.chatwootId)).toHaveLength(before);

    // 61 minutes later the sweep fires nothing for it, and no push is queued
    const fired = await fireApprovalTimeouts(db, { now: new Date(Date.now() + 61 * 60_000), approvalId: d.approvalId });
    expect(fired).toEqual([]);
    expect(await db.select().from(outbox).where(like(outbox.dedupKey, `approval-timeout:${d.approvalId}:%`))).toEqual([]);
    expect(await db.select({ name: events.name }).from(events).where(and(eq(events.conversationId, d.conversationId), eq(events.name, "approval_superseded")))).toHaveLength(1);

    const tab = await listApprovals(db, { actor: supervisor, tab: "superseded" });
    expect(tab.map((r) => r.id)).toContain(d.approvalId);
    expect((await listApprovals(db, { actor: supervisor, tab: "pending" })).map((r) => r.id)).not.toContain(d.approvalId);
  });

  it("a resolution in Chatwoot supersedes a pending draft and an escalated one", async () => {
    const pending = await pendingDraft();
    const escalated = await pendingDraft();
    await escalateApproval(db, { actor: agent, approvalId: escalated.approvalId, reason: "Customer is angry" });
    for (const d of [pending, escalated]) {
      await deliver(conversationEvent("conversation_status_changed.json", d.chatwootId, { status: "resolved", inbox_id: INBOX }));
      expect(await approval(d.approvalId)).toMatchObject({ status: "superseded", supersededReason: "resolved" });
    }
    expect(await refused(decideApproval(db, { actor: supervisor, approvalId: escalated.approvalId, decision: { kind: "edit", text: "Hello" } }), 409)).toMatch(/resolved in Chatwoot/);
  });

  it("a move from one agent to another supersedes the waiting draft; a first assignment does not", async () => {
    const d = await pendingDraft();
    await deliver(conversationEvent("conversation_updated.json", d.chatwootId, { status: "open", inbox_id: INBOX, changed_attributes: [{ assignee_id: { previous_value: null, current_value: 44 } }] }));
    expect((await approval(d.approvalId)).status).toBe("pending");
    await deliver(conversationEvent("conversation_updated.json", d.chatwootId, { status: "open", inbox_id: INBOX, changed_attributes: [{ assignee_id: { previous_value: 44, current_value: 45 } }] }));
    expect(await approval(d.approvalId)).toMatchObject({ status: "superseded", supersededReason: "reassigned" });
  });

  it("reconciliation finds a reply and a resolution whose webhooks were lost", async () => {
    const replied = await pendingDraft();
    const resolved = await pendingDraft();
    await db.update(chatwootLinks).set({ lastReconciledAt: new Date(Date.now() - 60_000) }).where(eq(chatwootLinks.id, linkId));
    // what happened in Chatwoot without reaching Tandem: a colleague's public reply, and a resolution
    cw.standin.addMessage(replied.chatwootId, { content: "Answered by a colleague", message_type: 1, private: false });
    const closed = cw.standin.conversations.get(resolved.chatwootId)!;
    closed.status = "resolved";
    closed.last_activity_at = closed.timestamp = Math.floor(Date.now() / 1000);

    const [result] = await reconcileChatwoot(db, { linkId });
    expect(result?.error).toBeUndefined();
    expect(await approval(replied.approvalId)).toMatchObject({ status: "superseded", supersededReason: "human_reply" });
    expect(await approval(resolved.approvalId)).toMatchObject({ status: "superseded", supersededReason: "resolved" });
    const [conv] = await db.select().from(conversations).where(eq(conversations.id, resolved.conversationId));
    expect(conv?.status).toBe("RESOLVED");
    // running it again finds nothing new
    const again = await reconcileChatwoot(db, { linkId });
    expect(again[0]?.recovered.filter((r) => r.action === "stored")).toEqual([]);
  });
});

describe("a draft overtaken in Tandem", () => {
  it("a reply typed on the conversation page goes to Chatwoot once, supersedes the draft, and Chatwoot's echo stores nothing twice", async () => {
    const d = await pendingDraft();
    const sent = await replyToConversation(db, { actor: agent, conversationId: d.conversationId, text: "Gold members get free shipping." });
    expect(sent.status).toBe("delivered");
    const replies = cw.standin.replies(d.chatwootId).filter((m) => m.content === "Gold members get free shipping.");
    expect(replies).toHaveLength(1);
    expect(await approval(d.approvalId)).toMatchObject({ status: "superseded", supersededReason: "human_reply" });
    const [stored] = await db.select().from(messages).where(eq(messages.id, sent.messageId));
    expect(stored?.externalId).toBe(String(replies[0]!.id));

    // Chatwoot reports the message it just created: recognised as ours
    expect(await deliver(outgoingMessage({ conversationId: d.chatwootId, content: "Gold members get free shipping.", messageId: replies[0]!.id }))).toEqual({ action: "ignored", reason: "duplicate" });
    expect((await db.select().from(messages).where(and(eq(messages.conversationId, d.conversationId), eq(messages.content, "Gold members get free shipping.")))).length).toBe(1);
  });

  it("an echo that arrives before the sender recorded Chatwoot's id adopts our message instead of adding one", async () => {
    const d = await pendingDraft();
    cw.standin.failNext(`/conversations/${d.chatwootId}/messages`, 503, 1, { method: "POST", afterProcessing: true });
    const sent = await replyToConversation(db, { actor: agent, conversationId: d.conversationId, text: "Checking your order now." });
    // Chatwoot stored it but the answer was lost: still pending, retried automatically
    expect(sent.status).toBe("pending");
    const kept = cw.standin.replies(d.chatwootId).filter((m) => m.content === "Checking your order now.");
    expect(kept).toHaveLength(1);
    expect(await deliver(outgoingMessage({ conversationId: d.chatwootId, content: "Checking your order now.", messageId: kept[0]!.id }))).toEqual({ action: "ignored", reason: "duplicate" });
    const [stored] = await db.select().from(messages).where(eq(messages.id, sent.messageId));
    expect(stored?.externalId).toBe(String(kept[0]!.id));
    // the automatic retry finds the kept reply in Chatwoot and sends nothing more
    await expect.poll(async () => (await db.select().from(messages).where(eq(messages.id, sent.messageId))).length, { timeout: 5_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(cw.standin.replies(d.chatwootId).filter((m) => m.content === "Checking your order now.")).toHaveLength(1);
  });

  it("resolving in Tandem resolves it in Chatwoot and supersedes the draft; a Chatwoot refusal changes nothing", async () => {
    const refusedDraft = await pendingDraft();
    cw.standin.failNext(`/conversations/${refusedDraft.chatwootId}/toggle_status`, 422, 1);
    expect(await refused(resolveConversationAsHuman(db, { actor: supervisor, conversationId: refusedDraft.conversationId, closedReason: "ASSIGN_AGENT" }), 409)).toMatch(/Chatwoot didn't resolve it/);
    expect((await approval(refusedDraft.approvalId)).status).toBe("pending");

    await resolveConversationAsHuman(db, { actor: supervisor, conversationId: refusedDraft.conversationId, closedReason: "ASSIGN_AGENT" });
    expect(cw.standin.conversations.get(refusedDraft.chatwootId)?.status).toBe("resolved");
    expect(await approval(refusedDraft.approvalId)).toMatchObject({ status: "superseded", supersededReason: "resolved" });
  });

  it("the approvals report counts superseded drafts on their own, out of the acceptance rate", async () => {
    const now = new Date();
    const metrics = await approvalMetrics(db, { orgId: org.orgId, start: new Date(now.getTime() - 3600_000), end: new Date(now.getTime() + 60_000), timezone: "Asia/Jakarta" });
    const superseded = (await db.select({ id: approvals.id }).from(approvals).where(and(eq(approvals.orgId, org.orgId), eq(approvals.status, "superseded")))).length;
    expect(superseded).toBeGreaterThanOrEqual(7);
    expect(metrics.superseded).toEqual({ total: superseded, byReason: expect.objectContaining({ human_reply: expect.any(Number), resolved: expect.any(Number), reassigned: 1 }) });
    expect(metrics.decided).toBe(0);
    expect(metrics.acceptanceRate).toBeNull();
  });
});

