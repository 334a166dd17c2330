/**
 * Side effects once (issue 18 item 5) and escalation in Chatwoot (item 3), on a real database with the Chatwoot
 * stand-in (every request validated by Chatwoot's OpenAPI description). One customer message delivered 10 times at
 * once — each a separately signed delivery, as a retrying proxy or the reconciliation would make — must reach Chatwoot
 * as one priority, one labels, one assignment or one draft note; a failed call is recorded with its error.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { approvals, chatwootCalls } from "@/db/schema";
import { escalateApproval } from "@/lib/approvals/decide-approval";
import { incomingMessage } from "@/test/chatwoot-payloads";
import { chatwootTestbed, TESTBED_INBOX } from "@/test/chatwoot-testbed";
import type { seedQuietOrg } from "@/test/db";
import { signInAs } from "@/test/members";
import { claimCall, STALE_CLAIM_MS } from "./call-once";

const INBOX = TESTBED_INBOX;
const ESCALATION_ASSIGNEE = 44;
const KB_QUESTION = "What membership levels do you have and what are the benefits?";
const OFF_TOPIC = "my video got taken down for copyright, please help";

const bed = chatwootTestbed({ secret: "cw-secret-call-once", firstId: 90_000, escalationAssigneeId: ESCALATION_ASSIGNEE });
const { cw, nextId, deliver } = bed;
let db: Db;
let org: Awaited<ReturnType<typeof seedQuietOrg>>;
beforeAll(() => {
  ({ db, org } = bed);
});

/**
 * Delivers `payload` `n` times at once. An attempt that finds another one handling the message throws (the outbox
 * retries it with backoff); each such attempt is retried once everything settled, as the outbox would.
 * @returns every attempt's final outcome
 */
async function deliverConcurrently(payload: unknown, n: number) {
  const first = await Promise.allSettled(Array.from({ length: n }, () => deliver(payload)));
  for (const r of first) if (r.status === "rejected") expect(String(r.reason)).toMatch(/another attempt is handling Chatwoot message \d+; retry later/);
  return Promise.all(first.map((r) => (r.status === "fulfilled" ? r.value : deliver(payload))));
}

const posts = (chatwootId: number, sub: string) => cw.standin.requestsTo(`/conversations/${chatwootId}/${sub}`, "POST");

describe("one message, many deliveries", () => {
  it("10 concurrent deliveries of a drafted question: one priority, one labels, one draft note, one approval", async () => {
    const chatwootId = nextId();
    const message = incomingMessage({ conversationId: chatwootId, content: KB_QUESTION, messageId: nextId(), inboxId: INBOX, contactId: nextId() });
    const outcomes = await deliverConcurrently(message, 10);
    expect(outcomes.filter((o) => o.action === "drafted")).toHaveLength(1);
    expect(posts(chatwootId, "toggle_priority")).toHaveLength(1);
    expect(posts(chatwootId, "labels")).toHaveLength(1);
    expect(cw.standin.notes(chatwootId)).toHaveLength(1);
    expect(posts(chatwootId, "assignments")).toHaveLength(0);
  });

  it("10 concurrent deliveries of a question routed to a human: one assignment, one priority, one labels", async () => {
    const chatwootId = nextId();
    const message = incomingMessage({ conversationId: chatwootId, content: OFF_TOPIC, messageId: nextId(), inboxId: INBOX, contactId: nextId() });
    const outcomes = await deliverConcurrently(message, 10);
    expect(outcomes.filter((o) => o.action === "routed_to_human")).toHaveLength(1);
    expect(posts(chatwootId, "assignments")).toMatchObject([{ body: { assignee_id: ESCALATION_ASSIGNEE }, valid: true }]);
    expect(posts(chatwootId, "toggle_priority")).toHaveLength(1);
    expect(posts(chatwootId, "labels")).toHaveLength(1);
  });

  it("a call Chatwoot failed is recorded with its error; redeliveries of the message repeat no call", async () => {
    const chatwootId = nextId();
    const messageId = nextId();
    const message = incomingMessage({ conversationId: chatwootId, content: OFF_TOPIC, messageId, inboxId: INBOX, contactId: nextId() });
    cw.standin.failNext(`/conversations/${chatwootId}/assignments`, 500, 1);
    await deliver(message);
    const [failed] = await db.select().from(chatwootCalls).where(eq(chatwootCalls.key, `message:${messageId}:assign`));
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lastError: "Chatwoot answered 500" });
    const [priority] = await db.select().from(chatwootCalls).where(eq(chatwootCalls.key, `message:${messageId}:priority`));
    expect(priority).toMatchObject({ status: "done" });
    await Promise.all(Array.from({ length: 3 }, () => deliver(message)));
    expect(posts(chatwootId, "assignments")).toHaveLength(1);
    expect(posts(chatwootId, "toggle_priority")).toHaveLength(1);
    expect(posts(chatwootId, "labels")).toHaveLength(1);
  });

  it("a claim is taken by one caller; a failed or stale one can be taken again", async () => {
    const key = `test:${randomUUID()}`;
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimCall(db, { orgId: org.orgId, key })));
    expect(claims.filter((c) => c === "claimed")).toHaveLength(1);
    expect(claims.filter((c) => c === "busy")).toHaveLength(7);
    // still pending and fresh: nobody else
    expect(await claimCall(db, { orgId: org.orgId, key })).toBe("busy");
    // lost with its process: after STALE_CLAIM_MS one caller takes it over
    const later = new Date(Date.now() + STALE_CLAIM_MS + 1_000);
    const retakes = await Promise.all(Array.from({ length: 4 }, () => claimCall(db, { orgId: org.orgId, key, now: later })));
    expect(retakes.filter((c) => c === "claimed")).toHaveLength(1);
  });
});

describe("escalation in Chatwoot (issue 18 item 3)", () => {
  it("reassigns the conversation to the escalation target and leaves one private note saying so", async () => {
    const chatwootId = nextId();
    const outcome = await deliver(incomingMessage({ conversationId: chatwootId, content: KB_QUESTION, messageId: nextId(), inboxId: INBOX, contactId: nextId() }));
    if (outcome.action !== "drafted") throw new Error(`expected a draft, got ${JSON.stringify(outcome)}`);
    const supervisor = await signInAs(db, org, "supervisor");
    await escalateApproval(db, { actor: supervisor, approvalId: outcome.approvalId, reason: "Customer threatens a chargeback" });
    expect(posts(chatwootId, "assignments")).toMatchObject([{ body: { assignee_id: ESCALATION_ASSIGNEE }, valid: true, status: 200 }]);
    expect(cw.standin.conversations.get(chatwootId)?.assignee_id).toBe(ESCALATION_ASSIGNEE);
    const notes = cw.standin.notes(chatwootId).filter((n) => n.content.startsWith("Escalated in Tandem"));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.content).toBe(`Escalated in Tandem by ${supervisor.name}: Customer threatens a chargeback\nReassigned to agent #${ESCALATION_ASSIGNEE} (the escalation target in Tandem's Chatwoot settings).`);
    expect((await db.select({ status: approvals.status }).from(approvals).where(eq(approvals.id, outcome.approvalId)))[0]?.status).toBe("escalated");
  });
});
