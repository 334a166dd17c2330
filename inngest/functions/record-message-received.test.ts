import { InngestTestEngine } from "@inngest/test";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { events } from "@/db/schema";
import type { MessageReceivedPayload } from "@/lib/events/message-received";
import { loadChannelContext } from "@/lib/ingest/load-channel";
import { receiveMessage } from "@/lib/ingest/receive-message";
import { seedTestOrg, testDb } from "@/test/db";
import { functions } from "./index";
import { recordMessageReceivedFn } from "./record-message-received";

let db: Db;
let data: MessageReceivedPayload;

beforeAll(async () => {
  db = await testDb();
  const org = await seedTestOrg(db);
  const ctx = (await loadChannelContext(db, org.channels[0]!.id))!;
  const { response } = await receiveMessage(db, {
    ctx,
    input: { channel_id: ctx.channelId, conversation_id: "c-1", message_id: "m-1", contact: { id: "k" }, text: "how much does overnight shipping cost?", sent_at: new Date().toISOString() },
  });
  data = {
    org_id: org.orgId,
    conversation_id: response.conversation_id,
    message_id: response.message_id,
    channel_id: ctx.channelId,
    created_conversation: true,
    handled_by: response.handled_by,
    variant: response.variant,
    bot_percent: null,
    reply_confidence: response.reply?.confidence ?? null,
  };
});

describe("record-message-received (conversation/message.received)", () => {
  it("is served and records one analytics event, once, however often it runs", async () => {
    expect(functions).toContain(recordMessageReceivedFn);
    const event = { name: "conversation/message.received", data } as const;
    const first = await new InngestTestEngine({ function: recordMessageReceivedFn }).execute({ events: [event] });
    expect(first.result).toEqual({ written: true, splitAssigned: false });
    // a redelivered event is a new run: the step really runs again and writes nothing
    const again = await new InngestTestEngine({ function: recordMessageReceivedFn }).execute({ events: [event] });
    expect(again.result).toEqual({ written: false, splitAssigned: false });

    const rows = await db.select().from(events).where(and(eq(events.orgId, data.org_id), eq(events.name, "conversation_message_received")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ conversationId: data.conversation_id, properties: { handled_by: "bot", message_id: data.message_id } });
  });

  it("records bot_traffic_split_assigned once for a new split-decided conversation (000_… §10)", async () => {
    const split = { ...data, message_id: crypto.randomUUID(), variant: "human" as const, bot_percent: 30 };
    const event = { name: "conversation/message.received", data: split } as const;
    const first = await new InngestTestEngine({ function: recordMessageReceivedFn }).execute({ events: [event] });
    expect(first.result).toEqual({ written: true, splitAssigned: true });
    const again = await new InngestTestEngine({ function: recordMessageReceivedFn }).execute({ events: [event] });
    expect(again.result).toEqual({ written: false, splitAssigned: false });
    const rows = await db.select().from(events).where(and(eq(events.orgId, data.org_id), eq(events.name, "bot_traffic_split_assigned")));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.properties).toMatchObject({ channel_integration_id: data.channel_id, conversation_id: data.conversation_id, variant: "human", bot_percent: 30 });
  });
});
