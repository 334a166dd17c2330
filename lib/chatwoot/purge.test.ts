/**
 * Retention (004_… §12 "GDPR-compliant data retention (90 days)") on a real database: customer content and PII of
 * conversations on Chatwoot-mapped channels are removed 90 days after the conversation started, the anonymous
 * metrics stay, and nothing else is touched.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { InngestTestEngine } from "@inngest/test";
import { and, asc, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { approvals, chatwootLinks, conversations, messages } from "@/db/schema";
import { purgeChatwootContentFn } from "@/inngest/functions/chatwoot-jobs";
import { functions } from "@/inngest/functions";
import { seedTestOrg, testDb } from "@/test/db";
import { localChatwootStandin } from "@/test/local-chatwoot-standin";
import { signInAs, userIdOf } from "@/test/members";
import { handleChatwootDelivery } from "./handle-delivery";
import { saveChatwootLink } from "./link";
import { PURGED_TEXT, purgeChatwootContent, RETENTION_DAYS } from "./purge";

const cw = localChatwootStandin();
let db: Db;
type Org = Awaited<ReturnType<typeof seedTestOrg>>;
const DAY = 86_400_000;
const NOW = new Date();
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

beforeAll(async () => {
  db = await testDb();
});
afterEach(() => {
  expect(cw.standin.invalidRequests()).toEqual([]);
});

/** A fresh org whose live chat channel (channels[1]) is mapped to Chatwoot inbox 12; channels[0] is not mapped. */
async function linkedOrg(): Promise<{ org: Org; linkId: string }> {
  const org = await seedTestOrg(db);
  const { id: linkId } = await saveChatwootLink(db, {
    actor: await signInAs(db, org, "owner"),
    input: { baseUrl: cw.standin.url, accountId: cw.standin.accountId, apiToken: cw.standin.token, webhookSecret: "secret", inboxes: [{ inboxId: 12, channelId: org.channels[1]!.id }] },
  });
  await db.update(chatwootLinks).set({ triageRules: { minDraftConfidence: 0.6 } }).where(eq(chatwootLinks.id, linkId));
  return { org, linkId };
}

/**
 * A conversation started `age` days ago with a customer's message (PII in it), an agent's reply and a bot message with
 * sources; one sent (edited, graded) approval and one escalated with a reason.
 */
async function conversationWithContent(org: Org, { age, chatwoot = true }: { age: number; chatwoot?: boolean }) {
  const createdAt = daysAgo(age);
  const at = (minutes: number) => new Date(createdAt.getTime() + minutes * 60_000);
  const agentId = await userIdOf(db, org, "agent");
  const [conv] = await db
    .insert(conversations)
    .values({
      orgId: org.orgId,
      channelId: org.channels[chatwoot ? 1 : 0]!.id,
      externalId: randomUUID(),
      // Chatwoot conversations carry a `chatwoot:` contact id (process-event); a webhook channel's contacts don't
      contactId: chatwoot ? "chatwoot:9071" : "6281234567890",
      contactName: "Rina Wulandari",
      contactEmail: "rina.w@example.co.id",
      contactPhone: "+628123456789",
      status: "RESOLVED",
      closedReason: "RESOLVE",
      closedAt: at(120),
      priority: "P1",
      escalationRule: "keyword:urgent",
      slaFirstResponseDueAt: at(60),
      slaResolutionDueAt: at(480),
      firstResponseAt: at(20),
      firstMessagePreview: "Where is my order #1042? Send it to Jl. Merdeka 5",
      messageCount: 4,
      lastMessageAt: at(30),
      createdAt,
    })
    .returning({ id: conversations.id });
  const conversationId = conv!.id;
  const [q1, q2] = await db
    .insert(messages)
    .values([
      { orgId: org.orgId, conversationId, externalId: "1", sender: "customer" as const, content: "Where is my order #1042? Send it to Jl. Merdeka 5", sentAt: createdAt },
      { orgId: org.orgId, conversationId, externalId: "2", sender: "customer" as const, content: "My card ends in 4242, please refund", sentAt: at(10) },
      { orgId: org.orgId, conversationId, externalId: "3", sender: "agent" as const, content: "Rina, your order ships tomorrow.", sentAt: at(20) },
      { orgId: org.orgId, conversationId, externalId: null, sender: "bot" as const, content: "Refunds take 5 days.", confidence: 0.9, sources: [{ articleId: "kb-1", title: "Refunds", score: 0.9 }], sentAt: at(30) },
    ])
    .returning({ id: messages.id });
  await db.insert(approvals).values([
    {
      orgId: org.orgId, conversationId, messageId: q1!.id, status: "sent" as const, decision: "edited" as const,
      draft: "Hi Rina, order #1042 ships tomorrow.", finalText: "Rina, your order ships tomorrow.", confidence: 0.82, sources: [{ articleId: "kb-2", title: "Shipping", score: 0.8 }],
      editDistance: 14, decidedBy: agentId, decidedAt: at(19), sentAt: at(20), replyChatwootMessageId: 3, sendAttempts: 1,
      toneGrade: 4, accuracyGrade: 5, policyGrade: 3, gradedBy: agentId, gradedAt: at(21), escalationLevel: 1,
      operatorDueAt: at(30), managerDueAt: at(60), createdAt: at(1),
    },
    {
      orgId: org.orgId, conversationId, messageId: q2!.id, status: "escalated" as const, decision: "escalated" as const,
      draft: "We refund the card ending 4242.", confidence: 0.55, escalationReason: "Customer shared card digits: 4242",
      decidedBy: agentId, decidedAt: at(12), operatorDueAt: at(40), managerDueAt: at(70), createdAt: at(11),
    },
  ]);
  return conversationId;
}

const conversationRow = async (id: string) => (await db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
const messageRows = (id: string) => db.select().from(messages).where(eq(messages.conversationId, id)).orderBy(asc(messages.sentAt));
const approvalRows = (id: string) => db.select().from(approvals).where(eq(approvals.conversationId, id)).orderBy(asc(approvals.createdAt));
const snapshot = async (id: string) => ({ conversation: await conversationRow(id), messages: await messageRows(id), approvals: await approvalRows(id) });

describe("purgeChatwootContent", () => {
  it(`removes texts and PII of Chatwoot conversations started more than ${RETENTION_DAYS} days ago, keeping the metrics`, async () => {
    const { org } = await linkedOrg();
    const old = await conversationWithContent(org, { age: 91 });
    const recent = await conversationWithContent(org, { age: 89 });
    const notChatwoot = await conversationWithContent(org, { age: 91, chatwoot: false });
    const before = { old: await snapshot(old), recent: await snapshot(recent), notChatwoot: await snapshot(notChatwoot) };

    // 1 conversation, its 4 messages and 2 approvals
    expect(await purgeChatwootContent(db, { now: NOW, orgId: org.orgId })).toEqual({ conversations: 1, messages: 4, approvals: 2 });

    const after = await snapshot(old);
    // the conversation: contact name, email, phone and preview gone; everything else as it was
    expect(after.conversation).toEqual({ ...before.old.conversation, contactName: null, contactEmail: null, contactPhone: null, firstMessagePreview: PURGED_TEXT });
    // the messages: texts (and the bot's sources) gone; who, when, confidence stay
    expect(after.messages).toEqual(before.old.messages.map((m) => ({ ...m, content: PURGED_TEXT, sources: null })));
    // the approvals: draft, final text and escalation reason gone; decisions, grades, distance, confidence, times stay
    const [sent, escalated] = before.old.approvals;
    expect(after.approvals).toEqual([
      { ...sent, draft: PURGED_TEXT, finalText: PURGED_TEXT },
      { ...escalated, draft: PURGED_TEXT, finalText: null, escalationReason: null },
    ]);
    expect(after.approvals[0]).toMatchObject({ status: "sent", decision: "edited", editDistance: 14, toneGrade: 4, accuracyGrade: 5, policyGrade: 3, confidence: expect.closeTo(0.82, 5) });
    expect(after.conversation).toMatchObject({ priority: "P1", messageCount: 4, escalationRule: "keyword:urgent", slaFirstResponseDueAt: before.old.conversation.slaFirstResponseDueAt, firstResponseAt: before.old.conversation.firstResponseAt });
    // no customer text is left anywhere on the purged conversation
    // (ids are random: a uuid like …-4242-… is not a customer's text)
    const text = JSON.stringify(after).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>");
    for (const pii of ["Rina", "rina.w@", "+6281", "4242", "Merdeka", "#1042"]) expect(text).not.toContain(pii);

    // 89 days old, and a channel no Chatwoot inbox maps to: untouched
    expect(await snapshot(recent)).toEqual(before.recent);
    expect(await snapshot(notChatwoot)).toEqual(before.notChatwoot);

    // a second run changes nothing more
    expect(await purgeChatwootContent(db, { now: NOW, orgId: org.orgId })).toEqual({ conversations: 0, messages: 0, approvals: 0 });
    expect(await snapshot(old)).toEqual(after);
    expect(await snapshot(recent)).toEqual(before.recent);
  });

  it("the 89-day-old conversation is purged once it is past 90 days", async () => {
    const { org } = await linkedOrg();
    const id = await conversationWithContent(org, { age: 89 });
    expect(await purgeChatwootContent(db, { now: NOW, orgId: org.orgId })).toEqual({ conversations: 0, messages: 0, approvals: 0 });
    // two days later it started 91 days ago
    expect(await purgeChatwootContent(db, { now: new Date(NOW.getTime() + 2 * DAY), orgId: org.orgId })).toEqual({ conversations: 1, messages: 4, approvals: 2 });
    expect((await conversationRow(id)).contactName).toBeNull();
  });

  it("with an org, purges that org only; without (the nightly job), every org", async () => {
    const a = await linkedOrg();
    const b = await linkedOrg();
    const inA = await conversationWithContent(a.org, { age: 120 });
    const inB = await conversationWithContent(b.org, { age: 120 });
    const bBefore = await snapshot(inB);
    expect(await purgeChatwootContent(db, { now: NOW, orgId: a.org.orgId })).toEqual({ conversations: 1, messages: 4, approvals: 2 });
    expect((await conversationRow(inA)).contactName).toBeNull();
    expect(await snapshot(inB)).toEqual(bBefore);

    const all = await purgeChatwootContent(db, { now: NOW });
    expect(all.conversations).toBeGreaterThanOrEqual(1);
    expect(await conversationRow(inB)).toMatchObject({ contactName: null, contactEmail: null, contactPhone: null, firstMessagePreview: PURGED_TEXT });
    expect((await messageRows(inB)).every((m) => m.content === PURGED_TEXT)).toBe(true);
  });

  it("a customer writing again in an old conversation keeps the new message, its pending draft and the contact; each goes 90 days after its own time", async () => {
    const { org, linkId } = await linkedOrg();
    const chatwootId = 8801;
    const contactId = 8802;
    const startedAt = Math.floor(daysAgo(100).getTime() / 1000);
    const deliver = (messageId: number) => {
      const json = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../test/fixtures/chatwoot/message_created.incoming.json"), "utf8"));
      json.id = messageId;
      json.content = "What membership levels do you have and what are the benefits?";
      json.created_at = new Date().toISOString();
      json.sender.id = json.conversation.meta.sender.id = contactId;
      json.conversation.id = chatwootId;
      json.conversation.created_at = startedAt;
      return handleChatwootDelivery(db, { linkId, body: JSON.stringify(json) });
    };
    expect(await deliver(8803)).toMatchObject({ action: "drafted" });
    const [conv] = await db.select().from(conversations).where(and(eq(conversations.orgId, org.orgId), eq(conversations.externalId, String(chatwootId))));
    // make that first exchange 100 days old and decided (sent)
    const [oldMessage] = await messageRows(conv!.id);
    await db.update(messages).set({ sentAt: daysAgo(100) }).where(eq(messages.conversationId, conv!.id));
    await db.update(approvals).set({ createdAt: daysAgo(100), status: "sent", decision: "approved", finalText: "Hi!", sentAt: daysAgo(100) }).where(eq(approvals.conversationId, conv!.id));
    await db.update(conversations).set({ lastMessageAt: daysAgo(100) }).where(eq(conversations.id, conv!.id));

    // the customer writes again today: a new message and a pending draft
    expect(await deliver(8804)).toMatchObject({ action: "drafted" });
    // 1 old message and 1 old approval go; the conversation is active again, so the contact stays
    expect(await purgeChatwootContent(db, { now: NOW, orgId: org.orgId })).toEqual({ conversations: 0, messages: 1, approvals: 1 });
    expect((await conversationRow(conv!.id)).contactName).toBe("Rina Wulandari");
    const contents = (await messageRows(conv!.id)).map((m) => m.content);
    expect(contents).toContain(PURGED_TEXT);
    expect(contents.filter((c) => c !== PURGED_TEXT)).toHaveLength(1);
    expect(oldMessage).toBeDefined();
    const pending = (await approvalRows(conv!.id)).find((a) => a.status === "pending")!;
    expect(pending.draft).not.toBe(PURGED_TEXT);

    // 91 days later the new message and the contact go too; a still-pending draft never does (it would be sent)
    const later = new Date(Date.now() + 91 * 86_400_000);
    expect(await purgeChatwootContent(db, { now: later, orgId: org.orgId })).toEqual({ conversations: 1, messages: 1, approvals: 0 });
    expect(await conversationRow(conv!.id)).toMatchObject({ contactName: null, contactEmail: null, contactPhone: null, firstMessagePreview: PURGED_TEXT });
    expect((await approvalRows(conv!.id)).find((a) => a.id === pending.id)!.draft).toBe(pending.draft);
    expect(await purgeChatwootContent(db, { now: later, orgId: org.orgId })).toEqual({ conversations: 0, messages: 0, approvals: 0 });
  });
});

describe("purge-chatwoot-content (nightly Inngest cron)", () => {
  it("is served nightly and purges every org's due content in one step", async () => {
    expect(functions).toContain(purgeChatwootContentFn);
    const opts = (purgeChatwootContentFn as unknown as { opts: { triggers?: { cron?: string }[] } }).opts;
    expect(opts.triggers?.map((t) => t.cron)).toEqual(["TZ=Asia/Jakarta 30 2 * * *"]);

    const { org } = await linkedOrg();
    const id = await conversationWithContent(org, { age: 95 });
    const { result, ctx } = await new InngestTestEngine({ function: purgeChatwootContentFn }).execute();
    expect(ctx.step.run).toHaveBeenCalledWith("run", expect.any(Function));
    expect(result).toMatchObject({ conversations: expect.any(Number), messages: expect.any(Number), approvals: expect.any(Number) });
    const counts = result as { conversations: number; messages: number; approvals: number };
    expect(counts.conversations).toBeGreaterThanOrEqual(1);
    expect(counts.messages).toBeGreaterThanOrEqual(4);
    expect(counts.approvals).toBeGreaterThanOrEqual(2);
    expect((await conversationRow(id)).contactName).toBeNull();
    expect((await approvalRows(id)).every((a) => a.draft === PURGED_TEXT)).toBe(true);
    // nothing left to do
    expect((await new InngestTestEngine({ function: purgeChatwootContentFn }).execute()).result).toMatchObject({ conversations: 0, messages: 0, approvals: 0 });
  });
});
