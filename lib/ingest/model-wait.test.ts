/**
 * The webhook waits for a model-written reply only when it can come within the reply budget (issue 14 item 7): a
 * model whose recent calls took longer than the budget left is not waited for (the webhook answers `reply_pending` as
 * the call starts and the reply goes to the outbound URL), while an unknown model, or one that typically answers in
 * time, is waited for and its reply comes back inline. Through `receiveMessage` on a channel with an outbound reply
 * URL, with a model whose answer the test releases.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { channelIntegrations } from "@/db/schema";
import type { ModelClient } from "@/lib/agent/model-client";
import { recordModelCall, typicalModelMs } from "@/lib/agent/model-latency";
import { seedQuietOrg, testDb } from "@/test/db";
import { loadChannelContext, type ChannelContext } from "./load-channel";
import { receiveMessage, type IngestResult } from "./receive-message";

/** Long enough that waiting it out would time the test out. */
const BUDGET_MS = 30_000;
const REFUND = "just wanted to check on the status of a refund";

let db: Db;
let ctx: ChannelContext;

/** A model that answers when the test calls `release()`, or after `delayMs` when given. */
function controlledModel(delayMs?: number) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const model: ModelClient = {
    model: `controlled-${randomUUID().slice(0, 8)}`,
    async complete() {
      calls += 1;
      await (delayMs === undefined ? released : new Promise((resolve) => setTimeout(resolve, delayMs)));
      return "Your refund is on its way: it shows on your statement within 5 working days.";
    },
  };
  return { model, release, calls: () => calls };
}

function receive(model: ModelClient, late: IngestResult[]) {
  const id = randomUUID();
  return receiveMessage(db, {
    ctx,
    input: { channel_id: ctx.channelId, conversation_id: `wait-${id}`, message_id: `wait-${id}-1`, contact: { id: `wa:${id.slice(0, 8)}` }, text: REFUND, sent_at: new Date().toISOString() },
    model,
    replyBudgetMs: BUDGET_MS,
    onLateReply: async (turn) => {
      late.push(turn);
    },
  });
}

/** `promise`, or "still waiting" when it has not settled within `ms`. */
const within = <T,>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<"still waiting">((resolve) => setTimeout(() => resolve("still waiting"), ms))]);

beforeAll(async () => {
  db = await testDb();
  const org = await seedQuietOrg(db);
  const channel = org.channels[1]!;
  await db.update(channelIntegrations).set({ outboundReplyUrl: "http://127.0.0.1:9/replies" }).where(eq(channelIntegrations.id, channel.id));
  ctx = (await loadChannelContext(db, channel.id))!;
  expect(ctx.outboundReplyUrl).toBeTruthy();
});

describe("the webhook waits for a model-written reply only when it can come within the budget", () => {
  it("a model whose recent calls took longer than the budget: reply_pending while the call still runs, then the late reply", async () => {
    const slow = controlledModel();
    for (let i = 0; i < 5; i++) recordModelCall(slow.model, BUDGET_MS + 5_000);
    const late: IngestResult[] = [];
    const result = await within(receive(slow.model, late), 5_000);
    expect(result, "the webhook waited for a model that takes longer than its budget").not.toBe("still waiting");
    expect((result as IngestResult).response).toMatchObject({ reply: null, reply_pending: true });
    expect(slow.calls()).toBe(1);
    expect(late).toHaveLength(0);
    slow.release();
    await expect.poll(() => late.length, { timeout: 5_000 }).toBe(1);
    expect(late[0]!.response.reply).toMatchObject({ action: "answer" });
    expect(late[0]!.response.reply!.text).toContain("Your refund is on its way");
  });

  it("an unknown model (fewer than 5 calls recorded) is waited for: its reply comes back inline", async () => {
    const fresh = controlledModel(100);
    expect(typicalModelMs(fresh.model)).toBeNull();
    const late: IngestResult[] = [];
    const result = await receive(fresh.model, late);
    expect(result.response.reply_pending).toBeUndefined();
    expect(result.response.reply).toMatchObject({ action: "answer" });
    expect(result.response.reply!.text).toContain("Your refund is on its way");
    expect(late).toHaveLength(0);
  });

  it("a model that typically answers within the budget is waited for, and its call is recorded", async () => {
    const quick = controlledModel(100);
    for (let i = 0; i < 5; i++) recordModelCall(quick.model, 50);
    const late: IngestResult[] = [];
    const result = await receive(quick.model, late);
    expect(result.response.reply).toMatchObject({ action: "answer" });
    expect(late).toHaveLength(0);
    // the median of 50, 50, 50, 50, 50 and the ~100 ms call just made
    expect(typicalModelMs(quick.model)).toBe(50);
    for (let i = 0; i < 5; i++) recordModelCall(quick.model, 100);
    expect(typicalModelMs(quick.model)).toBeGreaterThanOrEqual(95);
  });
});
