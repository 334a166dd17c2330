/**
 * Reconciliation (004_… §9 "Chatwoot Webhook Failure → poll the API every 5 minutes") on a real database, with the
 * Chatwoot stand-in over real HTTP holding conversations and customer messages whose webhooks never arrived.
 *
 * As in webhook.test.ts, the link's `triage_rules.minDraftConfidence` is lowered to 0.6: none of the ABCD retrieval
 * questions reaches the seed's 0.7 with the built-in agent (the membership FAQ question scores 0.674). Every test links
 * a fresh org: the stand-in lists every conversation with the same contact (9071), and a contact with more than two
 * unresolved conversations would be escalated by triage instead of drafted.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { approvals, chatwootLinks, conversations, messages } from "@/db/schema";
import { InngestTestEngine } from "@inngest/test";
import { reconcileChatwootFn } from "@/inngest/functions/chatwoot-jobs";
import { functions } from "@/inngest/functions";
import { localChatwootStandin } from "@/test/local-chatwoot-standin";
import { seedTestOrg, testDb } from "@/test/db";
import { signInAs } from "@/test/members";
import { formatDraftNote } from "./draft-note";
import { handleChatwootDelivery } from "./handle-delivery";
import { saveChatwootLink } from "./link";
import { RECONCILE_OVERLAP_MS, reconcileChatwoot } from "./reconcile";

const KB_QUESTION = "What membership levels do you have and what are the benefits?";
const MAPPED_INBOX = 12;
/** the stand-in's second inbox ("Email"), mapped to nothing */
const UNMAPPED_INBOX = 13;

const cw = localChatwootStandin();
let db: Db;
let ids = 500;
const nextId = () => ++ids;

beforeAll(async () => {
  db = await testDb();
});
beforeEach(() => cw.standin.reset());
afterEach(() => {
  // every request matched Chatwoot's OpenAPI description and carried the token
  expect(cw.standin.invalidRequests()).toEqual([]);
  expect(cw.standin.requests.every((r) => r.authorized)).toBe(true);
});

/** A fresh org linked to the stand-in: inbox 12 → its live chat channel, draft confidence 0.6. */
async function linkedOrg(apiToken = cw.standin.token) {
  const org = await seedTestOrg(db);
  const channelId = org.channels[1]!.id;
  const { id: linkId } = await saveChatwootLink(db, {
    actor: await signInAs(db, org, "owner"),
    input: { baseUrl: cw.standin.url, accountId: cw.standin.accountId, apiToken, webhookSecret: "secret", inboxes: [{ inboxId: MAPPED_INBOX, channelId }] },
  });
  await db.update(chatwootLinks).set({ triageRules: { minDraftConfidence: 0.6 } }).where(eq(chatwootLinks.id, linkId));
  return { org, channelId, linkId };
}

const lastReconciledAt = async (linkId: string) => (await db.select({ at: chatwootLinks.lastReconciledAt }).from(chatwootLinks).where(eq(chatwootLinks.id, linkId)))[0]!.at;
async function conversationOf(channelId: string, chatwootId: number) {
  const [row] = await db.select().from(conversations).where(and(eq(conversations.channelId, channelId), eq(conversations.externalId, String(chatwootId))));
  return row;
}
const messagesOf = (conversationId: string) => db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(asc(messages.sentAt));
const approvalsOf = (conversationId: string) => db.select().from(approvals).where(eq(approvals.conversationId, conversationId)).orderBy(asc(approvals.createdAt));
/** POSTs Tandem made to Chatwoot (notes, replies, priority, labels, assignments). */
const posts = () => cw.standin.requests.filter((r) => r.method === "POST");
const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

describe("reconcileChatwoot", () => {
  it("processes a customer message whose webhook was dropped exactly as the webhook would: conversation, message, triage, draft note, approval", async () => {
    const { org, channelId, linkId } = await linkedOrg();
    const chatwootId = nextId();
    cw.standin.addConversation({ id: chatwootId, inbox_id: MAPPED_INBOX });
    const dropped = cw.standin.addMessage(chatwootId, { content: KB_QUESTION });
    expect(await lastReconciledAt(linkId)).toBeNull();

    const now = new Date();
    const [result, ...others] = await reconcileChatwoot(db, { linkId, now });
    expect(others).toEqual([]);
    expect(result).toMatchObject({ linkId, conversations: 1 });
    expect(result!.error).toBeUndefined();

    // the conversation and the message, on the mapped channel, as the listing describes them
    const conv = (await conversationOf(channelId, chatwootId))!;
    expect(conv).toMatchObject({ orgId: org.orgId, contactId: "chatwoot:9071", contactName: "Rina Wulandari", status: "OPEN", priority: "P2", escalationRule: null, messageCount: 1, firstMessagePreview: KB_QUESTION });
    expect(await messagesOf(conv.id)).toMatchObject([{ sender: "customer", content: KB_QUESTION, externalId: String(dropped.id), sentAt: new Date(dropped.created_at * 1000) }]);

    // the approval, due 30 and 60 minutes after the run
    const [approval, ...more] = await approvalsOf(conv.id);
    expect(more).toEqual([]);
    expect(approval).toMatchObject({ orgId: org.orgId, status: "pending", operatorDueAt: new Date(now.getTime() + 30 * 60_000), managerDueAt: new Date(now.getTime() + 60 * 60_000) });
    expect(result!.recovered).toEqual([
      { action: "drafted", conversationId: conv.id, approvalId: approval!.id, noteId: approval!.noteChatwootMessageId, orgId: org.orgId, operatorDueAt: approval!.operatorDueAt.toISOString(), managerDueAt: approval!.managerDueAt.toISOString(), outboxId: null },
    ]);

    // what went back to Chatwoot: the priority (P2 → medium), the label and the draft as a private note
    expect(cw.standin.conversations.get(chatwootId)).toMatchObject({ priority: "medium", labels: ["priority-p2"] });
    const notes = cw.standin.notes(chatwootId);
    expect(notes.map((n) => n.content)).toEqual([formatDraftNote({ draft: approval!.draft, confidence: approval!.confidence, sources: approval!.sources })]);
    expect(approval!.noteChatwootMessageId).toBe(notes[0]!.id);
    expect(cw.standin.replies(chatwootId)).toEqual([]);
    // the listing and the conversation's messages were read through the API
    expect(cw.standin.requestsTo(`/accounts/${cw.standin.accountId}/conversations`, "GET")).toMatchObject([{ query: { status: "all", page: "1" }, status: 200 }]);
    expect(cw.standin.requestsTo(`/conversations/${chatwootId}/messages`, "GET")).toHaveLength(1);

    expect(await lastReconciledAt(linkId)).toEqual(now);

    // a second run five minutes later recovers nothing and sends nothing to Chatwoot
    const postsBefore = posts().length;
    const later = new Date(now.getTime() + 5 * 60_000);
    expect(await reconcileChatwoot(db, { linkId, now: later })).toEqual([{ linkId, conversations: 1, pages: 1, recovered: [] }]);
    expect(posts()).toHaveLength(postsBefore);
    expect(await approvalsOf(conv.id)).toHaveLength(1);
    expect(await messagesOf(conv.id)).toHaveLength(1);
    expect(cw.standin.notes(chatwootId)).toHaveLength(1);
    expect(await lastReconciledAt(linkId)).toEqual(later);
  });

  it("does not process again a message that arrived by webhook, and recovers the one after it that didn't", async () => {
    const { channelId, linkId } = await linkedOrg();
    const chatwootId = nextId();
    const createdAt = new Date(Date.now() - 60_000);
    cw.standin.addConversation({ id: chatwootId, inbox_id: MAPPED_INBOX, created_at: epochSeconds(createdAt) });
    // Chatwoot has the customer's first message, and its webhook arrived
    const first = cw.standin.addMessage(chatwootId, { content: KB_QUESTION, created_at: epochSeconds(createdAt) });
    const json = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/chatwoot/message_created.incoming.json"), "utf8"));
    json.id = first.id;
    json.content = KB_QUESTION;
    json.created_at = new Date(first.created_at * 1000).toISOString();
    json.conversation.id = chatwootId;
    json.conversation.created_at = epochSeconds(createdAt);
    expect(await handleChatwootDelivery(db, { linkId, body: JSON.stringify(json) })).toMatchObject({ action: "drafted" });
    const conv = (await conversationOf(channelId, chatwootId))!;
    expect(await approvalsOf(conv.id)).toHaveLength(1);
    expect(cw.standin.notes(chatwootId)).toHaveLength(1);

    // nothing was missed: the run recovers nothing and posts nothing
    cw.standin.requests.length = 0;
    expect(await reconcileChatwoot(db, { linkId })).toEqual([{ linkId, conversations: 1, pages: 1, recovered: [] }]);
    expect(posts()).toEqual([]);

    // a second customer message whose webhook was dropped: only that one is processed
    const second = cw.standin.addMessage(chatwootId, { content: KB_QUESTION });
    const [result] = await reconcileChatwoot(db, { linkId });
    expect(result!.recovered).toHaveLength(1);
    expect(result!.recovered[0]).toMatchObject({ action: "drafted", conversationId: conv.id });
    expect((await messagesOf(conv.id)).map((m) => m.externalId)).toEqual([String(first.id), String(second.id)]);
    const drafts = await approvalsOf(conv.id);
    expect(drafts).toHaveLength(2);
    const [firstMessage, secondMessage] = await messagesOf(conv.id);
    expect(drafts.map((a) => a.messageId).sort()).toEqual([firstMessage!.id, secondMessage!.id].sort());
    expect(cw.standin.notes(chatwootId)).toHaveLength(2);
    expect((await conversationOf(channelId, chatwootId))!.messageCount).toBe(2);
  });

  it("skips a conversation in an inbox that maps to no channel (without reading its messages)", async () => {
    const { org, linkId } = await linkedOrg();
    const unmapped = nextId();
    cw.standin.addConversation({ id: unmapped, inbox_id: UNMAPPED_INBOX });
    cw.standin.addMessage(unmapped, { content: KB_QUESTION });
    const now = new Date();
    expect(await reconcileChatwoot(db, { linkId, now })).toEqual([{ linkId, conversations: 0, pages: 1, recovered: [] }]);
    expect(cw.standin.requestsTo(`/conversations/${unmapped}/messages`)).toEqual([]);
    expect(await db.select().from(conversations).where(and(eq(conversations.orgId, org.orgId), eq(conversations.externalId, String(unmapped))))).toEqual([]);
    expect(posts()).toEqual([]);
    expect(await lastReconciledAt(linkId)).toEqual(now);
  });

  it(`looks again at activity up to ${RECONCILE_OVERLAP_MS / 60_000} minutes before the last run, not earlier`, async () => {
    const { channelId, linkId } = await linkedOrg();
    const now = new Date();
    const lastRun = new Date(now.getTime() - 5 * 60_000);
    await db.update(chatwootLinks).set({ lastReconciledAt: lastRun }).where(eq(chatwootLinks.id, linkId));
    // since = last run − 10 min = now − 15 min
    const inside = nextId();
    const outside = nextId();
    cw.standin.addConversation({ id: inside, inbox_id: MAPPED_INBOX });
    cw.standin.addMessage(inside, { content: KB_QUESTION, created_at: epochSeconds(now) - 14 * 60 });
    cw.standin.addConversation({ id: outside, inbox_id: MAPPED_INBOX });
    cw.standin.addMessage(outside, { content: KB_QUESTION, created_at: epochSeconds(now) - 16 * 60 });

    const [result] = await reconcileChatwoot(db, { linkId, now });
    expect(result).toMatchObject({ conversations: 1, recovered: [{ action: "drafted" }] });
    expect(await conversationOf(channelId, inside)).toBeDefined();
    expect(await conversationOf(channelId, outside)).toBeUndefined();
    expect(cw.standin.requestsTo(`/conversations/${outside}/messages`)).toEqual([]);
  });

  it("after downtime, pages through every conversation active since the last run — not just the first page — and stops at older activity", async () => {
    const { channelId, linkId } = await linkedOrg();
    const now = new Date();
    // the server was down for 3 hours; since = last run − 10 min
    await db.update(chatwootLinks).set({ lastReconciledAt: new Date(now.getTime() - 3 * 3600_000) }).where(eq(chatwootLinks.id, linkId));
    const at = (minutesAgo: number) => epochSeconds(now) - minutesAgo * 60;
    // 60 conversations active during the downtime (most recent first: ids[0] is on page 1, ids[59] on page 3), then
    // 20 with activity from before it
    const ids = Array.from({ length: 60 }, () => nextId());
    ids.forEach((id, i) => {
      cw.standin.addConversation({ id, inbox_id: MAPPED_INBOX, last_activity_at: at(2 + i * 2) });
      cw.standin.addMessage(id, { content: "Thanks, we are on it.", message_type: 1, created_at: at(2 + i * 2) });
    });
    for (let i = 0; i < 20; i++) cw.standin.addConversation({ id: nextId(), inbox_id: MAPPED_INBOX, last_activity_at: at(300 + i) });
    // dropped customer messages on page 1, page 2 and page 3
    const dropped = [ids[3]!, ids[30]!, ids[59]!];
    for (const id of dropped) cw.standin.addMessage(id, { content: KB_QUESTION, created_at: at(2 + ids.indexOf(id) * 2) });

    const [result] = await reconcileChatwoot(db, { linkId, now });
    expect(result).toMatchObject({ conversations: 60, pages: 3 });
    expect(result!.recovered.map((r) => r.action)).toEqual(["drafted", "drafted", "drafted"]);
    for (const id of dropped) expect(await conversationOf(channelId, id)).toBeDefined();
    expect(cw.standin.requestsTo(`/accounts/${cw.standin.accountId}/conversations`, "GET").map((r) => r.query.page)).toEqual(["1", "2", "3"]);
  });

  it("drafts nothing for old history in a recently active conversation (only messages since the last run, less 10 minutes)", async () => {
    const { channelId, linkId } = await linkedOrg();
    const chatwootId = nextId();
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    cw.standin.addConversation({ id: chatwootId, inbox_id: MAPPED_INBOX, created_at: epochSeconds(weekAgo) });
    cw.standin.addMessage(chatwootId, { content: KB_QUESTION, created_at: epochSeconds(weekAgo) });
    const recent = cw.standin.addMessage(chatwootId, { content: KB_QUESTION });
    const [result] = await reconcileChatwoot(db, { linkId }); // first run: looks back 24 h
    expect(result!.recovered).toHaveLength(1);
    const conv = (await conversationOf(channelId, chatwootId))!;
    expect((await messagesOf(conv.id)).map((m) => m.externalId)).toEqual([String(recent.id)]);
  });

  it("ignores private notes and outgoing messages in the listing", async () => {
    const { channelId, linkId } = await linkedOrg();
    const chatwootId = nextId();
    cw.standin.addConversation({ id: chatwootId, inbox_id: MAPPED_INBOX });
    cw.standin.addMessage(chatwootId, { content: "Internal note", message_type: 1, private: true });
    cw.standin.addMessage(chatwootId, { content: "Hi! How can we help?", message_type: 1 });
    expect(await reconcileChatwoot(db, { linkId })).toEqual([{ linkId, conversations: 1, pages: 1, recovered: [] }]);
    expect(await conversationOf(channelId, chatwootId)).toBeUndefined();
    expect(posts()).toEqual([]);
  });

  it("reports Chatwoot answering 500 and keeps the last run time, so the next run picks the message up", async () => {
    const { channelId, linkId } = await linkedOrg();
    const chatwootId = nextId();
    cw.standin.addConversation({ id: chatwootId, inbox_id: MAPPED_INBOX });
    cw.standin.addMessage(chatwootId, { content: KB_QUESTION });
    const previous = new Date(Date.now() - 3 * 60_000);
    await db.update(chatwootLinks).set({ lastReconciledAt: previous }).where(eq(chatwootLinks.id, linkId));

    // the listing fails
    cw.standin.failNext(`/api/v1/accounts/${cw.standin.accountId}/conversations`, 500, 1, { method: "GET" });
    expect(await reconcileChatwoot(db, { linkId })).toEqual([{ linkId, conversations: 0, pages: 0, recovered: [], error: "Chatwoot answered 500" }]);
    expect(await lastReconciledAt(linkId)).toEqual(previous);
    expect(await conversationOf(channelId, chatwootId)).toBeUndefined();

    // the conversation's messages fail
    cw.standin.failNext(cw.standin.conversationPath(chatwootId, "/messages"), 503, 1, { method: "GET" });
    const [failed] = await reconcileChatwoot(db, { linkId });
    expect(failed).toMatchObject({ linkId, recovered: [], error: "Chatwoot answered 503" });
    expect(await lastReconciledAt(linkId)).toEqual(previous);
    expect(await conversationOf(channelId, chatwootId)).toBeUndefined();

    // Chatwoot is back: the message is recovered
    const now = new Date();
    const [ok] = await reconcileChatwoot(db, { linkId, now });
    expect(ok!.error).toBeUndefined();
    expect(ok!.recovered).toMatchObject([{ action: "drafted" }]);
    expect(await lastReconciledAt(linkId)).toEqual(now);
  });

  it("reports a refused token as the link's error without throwing (and keeps the last run time)", async () => {
    // a link whose token Chatwoot no longer accepts (rotated in Chatwoot)
    const { linkId } = await linkedOrg("rotated-token");
    expect(await reconcileChatwoot(db, { linkId })).toEqual([{ linkId, conversations: 0, pages: 0, recovered: [], error: "Chatwoot refused the API access token" }]);
    expect(await lastReconciledAt(linkId)).toBeNull();
    // the refused request is the only one made
    expect(cw.standin.requests.map((r) => [r.method, r.status, r.authorized])).toEqual([["GET", 401, false]]);
    cw.standin.requests.length = 0; // (the afterEach check wants authorized requests only)
  });

  it("answers nothing for an unknown link id", async () => {
    expect(await reconcileChatwoot(db, { linkId: "00000000-0000-4000-8000-000000000000" })).toEqual([]);
    expect(await reconcileChatwoot(db, { linkId: "not-a-uuid" })).toEqual([]);
  });
});

describe("reconcile-chatwoot (Inngest cron)", () => {
  it("is served every 5 minutes, one run at a time, and reconciles every link", async () => {
    expect(functions).toContain(reconcileChatwootFn);
    const opts = (reconcileChatwootFn as unknown as { opts: { triggers?: { cron?: string }[]; concurrency?: { limit: number } } }).opts;
    expect(opts.triggers?.map((t) => t.cron)).toEqual(["*/5 * * * *"]);
    expect(opts.concurrency).toEqual({ limit: 1 });

    const { channelId, linkId } = await linkedOrg();
    const chatwootId = nextId();
    cw.standin.addConversation({ id: chatwootId, inbox_id: MAPPED_INBOX });
    cw.standin.addMessage(chatwootId, { content: KB_QUESTION });
    const { result, ctx } = await new InngestTestEngine({ function: reconcileChatwootFn }).execute();
    expect(ctx.step.run).toHaveBeenCalledWith("run", expect.any(Function));
    // every link that existed before the run was reconciled (other test files may add links concurrently on PostgreSQL):
    // this file's two, one recovering the message and one whose token Chatwoot refuses, without stopping the other
    const summary = result as { links: number; recovered: number; failed: number };
    expect(summary.links).toBeGreaterThanOrEqual(2);
    expect(summary.recovered).toBeGreaterThanOrEqual(1);
    expect(summary.failed).toBeGreaterThanOrEqual(1);
    expect(await approvalsOf((await conversationOf(channelId, chatwootId))!.id)).toHaveLength(1);
    cw.standin.requests.length = 0; // (that link's refused requests are not authorized)
  });
});
