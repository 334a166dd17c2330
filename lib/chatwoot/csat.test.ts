/**
 * Chatwoot CSAT (004_… §10; issue 18 item 6) through the signed webhook on a real database: the customer's survey answer
 * (`message_updated` with `csat_survey_response`) is stored on the conversation and shown in the approvals report.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversations } from "@/db/schema";
import { approvalMetrics } from "@/lib/approvals/approval-metrics";
import { csatAnswer, incomingMessage } from "@/test/chatwoot-payloads";
import { chatwootTestbed, TESTBED_INBOX } from "@/test/chatwoot-testbed";
import type { seedQuietOrg } from "@/test/db";

const INBOX = TESTBED_INBOX;
const bed = chatwootTestbed({ secret: "cw-secret-csat", firstId: 97_000 });
const { nextId, deliver } = bed;
let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;
beforeAll(() => {
  ({ db, org } = bed);
});

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
