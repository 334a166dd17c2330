/**
 * Chatwoot CSAT (004_… §10; issue 18 item 6) through the signed webhook on a real database: the customer's survey answer
 * (`message_updated` with `csat_survey_response`) is stored on the conversation and shown in the approvals report.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { chatwootLinks, conversations, outbox } from "@/db/schema";
import { approvalMetrics } from "@/lib/approvals/approval-metrics";
import { csatAnswer, incomingMessage, signedChatwootDelivery } from "@/test/chatwoot-payloads";
import { seedQuietOrg, testDb } from "@/test/db";
import { localChatwootStandin } from "@/test/local-chatwoot-standin";
import { signInAs } from "@/test/members";
import { handleChatwootDelivery } from "./handle-delivery";
import { saveChatwootLink } from "./link";
import { receiveChatwootWebhook } from "./receive-webhook";

const SECRET = "cw-secret-csat";
const INBOX = 12;
const cw = localChatwootStandin();
let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;
let linkId: string;
let ids = 97_000;
const nextId = () => ++ids;

beforeAll(async () => {
  db = await testDb();
  org = await seedQuietOrg(db);
  ({ id: linkId } = await saveChatwootLink(db, {
    actor: await signInAs(db, org, "owner"),
    input: { baseUrl: cw.standin.url, accountId: cw.standin.accountId, apiToken: cw.standin.token, webhookSecret: SECRET, inboxes: [{ inboxId: INBOX, channelId: org.channels[1]!.id }] },
  }));
  await db.update(chatwootLinks).set({ triageRules: { minDraftConfidence: 0.6 } }).where(eq(chatwootLinks.id, linkId));
});

async function deliver(payload: unknown) {
  const answer = await receiveChatwootWebhook(db, { linkId, ...signedChatwootDelivery(SECRET, payload, { deliveryId: randomUUID() }) });
  expect(answer.status).toBe(202);
  const [work] = await db.select().from(outbox).where(eq(outbox.id, answer.outboxId!));
  return handleChatwootDelivery(db, { linkId, body: (work!.payload as { body: string }).body });
}

describe("CSAT from Chatwoot", () => {
  it("stores the rating on the conversation and the approvals report averages it; other edits and bad ratings change nothing", async () => {
    const rated: { chatwootId: number; conversationId: string }[] = [];
    for (const rating of [5, 4]) {
      const chatwootId = nextId();
      const outcome = await deliver(incomingMessage({ conversationId: chatwootId, content: "What membership levels do you have?", messageId: nextId(), inboxId: INBOX, contactId: nextId() }));
      rated.push({ chatwootId, conversationId: (outcome as { conversationId: string }).conversationId });
      expect(await deliver(csatAnswer({ conversationId: chatwootId, messageId: nextId(), rating }))).toMatchObject({ action: "stored" });
    }
    const scores = await Promise.all(rated.map(async (r) => (await db.select({ csat: conversations.csatScore }).from(conversations).where(eq(conversations.id, r.conversationId)))[0]?.csat));
    expect(scores).toEqual([5, 4]);

    // a rating outside 1–5 and an ordinary message edit are ignored; an unknown conversation stores nothing
    expect(await deliver(csatAnswer({ conversationId: rated[0]!.chatwootId, messageId: nextId(), rating: 9 }))).toEqual({ action: "ignored", reason: "not_a_customer_message" });
    expect(await deliver({ ...csatAnswer({ conversationId: rated[0]!.chatwootId, messageId: nextId(), rating: 1 }), content_attributes: {} })).toEqual({ action: "ignored", reason: "not_a_customer_message" });
    expect(await deliver(csatAnswer({ conversationId: nextId(), messageId: nextId(), rating: 2 }))).toEqual({ action: "ignored", reason: "unknown_conversation" });
    expect((await db.select({ csat: conversations.csatScore }).from(conversations).where(eq(conversations.id, rated[0]!.conversationId)))[0]?.csat).toBe(5);

    // the conversations carry the example payload's creation time (November 2026): a range around it
    const metrics = await approvalMetrics(db, { orgId: org.orgId, start: new Date("2026-01-01T00:00:00Z"), end: new Date(Date.now() + 60_000), timezone: "Asia/Jakarta" });
    expect(metrics.csat).toEqual({ mean: 4.5, responses: 2 });
  });
});
