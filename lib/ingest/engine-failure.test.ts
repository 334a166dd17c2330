/**
 * An engine statement that fails inside the ingest transaction (002_… the agent hands over when it cannot answer;
 * issue 14's "nothing lost"). With the built-in engine, the customer message, the engine's retrieval and the reply
 * share one transaction; the engine runs under a savepoint (a nested transaction), so the server's error undoes the
 * retrieval alone: the message is kept, the customer gets the hand-over message, the conversation goes to the human
 * queue with `agent_error` raised, and the conversation's next message is stored as usual; a new conversation is
 * answered by the engine again. Without the savepoint the transaction fails and the webhook answers 500 with the
 * message lost — on PostgreSQL also when the engine's error is caught, as postgres.js fails a transaction for any
 * statement that erred in its scope: this test fails so.
 *
 * The fault is injected at the server, not in JavaScript: while `broken.retrieval` is set, the engine's retrieval
 * sends a statement PostgreSQL refuses (division by zero) on the transaction's own connection, exactly where its
 * real statement goes.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { alerts, conversations, messages } from "@/db/schema";
import { seedQuietOrg, testDb } from "@/test/db";
import { serve } from "@/test/http";
import { handleIncomingMessage } from "./handle-incoming-message";
import { signWebhook } from "./sign";

const broken = vi.hoisted(() => ({ retrieval: false }));

vi.mock("@/lib/agent/retrieve", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/agent/retrieve")>();
  return {
    ...real,
    retrieveArticles: async (...args: Parameters<typeof real.retrieveArticles>) => {
      if (broken.retrieval) await args[0].execute(sql`SELECT 1 / 0`);
      return real.retrieveArticles(...args);
    },
  };
});

type Org = Awaited<ReturnType<typeof seedQuietOrg>>;
let db: Db;
let org: Org;
let webhook: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  db = await testDb();
  org = await seedQuietOrg(db);
  webhook = await serve((req) => handleIncomingMessage(db, req, { model: null }));
});

afterAll(async () => {
  await webhook?.close();
});

async function post(p: { conversation_id: string; message_id: string; text: string }) {
  const channel = org.channels[0]!;
  const raw = JSON.stringify({ channel_id: channel.id, contact: { id: `wa:${p.conversation_id}` }, sent_at: new Date().toISOString(), ...p });
  return fetch(`${webhook.url}/api/webhooks/incoming-message`, { method: "POST", body: raw, headers: { "content-type": "application/json", ...signWebhook(channel.secret, raw) } });
}

describe("an engine statement the database refuses inside the ingest transaction", () => {
  it("keeps the message, hands over with agent_error, and the conversation's next message is stored", async () => {
    const externalId = `engine-failure-${randomUUID()}`;
    broken.retrieval = true;
    let res: Response;
    try {
      res = await post({ conversation_id: externalId, message_id: `${externalId}-1`, text: "How do I reset my password?" });
    } finally {
      broken.retrieval = false;
    }
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { handled_by: string; status: string; reply: { action: string; signals: { signal: string; value: string }[] } | null };
    expect(body.reply).toMatchObject({ action: "handover", signals: [{ signal: "agent_error", value: "engine_failure" }] });
    expect(body.status).toBe("WAITING_ASSIGN_AGENT");

    // what was stored: the message once, the hand-over reply with the server's reason, the conversation queued and
    // counted once per message, the alert raised
    const [conversation] = await db.select().from(conversations).where(and(eq(conversations.channelId, org.channels[0]!.id), eq(conversations.externalId, externalId)));
    expect(conversation).toMatchObject({ status: "WAITING_ASSIGN_AGENT", messageCount: 2 });
    const stored = await db.select().from(messages).where(eq(messages.conversationId, conversation!.id));
    expect(stored.filter((m) => m.sender === "customer")).toHaveLength(1);
    const [reply] = stored.filter((m) => m.sender === "bot");
    expect(reply).toMatchObject({ agentAction: "handover", signals: [{ signal: "agent_error", value: "engine_failure", detail: expect.stringMatching(/division by zero/) }] });
    const raised = await db.select().from(alerts).where(and(eq(alerts.conversationId, conversation!.id), eq(alerts.signal, "agent_error")));
    expect(raised).toHaveLength(1);

    // the same conversation's next message is stored and counted too (it waits for a human now: no bot reply)
    const next = await post({ conversation_id: externalId, message_id: `${externalId}-2`, text: "Hello?" });
    expect(next.status).toBe(200);
    const [after] = await db.select().from(conversations).where(eq(conversations.id, conversation!.id));
    expect(after!.messageCount).toBe(3);
  });

  it("a new conversation after it is answered by the engine as usual", async () => {
    const externalId = `engine-ok-${randomUUID()}`;
    const res = await post({ conversation_id: externalId, message_id: `${externalId}-1`, text: "How do I reset my password?" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reply: { signals: { signal: string }[] } | null };
    expect(body.reply).not.toBeNull();
    expect(body.reply!.signals.map((s) => s.signal)).not.toContain("agent_error");
  });
});
