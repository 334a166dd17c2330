/**
 * Ingests one customer message (DESIGN.md flow 1): creates the conversation on its first message and decides
 * its arm in that same transaction, appends the message idempotently, and lets the bot answer on the bot arm.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, getTableColumns, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { handedOverToHumans, humanHandles } from "@/lib/conversations/handed-back";
import { conversations, events, messages, type Conversation, type Message } from "@/db/schema";
import { channelAgent, isAfterHours, type ChannelAgent } from "@/lib/agent/channel-agent";
import { engineFailure, pausedHandover, runAgent, type AgentOutput, type EngineTurn } from "@/lib/agent/engine";
import { engineHistory } from "@/lib/agent/engine-history";
import { modelClientFromEnv, type ModelClient } from "@/lib/agent/model-client";
import { timedModel } from "@/lib/agent/model-latency";
import { groupStorm, recordAlert, type PushRequest, type StormCheck } from "@/lib/alerts/raise-alert";
import { closeConversation, reopenConversation } from "@/lib/conversations/outcome";
import { contactIndexes } from "@/lib/conversations/contact-index";
import { sentimentReadingSet } from "@/lib/conversations/record-sentiment";
import { recordEvents, type EventInput } from "@/lib/events/record-event";
import { ingestAnalyticsEvents, recordIngestAnalytics, type MessageReceivedPayload } from "@/lib/events/message-received";
import { scoreSentiment } from "@/lib/sentiment/score-sentiment";
import { assignQueuedConversation } from "@/lib/routing/assign-agent";
import { decideArm, type ArmDecision } from "@/lib/routing/decide-arm";
import { botArmHandoverEvent } from "@/lib/routing/record-handover";
import type { IncomingMessage } from "./incoming-message-schema";
import { recordReplyDelivery, replyCreatedBody, type LateReplyDelivery } from "./deliver-reply";
import type { ChannelContext } from "./load-channel";
import { errorMessage } from "@/lib/errors/error-message";

export type IngestResponse = {
  conversation_id: string;
  message_id: string;
  variant: "bot" | "human" | null;
  status: Conversation["status"];
  handled_by: "bot" | "human";
  reply: {
    message_id: string;
    text: string;
    action: NonNullable<Message["agentAction"]>;
    confidence: number;
    sources: NonNullable<Message["sources"]>;
    capability_id: string | null;
    signals: NonNullable<Message["signals"]>;
    /** internal guidance for the human taking over (staff-side metadata; never part of `text`) */
    guidance: NonNullable<Message["guidance"]>;
  } | null;
  /** true when the reply is still being composed: it is delivered to the channel's outbound reply URL */
  reply_pending?: boolean;
  /** set when the customer sent another message within the agent's burst window: that message's reply answers both */
  reply_merged_into?: string;
};

export type IngestResult = {
  /** true when this message id was already stored: nothing was written, the stored outcome is returned */
  duplicate: boolean;
  /** true when this message created the conversation */
  createdConversation: boolean;
  /** the conversation's `bot_percent` in force when its arm was decided (null when no split was active) */
  botPercent: number | null;
  orgId: string;
  channelId: string;
  response: IngestResponse;
  /** alert pushes decided after commit (new alerts and storm groups; repeats inside the window send none) */
  pushes: PushRequest[];
  /** the outbox rows those pushes were written to: dispatch them ({@link kickOutbox}) once the webhook answered */
  outboxIds: string[];
  /** a late reply's delivery to the channel's outbound reply URL, when it was recorded with the reply */
  replyDelivery?: LateReplyDelivery;
};

function toResponse(conversation: Conversation, message: Message, reply: Message | undefined): IngestResponse {
  return {
    conversation_id: conversation.id,
    message_id: message.id,
    variant: conversation.variant,
    status: conversation.status,
    handled_by: humanHandles(conversation) ? "human" : "bot",
    reply: reply
      ? {
          message_id: reply.id,
          text: reply.content,
          action: reply.agentAction ?? "answer",
          confidence: reply.confidence ?? 0,
          sources: reply.sources ?? [],
          capability_id: reply.capabilityId,
          // an engine error's detail stays in Tandem (it may quote internals); the integration sees the signal only
          signals: (reply.signals ?? []).map(({ detail, ...signal }) => (signal.signal === "agent_error" ? signal : { ...signal, detail })),
          guidance: reply.guidance ?? [],
        }
      : null,
  };
}

/** The analytics of a customer message's turn (after the turn: its arm, its reply's confidence). */
function analyticsOf(ctx: ChannelContext, conversation: Conversation, message: Message, reply: Message | undefined, created: boolean): MessageReceivedPayload {
  return {
    org_id: ctx.orgId,
    conversation_id: conversation.id,
    message_id: message.id,
    channel_id: ctx.channelId,
    created_conversation: created,
    handled_by: humanHandles(conversation) ? "human" : "bot",
    variant: conversation.variant,
    bot_percent: conversation.botPercent,
    reply_confidence: reply?.confidence ?? null,
  };
}

/** Most recent turns the engine reads. */
const HISTORY_LIMIT = 30;

/**
 * Runs the answering engine for the customer message just stored. A paused agent hands over without a signal; an
 * engine failure hands over with `agent_error`. With `tx` (the built-in engine inside the ingest transaction) the
 * engine runs in a savepoint, so the ingest survives its failure; without (the model path) nothing is held open.
 */
async function answerTurn(
  db: Db,
  { ctx, conversationId, messageId, text, sentAt, firstMessage, agent, model, inTransaction }: {
    ctx: ChannelContext;
    conversationId: string;
    messageId: string;
    text: string;
    sentAt: Date;
    firstMessage: boolean;
    agent: ChannelAgent;
    model: ModelClient | null;
    inTransaction: boolean;
  },
): Promise<AgentOutput> {
  const afterHours = isAfterHours(ctx, sentAt);
  // earlier turns by time, then this message last (whatever its own sent_at says: concurrent or late deliveries)
  const earlier: EngineTurn[] = firstMessage ? [] : await engineHistory(db, { conversationId, exceptMessageId: messageId, limit: HISTORY_LIMIT });
  const history: EngineTurn[] = [...earlier, { sender: "customer", content: text }];
  if (agent.paused) return pausedHandover(agent.config, history);
  const run = (d: Db) => runAgent(d, { orgId: ctx.orgId, config: agent.config, history, afterHours, model });
  try {
    // in the transaction, a savepoint of the driver's own (a nested transaction): postgres.js fails the whole
    // transaction for any statement that errs in its scope, even a caught one, unless it ran inside a savepoint scope
    return inTransaction ? await db.transaction(run) : await run(db);
  } catch (error) {
    return engineFailure(agent.config, error, afterHours, history);
  }
}

/**
 * The webhook's reply budget (ms), counted from when the message reached {@link receiveMessage}: a model-composed reply
 * not ready by then is answered `reply_pending` (when the channel has an outbound reply URL). The message's own commit
 * is always waited for, so under load the answer comes right after it. A model whose recent calls typically take longer
 * than what is left of the budget when it is called (lib/agent/model-latency.ts) is not waited for at all: the webhook
 * answers `reply_pending` as the call starts.
 */
export const REPLY_BUDGET_MS = 200;

type Stored =
  | { duplicate: IngestResult }
  /** `counted`: 1 when the conversation row's counters and mood still need this message, 0 when its insert counted it */
  | { duplicate: null; conversation: Conversation; message: Message; created: boolean; counted: 0 | 1 };

/**
 * The first part of every ingest, inside `tx`: the conversation (created with its arm on the first message, else
 * locked so one conversation's turns are handled one after the other), the message (once per `message_id`), and the
 * reopening of an AI-resolved conversation by a new message.
 */
async function storeMessage(tx: Db, { ctx, input, decide, sentAt }: { ctx: ChannelContext; input: IncomingMessage; decide: typeof decideArm; sentAt: Date }): Promise<Stored> {
  const decision: ArmDecision = decide({
    orgSplitEnabled: ctx.orgSplitEnabled,
    channelSplitEnabled: ctx.channelSplitEnabled,
    botPercent: ctx.botPercent,
  });
  // issue 15 item 6: every customer message gets a sentiment reading (English or Bahasa Indonesia; null = no scored word)
  const sentiment = scoreSentiment(input.text);
  const [upserted] = await tx
    .insert(conversations)
    .values({
      orgId: ctx.orgId,
      channelId: ctx.channelId,
      externalId: input.conversation_id,
      contactId: input.contact.id,
      contactName: input.contact.name,
      contactPhone: input.contact.phone,
      contactEmail: input.contact.email,
      // sealed at rest by the column type; found by phone or email through these blind indexes
      ...contactIndexes(input.contact),
      variant: decision.variant,
      botPercent: decision.botPercent,
      status: decision.variant === "human" ? "WAITING_ASSIGN_AGENT" : "OPEN",
      firstMessagePreview: input.text.slice(0, 280),
      lastMessageAt: sentAt,
      createdAt: sentAt,
      // a new conversation's first message is counted by its insert (no write of the row after it for that):
      // it cannot be a redelivery, as the conversation had no message yet
      messageCount: 1,
      ...(sentiment === null ? {} : { sentiment, sentimentReadings: 1 }),
    })
    // an existing conversation is returned as it is, locked for this transaction (a no-op update: one round trip
    // instead of an insert and a SELECT … FOR UPDATE), so one conversation's turns are handled one after the other
    .onConflictDoUpdate({ target: [conversations.channelId, conversations.externalId], set: { externalId: sql`${conversations.externalId}` } })
    .returning({ ...getTableColumns(conversations), inserted: sql<boolean>`(xmax = 0)` });
  if (!upserted) throw new Error("conversation upsert returned nothing");
  const { inserted, ...row } = upserted;
  const created = inserted ? row : undefined;
  let conversation: Conversation = row;

  if (created && decision.variant === null && decision.fallbackReason) {
    await tx.insert(events).values({
      orgId: ctx.orgId,
      conversationId: conversation.id,
      name: "bot_traffic_split_decision_fallback",
      properties: { channel_integration_id: ctx.channelId, conversation_id: conversation.id, reason: decision.fallbackReason, timestamp: new Date().toISOString() },
    });
  }

  const [message] = await tx
    .insert(messages)
    .values({ orgId: ctx.orgId, conversationId: conversation.id, externalId: input.message_id, sender: "customer", content: input.text, sentAt, sentiment })
    .onConflictDoNothing({ target: [messages.conversationId, messages.externalId] })
    .returning();
  // (the reading joins the conversation's mood in the turn's one write of the conversation row: sentimentReadingSet)

  if (!message) {
    const [stored] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversation.id), eq(messages.externalId, input.message_id)))
      .limit(1);
    if (!stored) throw new Error("message vanished during ingest");
    const [reply] = await tx.select().from(messages).where(eq(messages.replyToMessageId, stored.id)).limit(1);
    const response = toResponse(conversation, stored, reply);
    // no reply yet on a conversation still with the bot: it is being composed — or a later message of the burst answers it
    if (!reply && !humanHandles(conversation)) {
      const [newer] = await tx
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.conversationId, conversation.id), eq(messages.sender, "customer"), ne(messages.id, stored.id), sql`${messages.createdAt} > ${stored.createdAt.toISOString()}::timestamptz`))
        .limit(1);
      if (newer) response.reply_merged_into = newer.id;
      else response.reply_pending = true;
    }
    return { duplicate: { duplicate: true, createdConversation: false, botPercent: conversation.botPercent, orgId: ctx.orgId, channelId: ctx.channelId, response, pushes: [], outboxIds: [] } };
  }

  // a customer writing again after the bot's close (a confirmed AI resolution, or a close after silence) reopens the
  // conversation to the bot (the close is undone: it was not one); any other closed conversation stays with the
  // humans. Only a new message reopens (not a redelivery).
  if (!created && conversation.status === "RESOLVED" && (conversation.closedVia === "customer_confirmed" || conversation.closedVia === "silence") && !conversation.assignChannelAgentId && !handedOverToHumans(conversation)) {
    conversation = await reopenConversation(tx, { conversation, at: sentAt });
  }
  return { duplicate: null, conversation, message, created: Boolean(created), counted: created ? 0 : 1 };
}

/** The conversation by its external id, locked for this transaction (messages of one conversation are answered in turn). */
async function lockConversation(tx: Db, channelId: string, externalId: string): Promise<Conversation | undefined> {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.channelId, channelId), eq(conversations.externalId, externalId)))
    .limit(1)
    .for("update");
  return row;
}

/**
 * Stores the bot's reply to `message` (once: the reply key is unique) with its signals as events and alerts, then
 * writes the conversation row: counters, and the hand-over or AI resolution the engine decided. `counted` is how many
 * messages of this turn the counters still need (customer + reply, or just the reply when the customer message was
 * counted in an earlier transaction or by the insert of the conversation it created). Nothing here takes a lock shared by the org (issue 20): what needs one — storm
 * grouping of new alerts and auto-assignment of a queued conversation — is returned as {@link AfterCommit} work.
 * @returns the stored reply (undefined when there is none), the conversation after the turn, and the work to run
 *   once the transaction has committed
 */
async function finishTurn(
  tx: Db,
  { ctx, conversation, message, created, output, agent, sentAt, started, counted }: {
    ctx: ChannelContext;
    conversation: Conversation;
    message: Message;
    created: boolean;
    output: AgentOutput | undefined;
    agent: ChannelAgent;
    sentAt: Date;
    started: number;
    counted: 0 | 1;
  },
): Promise<{ reply: Message | undefined; updated: Conversation; after: AfterCommit }> {
  // the reply's id and time are set here, so that its insert, its alerts and the conversation's write do not wait
  // for one another: they are sent together, one round trip on PostgreSQL (issue 20 item 2)
  const replyRow = output
    ? {
        id: randomUUID(),
        // the reply is produced this long after the message it answers (equal to "now" for live traffic)
        sentAt: new Date(sentAt.getTime() + Math.max(1, Date.now() - started)),
      }
    : undefined;
  // preview turns never count in analytics or alert anyone
  const signals = output && ctx.channelType !== "bot_preview" ? output.signals : [];
  const handover = output?.action === "handover";
  const resolved = output?.action === "resolve";
  const added = counted + (output ? 1 : 0);

  const insertReply = output && replyRow
    ? tx
        .insert(messages)
        .values({
          id: replyRow.id,
          orgId: ctx.orgId,
          conversationId: conversation.id,
          sender: "bot",
          content: output.reply,
          confidence: output.confidence,
          sources: output.sources,
          agentAction: output.action,
          capabilityId: output.capabilityId,
          signals: output.signals,
          guidance: output.guidance.length ? output.guidance : null,
          agentVersionId: agent.versionId,
          replyToMessageId: message.id,
          sentAt: replyRow.sentAt,
        })
        .returning()
        .then(([row]) => row)
    : Promise.resolve(undefined);
  // 003_…: an alert per signal (deduplicated in the database), at the reply's time but never in the future, whatever
  // the sender's clock says (dedup windows and time-to-intervene use it)
  const alertAt = replyRow ? new Date(Math.min(replyRow.sentAt.getTime(), Date.now())) : sentAt;
  const recordAlerts = Promise.all(
    signals.map((signal) =>
      recordAlert(tx, {
        orgId: ctx.orgId,
        signal,
        conversationId: conversation.id,
        channelId: ctx.channelId,
        channelName: ctx.channelName,
        agentId: agent.agentId,
        agentName: agent.agentName,
        agentVersionId: agent.versionId,
        at: alertAt,
        settings: ctx.alertSettings,
      }),
    ),
  );
  // one write of the conversation row per turn: counters, and the handover when the engine gave up — none when the
  // turn has no reply and its message was counted when the conversation was created
  const updateConversation = !output && counted === 0 ? Promise.resolve(conversation) : tx
    .update(conversations)
    .set({
      messageCount: sql`${conversations.messageCount} + ${added}`,
      // the customer message's sentiment reading, when this write is the one that counts it
      ...(counted === 1 ? sentimentReadingSet(message.sentiment) : {}),
      lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${(replyRow?.sentAt ?? sentAt).toISOString()}::timestamptz)`,
      // on the message's own clock, like created_at, so queue waits compare like with like (also for replays)
      ...(handover ? { status: "WAITING_ASSIGN_AGENT" as const, handoverAt: replyRow?.sentAt ?? sentAt } : {}),
      // what happened, for the outcome (issue 15): when the AI first answered
      ...(output?.action === "answer" && replyRow ? { aiAnsweredAt: sql`coalesce(${conversations.aiAnsweredAt}, ${replyRow.sentAt.toISOString()}::timestamptz)` } : {}),
      ...(replyRow && agent.versionId ? { agentVersionId: agent.versionId } : {}),
    })
    .where(eq(conversations.id, conversation.id))
    .returning()
    .then(([row]) => row);
  // DESIGN.md flow 1's analytics, with the change they describe (never lost after a commit; preview turns never
  // count). Without an engine output this turn's write changes none of the arm fields they read, so they are sent
  // with it; after the engine's action they read the conversation as that action left it.
  const analytics = (after: Conversation, reply: Message | undefined): EventInput[] =>
    ctx.channelType === "bot_preview" ? [] : ingestAnalyticsEvents(analyticsOf(ctx, after, message, reply, created));
  const earlyEvents = output ? Promise.resolve(0) : recordEvents(tx, analytics(conversation, undefined));
  const [reply, raised, written] = await Promise.all([insertReply, recordAlerts, updateConversation, earlyEvents]);
  let updated = written;
  if (!updated) throw new Error("conversation vanished during ingest");
  const storms: StormCheck[] = raised.flatMap((r) => (r.storm ? [r.storm] : []));
  // the customer confirmed the bot's answer solved it (002_… resolution; the outcome is derived, issue 15)
  if (resolved) updated = await closeConversation(tx, { conversation: updated, request: { via: "customer_confirmed" }, at: reply?.sentAt ?? sentAt });
  // a human-arm conversation (or one the bot handed over) goes to an available agent after commit, else waits in the
  // queue (never on the preview channel: an editor's test chat must not reach a real agent's queue)
  const assign = updated.status === "WAITING_ASSIGN_AGENT" && (handover || created) && ctx.channelType !== "bot_preview" ? { now: reply?.sentAt ?? sentAt } : null;
  if (output) {
    // the turn's events in one statement: its signals, the bot arm's hand-over, its analytics
    const eventRows: EventInput[] = signals.map((s) => ({
      orgId: ctx.orgId,
      name: "ai_agent_signal_raised",
      conversationId: conversation.id,
      properties: { signal: s.signal, value: s.value, threshold: s.threshold ?? null, detail: s.detail ?? null, channel_integration_id: ctx.channelId, agent_version_id: agent.versionId, message_id: replyRow!.id },
      occurredAt: replyRow!.sentAt,
    }));
    if (handover && conversation.variant === "bot") eventRows.push(botArmHandoverEvent({ orgId: ctx.orgId, channelId: ctx.channelId, conversationId: conversation.id }));
    eventRows.push(...analytics(updated, reply));
    await recordEvents(tx, eventRows);
  }
  return { reply, updated, after: { storms, assign } };
}

/** Work a turn leaves for after its transaction commits: storm grouping of its new alerts, and auto-assignment. */
type AfterCommit = { storms: StormCheck[]; assign: { now: Date } | null };

/**
 * Runs a committed turn's {@link AfterCommit} work, each step in its own short transaction (the only places the ingest
 * path takes a per-org lock, held for two statements). A failure is logged and never undoes the committed message:
 * the alert stays undecided until the schedule's sweep decides it (`decideUncheckedAlerts`, lib/alerts/decide-unchecked.ts), the conversation
 * stays in the queue for the next drain.
 * @returns the pushes decided (each written to the outbox), their outbox rows, and the conversation as the customer's arm now stands (assigned when an agent had room)
 */
async function runAfterCommit(db: Db, ctx: ChannelContext, conversation: Conversation, after: AfterCommit): Promise<{ conversation: Conversation; pushes: PushRequest[]; outboxIds: string[] }> {
  const pushes: PushRequest[] = [];
  const outboxIds: string[] = [];
  try {
    for (const check of after.storms) {
      const queued = await groupStorm(db, check);
      if (queued) {
        pushes.push(queued.push);
        outboxIds.push(queued.outboxId);
      }
    }
    if (after.assign) {
      const agentId = await assignQueuedConversation(db, { orgId: ctx.orgId, conversationId: conversation.id, now: after.assign.now });
      if (agentId) conversation = { ...conversation, status: "ASSIGNED", assignChannelAgentId: agentId };
    }
  } catch (error) {
    console.warn("[incoming-message] after-commit work failed:", errorMessage(error));
  }
  return { conversation, pushes, outboxIds };
}

/** A committed turn, before its after-commit work. */
type CommittedTurn = { updated: Conversation; message: Message; reply: Message | undefined; created: boolean; after: AfterCommit; replyDelivery?: LateReplyDelivery };

function ingestResult(ctx: ChannelContext, conversation: Conversation, message: Message, reply: Message | undefined, created: boolean, queued: { pushes: PushRequest[]; outboxIds: string[] }): IngestResult {
  return { duplicate: false, createdConversation: created, botPercent: conversation.botPercent, orgId: ctx.orgId, channelId: ctx.channelId, response: toResponse(conversation, message, reply), ...queued };
}

/** A committed turn, finished: its after-commit work run, the result returned. */
async function finishCommitted(db: Db, ctx: ChannelContext, turn: CommittedTurn): Promise<IngestResult> {
  const { conversation, ...queued } = await runAfterCommit(db, ctx, turn.updated, turn.after);
  return { ...ingestResult(ctx, conversation, turn.message, turn.reply, turn.created, queued), replyDelivery: turn.replyDelivery };
}

/**
 * The bot's reply to a customer message whose own transaction has committed (the model and burst path's second half,
 * issue 14 item 7; also {@link answerUnansweredMessages}' recovery): the answer composed outside any transaction, then
 * the reply stored in a short transaction of its own that re-checks the conversation under its row lock — exactly
 * once per customer message (the reply key is unique): when it was answered meanwhile, or a human took over, nothing
 * more is stored and the stored outcome is returned.
 * @param params.isLate whether the webhook has already answered for this message: then the reply's delivery to the
 *   channel's outbound reply URL is recorded in the reply's own transaction, so a crash after the commit cannot lose it
 * @param params.started when the turn started (ms since the epoch): the reply's `sent_at` is the message's plus the time since
 * @param params.claimFirstAttempt the caller makes the late delivery's first attempt right after (the webhook's
 *   `onLateReply`): the delivery is recorded already claimed for it (`replyDelivery.claimed`); else (the recovery
 *   sweep) it is recorded due now, for the schedule's delivery sweep
 * @returns the finished turn (its after-commit work done)
 * @throws database errors (nothing of the reply is written)
 */
export async function composeReply(
  db: Db,
  { ctx, agent, model, conversation, message, created, isLate, started = Date.now(), claimFirstAttempt = false }: {
    ctx: ChannelContext;
    agent: ChannelAgent;
    model: ModelClient | null;
    conversation: Pick<Conversation, "id" | "externalId">;
    message: Message;
    created: boolean;
    isLate: () => boolean;
    started?: number;
    claimFirstAttempt?: boolean;
  },
): Promise<IngestResult> {
  const sentAt = message.sentAt;
  const output = await answerTurn(db, { ctx, conversationId: conversation.id, messageId: message.id, text: message.content, sentAt, firstMessage: created, agent, model, inTransaction: false });
  const stored = await db.transaction(async (tx): Promise<CommittedTurn> => {
    // the reply already stored, if any, read under the conversation's lock: both are sent at once (issue 20), and the
    // server runs the read after the lock is granted, with a snapshot that sees every reply committed before it
    const [locked, [existing]] = await Promise.all([
      lockConversation(tx, ctx.channelId, conversation.externalId),
      tx.select().from(messages).where(eq(messages.replyToMessageId, message.id)).limit(1),
    ]);
    if (!locked) throw new Error("conversation vanished during ingest");
    // answered already (a concurrent redelivery), or a human took over meanwhile: store nothing more
    if (existing || humanHandles(locked)) return { updated: locked, message, reply: existing, created, after: { storms: [], assign: null } };
    const { reply, updated, after } = await finishTurn(tx, { ctx, conversation: locked, message, created, output, agent, sentAt, started, counted: 0 });
    if (!isLate() || !reply || !ctx.outboundReplyUrl) return { updated, message, reply, created, after };
    const { id, claimed } = await recordReplyDelivery(tx, { orgId: ctx.orgId, channelId: ctx.channelId, messageId: reply.id, url: ctx.outboundReplyUrl }, { claim: claimFirstAttempt });
    // what its first attempt sends, as the reply was just stored
    const body = replyCreatedBody(ctx.channelId, { id: reply.id, conversationId: reply.conversationId, sender: reply.sender, replyTo: reply.replyToMessageId, content: reply.content, action: reply.agentAction, confidence: reply.confidence, sources: reply.sources });
    return { updated, message, reply, created, after, replyDelivery: { id, body, secretEncrypted: ctx.webhookSecretEncrypted, claimed } };
  });
  return finishCommitted(db, ctx, stored);
}

/**
 * Stores `input` for the channel in `ctx` and lets the bot answer on the bot arm.
 * - First message of a conversation: inserts it with the arm from {@link decideArm} (`ON CONFLICT DO NOTHING` on
 *   `(channel_id, external_id)`, so concurrent first messages create exactly one conversation and one variant).
 * - Same `message_id` again (or concurrently): stored once; the stored outcome is returned with `duplicate: true`.
 * - Bot-handled conversation (`status = OPEN`, not the human arm): the channel's AI agent (its published version,
 *   else the built-in defaults) answers from the history; its action, confidence, sources, capability, signals and
 *   version are stored on the bot message, each signal also as an `ai_agent_signal_raised` event. A handover makes
 *   the conversation `WAITING_ASSIGN_AGENT`; a customer's confirmation closes it as `RESOLVE_AI` (customer_confirmed).
 * - Built-in engine (no model): all of it in one transaction, the reply returned inline.
 * - With a model (issue 14 item 7): no transaction, row lock or pooled connection is held across the model call —
 *   the message is committed first, the answer composed outside any transaction, and the reply stored in its own
 *   short transaction (still exactly once per customer message: the reply key is unique and the conversation row is
 *   re-checked under lock). When the channel has an outbound reply URL and the reply is not ready `replyBudgetMs` after
 *   the message arrived (or when its commit is later, right after that), the result says `reply: null, reply_pending: true` and `onLateReply` gets the finished turn.
 *   It says so as soon as the model is called when the model's recent calls typically took longer than the budget left.
 * - With a burst window (the agent's `burstWindowSeconds`, issue 14 item 6): the same split path, waiting that long —
 *   with no transaction held — for another message of the customer; if one came, this message gets no reply of its own
 *   (`reply_merged_into`) and the newest one's reply reads them all.
 * @param agent injectable agent config (the editor's preview); defaults to the channel's
 * @param model the model endpoint for composing replies; defaults to the env-configured one (or none)
 * @param decide injectable arm decision (tests); defaults to a fresh cryptographic roll
 * @throws database errors (the transaction is rolled back; nothing is half-written)
 */
export async function receiveMessage(
  db: Db,
  {
    ctx,
    input,
    decide = decideArm,
    agent = channelAgent(ctx),
    model = modelClientFromEnv(),
    replyBudgetMs = REPLY_BUDGET_MS,
    onLateReply,
  }: {
    ctx: ChannelContext;
    input: IncomingMessage;
    decide?: typeof decideArm;
    agent?: ChannelAgent;
    model?: ModelClient | null;
    replyBudgetMs?: number;
    onLateReply?: (result: IngestResult) => Promise<void>;
  },
): Promise<IngestResult> {
  const arrived = performance.now();
  const sentAt = new Date(input.sent_at);
  const result = (conversation: Conversation, message: Message, reply: Message | undefined, created: boolean, queued: { pushes: PushRequest[]; outboxIds: string[] }) =>
    ingestResult(ctx, conversation, message, reply, created, queued);
  const nothingQueued = { pushes: [], outboxIds: [] };

  // bursts (issue 14 item 6): wait this long for the customer's next message before answering (never in preview)
  const burstMs = ctx.channelType === "bot_preview" || agent.paused ? 0 : (agent.config.routing.burstWindowSeconds ?? 0) * 1000;
  const finished = (turn: CommittedTurn) => finishCommitted(db, ctx, turn);

  if (!model && burstMs === 0) {
    const turn = await db.transaction(async (tx) => {
      const stored = await storeMessage(tx, { ctx, input, decide, sentAt });
      if (stored.duplicate) return stored;
      const { conversation, message, created, counted } = stored;
      const started = Date.now();
      const output = humanHandles(conversation)
        ? undefined
        : await answerTurn(tx, { ctx, conversationId: conversation.id, messageId: message.id, text: input.text, sentAt, firstMessage: created, agent, model, inTransaction: true });
      const { reply, updated, after } = await finishTurn(tx, { ctx, conversation, message, created, output, agent, sentAt, started, counted });
      return { duplicate: null, updated, message, reply, created, after };
    });
    if (turn.duplicate) return turn.duplicate;
    return finished(turn);
  }

  // the model or burst path: 1. the message, committed (a human-handled turn finishes here)
  const first = await db.transaction(async (tx) => {
    const stored = await storeMessage(tx, { ctx, input, decide, sentAt });
    if (stored.duplicate) return { done: stored.duplicate };
    const { conversation, message, created, counted } = stored;
    if (humanHandles(conversation)) {
      const { updated, after } = await finishTurn(tx, { ctx, conversation, message, created, output: undefined, agent, sentAt, started: Date.now(), counted });
      return { done: null, handled: { updated, message, reply: undefined, created, after } };
    }
    if (counted) {
      await tx
        .update(conversations)
        .set({ messageCount: sql`${conversations.messageCount} + 1`, lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${sentAt.toISOString()}::timestamptz)`, ...sentimentReadingSet(message.sentiment) })
        .where(eq(conversations.id, conversation.id));
    }
    return { done: null, handled: null, conversation, message, created };
  });
  if (first.done) return first.done;
  if (first.handled) return finished(first.handled);
  const { message, created } = first;

  // 2. the answer, outside any transaction; 3. the reply in its own short transaction
  const started = Date.now();
  let late = false;
  // a model that typically takes longer than what is left of the budget is not waited for (null: keep waiting)
  let notWorthWaiting: (value: null) => void = () => {};
  const pendingNow = new Promise<null>((resolve) => (notWorthWaiting = resolve));
  const composer =
    model && ctx.outboundReplyUrl
      ? timedModel(model, (typicalMs) => {
          if (typicalMs !== null && typicalMs > replyBudgetMs - (performance.now() - arrived)) notWorthWaiting(null);
        })
      : model;
  const turn = (async (): Promise<IngestResult> => {
    if (burstMs > 0) {
      // no transaction is held while waiting; a newer message of the customer's answers for the whole burst
      await new Promise((resolve) => setTimeout(resolve, burstMs));
      const [newer] = await db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.conversationId, first.conversation.id), eq(messages.sender, "customer"), ne(messages.id, message.id), sql`${messages.createdAt} > ${message.createdAt.toISOString()}::timestamptz`))
        .limit(1);
      if (newer) {
        // no turn of its own: its analytics are written here (the newest message's turn answers for the burst)
        if (ctx.channelType !== "bot_preview") await recordIngestAnalytics(db, analyticsOf(ctx, first.conversation, message, undefined, created));
        const merged = result(first.conversation, message, undefined, created, nothingQueued);
        return { ...merged, response: { ...merged.response, reply_merged_into: newer.id } };
      }
    }
    // a late reply's first attempt is made by onLateReply (the webhook's: deliverLateReply) right after the commit
    return composeReply(db, { ctx, agent, model: composer, conversation: first.conversation, message, created, isLate: () => late, started, claimFirstAttempt: onLateReply !== undefined });
  })();
  if (!ctx.outboundReplyUrl) return turn;
  let timer: NodeJS.Timeout | undefined;
  // the budget runs from the message's arrival, not from its commit: the webhook answers within it unless the commit itself is later
  const left = Math.max(0, replyBudgetMs - (performance.now() - arrived));
  const inTime = await Promise.race([turn, pendingNow, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), left)))]);
  clearTimeout(timer);
  if (inTime) return inTime;
  late = true;
  // past the budget: answer now; the reply goes to the channel's outbound reply URL when it is ready
  turn
    .then((late) => onLateReply?.(late))
    .catch((error) => console.warn("[incoming-message] a late reply failed:", errorMessage(error)));
  const pending = result(first.conversation, message, undefined, created, nothingQueued);
  return { ...pending, response: { ...pending.response, reply_pending: true } };
}
