/**
 * Deciding AI drafts on a real database, with the Chatwoot stand-in over real HTTP receiving the replies. Each
 * approval is created the way production creates it: a customer message delivered to handleChatwootDelivery, which
 * drafts from the seeded knowledge base (the link's minDraftConfidence is lowered to 0.6 in the database: no ABCD
 * question reaches the seed's 0.7 with the built-in agent — see lib/chatwoot/webhook.test.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import { approvals, auditLog, chatwootLinks, conversations, events, messages } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { handleChatwootDelivery } from "@/lib/chatwoot/handle-delivery";
import { saveChatwootLink } from "@/lib/chatwoot/link";
import { UserError } from "@/lib/errors/user-error";
import { localChatwootStandin } from "@/test/local-chatwoot-standin";
import { seedTestOrg, testDb } from "@/test/db";
import { signInAs, userIdOf } from "@/test/members";
import { decideApproval, escalateApproval, gradeApproval, retrySend, ungradedByMember } from "./decide-approval";

const KB_QUESTION = "What membership levels do you have and what are the benefits?";
const INBOX = 12;

const cw = localChatwootStandin();
let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;
let org: Org;
let linkId: string;
let agent: Membership;
let agent2: Membership;
let supervisor: Membership;
let ids = 5000;

/** Links an org to the stand-in (inbox 12 → its live chat channel) with a 0.6 draft confidence. */
async function linkOrg(o: Org): Promise<string> {
  const { id } = await saveChatwootLink(db, {
    actor: await signInAs(db, o, "owner"),
    input: { baseUrl: cw.standin.url, accountId: cw.standin.accountId, apiToken: cw.standin.token, webhookSecret: "secret", inboxes: [{ inboxId: INBOX, channelId: o.channels[1]!.id }] },
  });
  await db.update(chatwootLinks).set({ triageRules: { minDraftConfidence: 0.6 } }).where(eq(chatwootLinks.id, id));
  return id;
}

beforeAll(async () => {
  db = await testDb();
  org = await seedTestOrg(db);
  linkId = await linkOrg(org);
  [agent, agent2, supervisor] = await Promise.all([signInAs(db, org, "agent"), signInAs(db, org, "agent2" as "agent"), signInAs(db, org, "supervisor")]);
});

afterEach(() => {
  expect(cw.standin.invalidRequests()).toEqual([]);
});

/**
 * A pending approval drafted for a new customer message in a new Chatwoot conversation, assigned to `assignee`
 * (null: unassigned).
 */
async function newApproval({ assignee = agent, link = linkId }: { assignee?: Membership | null; link?: string } = {}) {
  const chatwootConversationId = ++ids;
  const json = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/chatwoot/message_created.incoming.json"), "utf8"));
  json.id = ++ids;
  json.content = KB_QUESTION;
  json.created_at = new Date().toISOString();
  json.sender.id = json.conversation.meta.sender.id = ++ids;
  json.conversation.id = chatwootConversationId;
  const outcome = await handleChatwootDelivery(db, { linkId: link, body: JSON.stringify(json) });
  if (outcome.action !== "drafted") throw new Error(`expected a draft, got ${JSON.stringify(outcome)}`);
  await db.update(approvals).set({ assigneeId: assignee?.userId ?? null }).where(eq(approvals.id, outcome.approvalId));
  const row = await approvalRow(outcome.approvalId);
  return { id: outcome.approvalId, chatwootConversationId, conversationId: outcome.conversationId, draft: row.draft };
}

async function approvalRow(id: string) {
  const [row] = await db.select().from(approvals).where(eq(approvals.id, id));
  return row!;
}
const auditOf = (approvalId: string) => db.select().from(auditLog).where(and(eq(auditLog.area, "approvals"), eq(auditLog.targetId, approvalId))).orderBy(auditLog.id);
/** Public messages the stand-in received on the conversation. */
const repliesOn = (chatwootConversationId: number) => cw.standin.replies(chatwootConversationId);
const replyPosts = (chatwootConversationId: number) => cw.standin.requestsTo(`/conversations/${chatwootConversationId}/messages`, "POST").filter((r) => (r.body as { private?: boolean }).private === false);

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}
async function userError(promise: Promise<unknown>, status: number): Promise<UserError> {
  const error = await refusal(promise);
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).status).toBe(status);
  return error as UserError;
}

describe("decideApproval: approve", () => {
  it("sends exactly one public reply with the draft, records it as sent (final text = draft, distance 0) and audits it", async () => {
    const a = await newApproval();
    const result = await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } });
    const replies = repliesOn(a.chatwootConversationId);
    expect(replies).toHaveLength(1);
    expect(result).toEqual({ status: "sent", replyId: replies[0]!.id });
    expect(replies[0]!.content).toBe(a.draft);
    expect(replyPosts(a.chatwootConversationId)).toMatchObject([{ body: { content: a.draft, message_type: "outgoing", private: false }, valid: true, authorized: true }]);

    const row = await approvalRow(a.id);
    expect(row).toMatchObject({ status: "sent", decision: "approved", finalText: a.draft, editDistance: 0, decidedBy: agent.userId, replyChatwootMessageId: replies[0]!.id, sendAttempts: 1, lastSendError: null });
    expect(row.decidedAt).toBeInstanceOf(Date);
    expect(row.sentAt!.getTime()).toBeGreaterThanOrEqual(row.decidedAt!.getTime());

    // the reply is in Tandem's conversation: metrics see the first response
    const stored = await db.select().from(messages).where(and(eq(messages.conversationId, a.conversationId), eq(messages.sender, "agent")));
    expect(stored).toMatchObject([{ content: a.draft, externalId: String(replies[0]!.id) }]);
    const [conv] = await db.select().from(conversations).where(eq(conversations.id, a.conversationId));
    expect(conv!.firstResponseAt).toEqual(row.sentAt);
    expect(conv!.messageCount).toBe(2);

    expect((await auditOf(a.id)).map((e) => [e.action, e.actorUserId])).toEqual([["approval.approved", agent.userId]]);
    const sent = await db.select().from(events).where(and(eq(events.orgId, org.orgId), eq(events.name, "approval_sent")));
    expect(sent.some((e) => (e.properties as { approval_id?: string }).approval_id === a.id)).toBe(true);
  });

  it("refuses a second approval of the same draft with 409 and sends nothing more", async () => {
    const a = await newApproval();
    await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } });
    const error = await userError(decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } }), 409);
    expect(error.message).toBe("This draft was already decided.");
    expect(repliesOn(a.chatwootConversationId)).toHaveLength(1);
  });

  it("sends once when two approvals race (Promise.all): the other gets 409", async () => {
    const a = await newApproval();
    const results = await Promise.allSettled([
      decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } }),
      decideApproval(db, { actor: supervisor, approvalId: a.id, decision: { kind: "edit", text: `${a.draft} Thanks!` } }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(fulfilled[0]!.value).toMatchObject({ status: "sent" });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(UserError);
    expect((rejected[0]!.reason as UserError).status).toBe(409);
    expect(repliesOn(a.chatwootConversationId)).toHaveLength(1);
    expect(replyPosts(a.chatwootConversationId)).toHaveLength(1);
    expect((await auditOf(a.id)).filter((e) => e.action.startsWith("approval."))).toHaveLength(1);
  });

  it("sends once on a double click by the same operator", async () => {
    const a = await newApproval();
    const results = await Promise.allSettled([1, 2].map(() => decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } })));
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(repliesOn(a.chatwootConversationId)).toHaveLength(1);
  });
});

describe("decideApproval: edit & approve, reject", () => {
  it("stores the edited text and its Levenshtein distance to the draft (7 inserted characters)", async () => {
    const a = await newApproval();
    const edited = `Hello! ${a.draft}`;
    const result = await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "edit", text: `  ${edited}\n` } });
    expect(result.status).toBe("sent");
    expect(repliesOn(a.chatwootConversationId).map((m) => m.content)).toEqual([edited]);
    expect(await approvalRow(a.id)).toMatchObject({ status: "sent", decision: "edited", finalText: edited, editDistance: 7 });
    expect((await auditOf(a.id)).map((e) => e.action)).toEqual(["approval.edited"]);
  });

  it("turns the CRLF line breaks a browser submits into LF before sending (the edit distance counts the same text)", async () => {
    const a = await newApproval();
    await db.update(approvals).set({ draft: "Line one.\nLine two." }).where(eq(approvals.id, a.id));
    await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "edit", text: "Line one.\r\nLine two.\r\n\r\nThanks!" } });
    expect(repliesOn(a.chatwootConversationId).map((m) => m.content)).toEqual(["Line one.\nLine two.\n\nThanks!"]);
    // "\n\nThanks!" appended: 9 insertions
    expect(await approvalRow(a.id)).toMatchObject({ editDistance: 9 });
  });

  it("counts substitutions and insertions by hand: 'ships on Monday' → 'shipped on Tuesday' is 7", async () => {
    const a = await newApproval();
    await db.update(approvals).set({ draft: "Your order ships on Monday." }).where(eq(approvals.id, a.id));
    // ships → shipped: s→p, +e, +d (3); Monday → Tuesday: M→T, o→u, n→e, +s (4)
    await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "edit", text: "Your order shipped on Tuesday." } });
    expect(await approvalRow(a.id)).toMatchObject({ decision: "edited", finalText: "Your order shipped on Tuesday.", editDistance: 7 });
  });

  it("records an edit that changes nothing as approved with distance 0", async () => {
    const a = await newApproval();
    await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "edit", text: ` ${a.draft} ` } });
    expect(await approvalRow(a.id)).toMatchObject({ decision: "approved", finalText: a.draft, editDistance: 0 });
  });

  it("rejects with the operator's own reply: that reply is sent, decision rejected", async () => {
    const a = await newApproval();
    const own = "Hi! We have Silver and Gold memberships; Gold adds free shipping.";
    const result = await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "reject", text: own } });
    expect(result.status).toBe("sent");
    expect(repliesOn(a.chatwootConversationId).map((m) => m.content)).toEqual([own]);
    const row = await approvalRow(a.id);
    expect(row).toMatchObject({ status: "sent", decision: "rejected", finalText: own, decidedBy: agent.userId });
    expect(row.editDistance).toBeGreaterThan(0);
    expect((await auditOf(a.id)).map((e) => e.action)).toEqual(["approval.rejected"]);
  });

  it.each([
    ["an empty edit", { kind: "edit" as const, text: "   " }],
    ["a reject without a reply", { kind: "reject" as const, text: undefined }],
    ["a reply over 4,000 characters", { kind: "reject" as const, text: "x".repeat(4001) }],
  ])("refuses %s (ZodError) and changes nothing", async (_name, decision) => {
    const a = await newApproval();
    expect(await refusal(decideApproval(db, { actor: agent, approvalId: a.id, decision }))).toBeInstanceOf(ZodError);
    expect(await approvalRow(a.id)).toMatchObject({ status: "pending", decision: null, sendAttempts: 0 });
    expect(replyPosts(a.chatwootConversationId)).toEqual([]);
    expect(await auditOf(a.id)).toEqual([]);
  });
});

describe("escalateApproval", () => {
  it.each([[undefined], [""], ["no"], ["x".repeat(501)]])("requires a reason of 3–500 characters (%j → ZodError)", async (reason) => {
    const a = await newApproval();
    expect(await refusal(escalateApproval(db, { actor: agent, approvalId: a.id, reason }))).toBeInstanceOf(ZodError);
    expect((await approvalRow(a.id)).status).toBe("pending");
  });

  it("escalates to the supervisors with the reason, sends nothing, audits it, and closes the draft to other decisions", async () => {
    const a = await newApproval();
    const requestsBefore = cw.standin.requests.length;
    await escalateApproval(db, { actor: agent, approvalId: a.id, reason: "  Customer mentions a chargeback  " });
    // no reply: one private note in Chatwoot says who escalated and why (this link has no escalation target to reassign to)
    expect(cw.standin.requests.slice(requestsBefore)).toMatchObject([
      { method: "POST", body: { private: true, content: expect.stringContaining(`Escalated in Tandem by ${agent.name}: Customer mentions a chargeback`) }, valid: true },
    ]);
    expect(repliesOn(a.chatwootConversationId)).toEqual([]);
    expect(await approvalRow(a.id)).toMatchObject({ status: "escalated", decision: "escalated", escalationReason: "Customer mentions a chargeback", decidedBy: agent.userId, finalText: null });
    const [entry] = await auditOf(a.id);
    // the reason may quote the customer: the audit log (out of the purge's reach) keeps its length only
    expect(entry).toMatchObject({ action: "approval.escalated", changes: { reason: { from: null, to: "30 characters" } } });
    const [event] = await db.select().from(events).where(and(eq(events.conversationId, a.conversationId), eq(events.name, "approval_escalated")));
    expect(event).toBeDefined();

    await userError(escalateApproval(db, { actor: supervisor, approvalId: a.id, reason: "again" }), 409);
    await userError(gradeApproval(db, { actor: supervisor, approvalId: a.id, grades: { tone: 5, accuracy: 5, policy: 5 } }), 409);
    expect(repliesOn(a.chatwootConversationId)).toEqual([]);
    // the conversation is now with a human
    expect(await db.select({ status: conversations.status }).from(conversations).where(eq(conversations.id, a.conversationId))).toEqual([{ status: "WAITING_ASSIGN_AGENT" }]);
    // the operator can't answer it any more; a supervisor answers it, exactly once
    expect((await userError(decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } }), 409)).message).toBe("A supervisor answers escalated drafts.");
    expect((await decideApproval(db, { actor: supervisor, approvalId: a.id, decision: { kind: "reject", text: "Our corporate team will call you today." } })).status).toBe("sent");
    expect(repliesOn(a.chatwootConversationId).map((m) => m.content)).toEqual(["Our corporate team will call you today."]);
    await userError(decideApproval(db, { actor: supervisor, approvalId: a.id, decision: { kind: "approve" } }), 409);
  });
});

describe("sending through Chatwoot: failures and retries", () => {
  it("keeps the decision as sending with the error when Chatwoot answers 500, then sends once on retry", async () => {
    const a = await newApproval();
    cw.standin.failNext(cw.standin.conversationPath(a.chatwootConversationId, "/messages"), 500, 1, { method: "POST" });
    const failed = await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } });
    expect(failed).toEqual({ status: "failed", error: "Chatwoot answered 500", retryable: true });
    expect(repliesOn(a.chatwootConversationId)).toEqual([]);
    expect(await approvalRow(a.id)).toMatchObject({ status: "sending", decision: "approved", lastSendError: "Chatwoot answered 500", sentAt: null, replyChatwootMessageId: null, sendAttempts: 1 });
    expect((await db.select().from(events).where(and(eq(events.orgId, org.orgId), eq(events.name, "approval_send_failed")))).length).toBeGreaterThan(0);

    // a new decision can't sneak in while the reply waits for its retry
    expect((await userError(decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } }), 409)).message).toBe("This reply is already being sent.");

    const retried = await retrySend(db, { actor: agent, approvalId: a.id });
    const replies = repliesOn(a.chatwootConversationId);
    expect(replies).toHaveLength(1);
    expect(retried).toEqual({ status: "sent", replyId: replies[0]!.id });
    expect(await approvalRow(a.id)).toMatchObject({ status: "sent", lastSendError: null, sendAttempts: 2, replyChatwootMessageId: replies[0]!.id });
    // the retry looked for a reply kept from the failed attempt before sending (a valid GET …/messages)
    expect(cw.standin.requestsTo(`/conversations/${a.chatwootConversationId}/messages`, "GET")).toMatchObject([{ valid: true, status: 200 }]);
    expect((await auditOf(a.id)).map((e) => e.action)).toEqual(["approval.approved", "approval.send_retried"]);

    await userError(retrySend(db, { actor: agent, approvalId: a.id }), 409);
    expect(repliesOn(a.chatwootConversationId)).toHaveLength(1);
  });

  it("a reply stuck in sending (its process died before recording a result) can be retried once it is clearly lost", async () => {
    const a = await newApproval();
    // as if the decision committed and the process died before the send: sending, no error
    await db.update(approvals).set({ status: "sending", decision: "approved", finalText: "Hello", decidedAt: new Date(), sendStartedAt: new Date(), sendAttempts: 1 }).where(eq(approvals.id, a.id));
    await userError(retrySend(db, { actor: agent, approvalId: a.id }), 409); // maybe still in flight
    await db.update(approvals).set({ sendStartedAt: new Date(Date.now() - 10 * 60_000) }).where(eq(approvals.id, a.id));
    expect((await retrySend(db, { actor: agent, approvalId: a.id })).status).toBe("sent");
    expect(repliesOn(a.chatwootConversationId)).toHaveLength(1);
  });

  it("adopts the reply Chatwoot kept when its answer was lost, instead of sending a second one", async () => {
    const a = await newApproval();
    cw.standin.failNext(cw.standin.conversationPath(a.chatwootConversationId, "/messages"), 500, 1, { method: "POST", afterProcessing: true });
    expect((await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } })).status).toBe("failed");
    const [kept] = repliesOn(a.chatwootConversationId);
    expect(kept?.content).toBe(a.draft);

    expect(await retrySend(db, { actor: agent, approvalId: a.id })).toEqual({ status: "sent", replyId: kept!.id });
    expect(repliesOn(a.chatwootConversationId)).toHaveLength(1);
    expect(replyPosts(a.chatwootConversationId)).toHaveLength(1);
    expect(await approvalRow(a.id)).toMatchObject({ status: "sent", replyChatwootMessageId: kept!.id });
  });

  it("fails twice, then succeeds: still exactly one reply", async () => {
    const a = await newApproval();
    cw.standin.failNext(cw.standin.conversationPath(a.chatwootConversationId, "/messages"), 503, 2, { method: "POST" });
    expect((await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } })).status).toBe("failed");
    expect((await retrySend(db, { actor: agent, approvalId: a.id })).status).toBe("failed");
    expect((await retrySend(db, { actor: agent, approvalId: a.id })).status).toBe("sent");
    expect(repliesOn(a.chatwootConversationId)).toHaveLength(1);
  });

  it("reports a refusal Chatwoot won't change on retry as not retryable", async () => {
    const a = await newApproval();
    cw.standin.failNext(cw.standin.conversationPath(a.chatwootConversationId, "/messages"), 404, 1, { method: "POST" });
    const result = await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } });
    expect(result).toMatchObject({ status: "failed", retryable: false });
  });

  it("refuses a retry of a pending approval (409)", async () => {
    const a = await newApproval();
    await userError(retrySend(db, { actor: agent, approvalId: a.id }), 409);
  });
});

describe("who may decide", () => {
  it("refuses an agent another operator's approval (403) and lets a supervisor decide it", async () => {
    const a = await newApproval({ assignee: agent2 });
    expect((await userError(decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } }), 403)).message).toBe("This draft is assigned to another operator.");
    await userError(escalateApproval(db, { actor: agent, approvalId: a.id, reason: "not mine" }), 403);
    expect(await approvalRow(a.id)).toMatchObject({ status: "pending", sendAttempts: 0 });
    expect(replyPosts(a.chatwootConversationId)).toEqual([]);
    expect(await decideApproval(db, { actor: supervisor, approvalId: a.id, decision: { kind: "approve" } })).toMatchObject({ status: "sent" });
    expect((await approvalRow(a.id)).decidedBy).toBe(supervisor.userId);
    // the supervisor's approval is graded by the supervisor, not by the assigned agent
    await userError(gradeApproval(db, { actor: agent, approvalId: a.id, grades: { tone: 4, accuracy: 4, policy: 4 } }), 403);
  });

  it("lets an agent decide an unassigned approval", async () => {
    const a = await newApproval({ assignee: null });
    expect((await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } })).status).toBe("sent");
  });

  it("answers 404 for another org's approval and for an id that isn't one", async () => {
    const a = await newApproval();
    const other = await seedTestOrg(db);
    await linkOrg(other);
    const outsider = await signInAs(db, other, "owner");
    await userError(decideApproval(db, { actor: outsider, approvalId: a.id, decision: { kind: "approve" } }), 404);
    await userError(escalateApproval(db, { actor: outsider, approvalId: a.id, reason: "not ours" }), 404);
    await userError(retrySend(db, { actor: outsider, approvalId: a.id }), 404);
    await userError(gradeApproval(db, { actor: outsider, approvalId: a.id, grades: { tone: 1, accuracy: 1, policy: 1 } }), 404);
    await userError(decideApproval(db, { actor: agent, approvalId: "not-an-id", decision: { kind: "approve" } }), 404);
    await userError(decideApproval(db, { actor: agent, approvalId: "00000000-0000-4000-8000-000000000000", decision: { kind: "approve" } }), 404);
    expect(await approvalRow(a.id)).toMatchObject({ status: "pending" });
    expect(replyPosts(a.chatwootConversationId)).toEqual([]);
  });
});

describe("grading", () => {
  it("is refused before the reply is sent (409), including while it waits for a retry", async () => {
    const a = await newApproval();
    await userError(gradeApproval(db, { actor: agent, approvalId: a.id, grades: { tone: 5, accuracy: 5, policy: 5 } }), 409);
    cw.standin.failNext(cw.standin.conversationPath(a.chatwootConversationId, "/messages"), 500, 1, { method: "POST" });
    await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } });
    await userError(gradeApproval(db, { actor: agent, approvalId: a.id, grades: { tone: 5, accuracy: 5, policy: 5 } }), 409);
  });

  it.each([
    [{ tone: 0, accuracy: 3, policy: 3 }],
    [{ tone: 3, accuracy: 6, policy: 3 }],
    [{ tone: 3, accuracy: 3, policy: 2.5 }],
    [{ tone: 3, accuracy: 3 }],
    [{ tone: "good", accuracy: 3, policy: 3 }],
  ])("refuses grades outside 1–5 or missing: %j", async (grades) => {
    const a = await newApproval();
    await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } });
    expect(await refusal(gradeApproval(db, { actor: agent, approvalId: a.id, grades }))).toBeInstanceOf(ZodError);
    expect((await approvalRow(a.id)).gradedAt).toBeNull();
  });

  it("stores tone, accuracy and policy once (form values as strings accepted) and audits them", async () => {
    const a = await newApproval();
    await decideApproval(db, { actor: agent, approvalId: a.id, decision: { kind: "approve" } });
    await gradeApproval(db, { actor: agent, approvalId: a.id, grades: { tone: "5", accuracy: 4, policy: 1 } });
    const row = await approvalRow(a.id);
    expect(row).toMatchObject({ toneGrade: 5, accuracyGrade: 4, policyGrade: 1, gradedBy: agent.userId });
    expect(row.gradedAt).toBeInstanceOf(Date);
    expect((await userError(gradeApproval(db, { actor: agent, approvalId: a.id, grades: { tone: 1, accuracy: 1, policy: 1 } }), 409)).message).toBe("This draft is already graded.");
    expect(await approvalRow(a.id)).toMatchObject({ toneGrade: 5, accuracyGrade: 4, policyGrade: 1 });
    expect((await auditOf(a.id)).map((e) => [e.action, e.changes])).toEqual([
      ["approval.approved", { status: { from: "pending", to: "sending" } }],
      ["approval.graded", { grades: { from: null, to: { tone: 5, accuracy: 4, policy: 1 } } }],
    ]);
  });

  it("ungradedByMember lists the member's sent-but-ungraded approvals, oldest first", async () => {
    const org2 = await seedTestOrg(db);
    const link2 = await linkOrg(org2);
    const [op, op2] = await Promise.all([signInAs(db, org2, "agent"), signInAs(db, org2, "agent2" as "agent")]);
    const mk = (assignee: Membership) => newApproval({ assignee, link: link2 });
    const [first, second, failing, escalated, pending, someoneElses] = [await mk(op), await mk(op), await mk(op), await mk(op), await mk(op), await mk(op2)];

    expect(await ungradedByMember(db, op)).toEqual([]);
    await decideApproval(db, { actor: op, approvalId: first.id, decision: { kind: "approve" } });
    await decideApproval(db, { actor: op, approvalId: second.id, decision: { kind: "edit", text: `${second.draft} Thanks!` } });
    cw.standin.failNext(cw.standin.conversationPath(failing.chatwootConversationId, "/messages"), 500, 1, { method: "POST" });
    await decideApproval(db, { actor: op, approvalId: failing.id, decision: { kind: "approve" } });
    await escalateApproval(db, { actor: op, approvalId: escalated.id, reason: "needs a supervisor" });
    await decideApproval(db, { actor: op2, approvalId: someoneElses.id, decision: { kind: "approve" } });
    void pending;

    expect(await ungradedByMember(db, op)).toEqual([first.id, second.id]);
    expect(await ungradedByMember(db, op2)).toEqual([someoneElses.id]);
    await gradeApproval(db, { actor: op, approvalId: first.id, grades: { tone: 4, accuracy: 4, policy: 4 } });
    expect(await ungradedByMember(db, op)).toEqual([second.id]);
    await retrySend(db, { actor: op, approvalId: failing.id });
    expect(await ungradedByMember(db, op)).toEqual([second.id, failing.id]);
    // another org's member sees none of these
    expect(await ungradedByMember(db, { orgId: org.orgId, userId: op.userId })).toEqual([]);
    expect(await userIdOf(db, org2, "agent")).toBe(op.userId);
  });
});
