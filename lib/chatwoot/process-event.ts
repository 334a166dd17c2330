/**
 * Processes one verified Chatwoot event (004_… §2 data flow; DESIGN.md flow 3), after the webhook answered:
 * - `message_created`, incoming: the conversation and message land in Tandem's tables (source: the inbox's mapped
 *   channel; idempotent on Chatwoot's message id), triage sets priority, SLA due times and any escalation rule; the
 *   priority goes back to Chatwoot (priority + label). An escalation assigns per the org's rule without a draft;
 *   otherwise the answering engine drafts from the knowledge base, the draft is posted as a private note and an
 *   approval opens. Engine failure, timeout or low confidence → no draft, routed to a human, logged.
 * - `message_created`, private (our own notes echoed back) or activity/template: ignored. Outgoing public replies
 *   (a human answering in Chatwoot) are stored and stop the first-response clock.
 * - `conversation_created` stores the conversation; status changes resolve or reopen it.
 */
import { and, desc, eq, isNotNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvals, conversations, memberships, messages, organizations } from "@/db/schema";
import { channelAgent } from "@/lib/agent/channel-agent";
import { engineHistory } from "@/lib/agent/engine-history";
import { type AgentOutput, type EngineTurn, runAgent } from "@/lib/agent/engine";
import type { ModelClient } from "@/lib/agent/model-client";
import { closeConversation, reopenConversation } from "@/lib/conversations/outcome";
import { supersedeApprovals } from "@/lib/approvals/supersede-approvals";
import { callOnce, type CallOutcome } from "./call-once";
import { raiseChatwootAlert } from "./raise-chatwoot-alert";
import { DEFAULT_TRIAGE_RULES } from "./triage-rules";
import { contactIndexes } from "@/lib/conversations/contact-index";
import { recordCustomerSentiment } from "@/lib/conversations/record-sentiment";
import { recordEvent } from "@/lib/events/record-event";
import { scoreSentiment } from "@/lib/sentiment/score-sentiment";
import { loadChannelContext } from "@/lib/ingest/load-channel";
import { type ChatwootClient } from "./client";
import { formatDraftNote, formatGuidanceNote } from "./draft-note";
import type { LoadedLink } from "./link";
import { csatRating, type ChatwootConversation, type ChatwootEvent, type MessageCreated } from "./payloads";
import { slaDueTimes } from "./sla";
import { CHATWOOT_PRIORITY, type Triage, triageMessage } from "./triage";
import { errorMessage } from "@/lib/errors/error-message";
import { inngestConfigured } from "@/lib/config/inngest-configured";
import { enqueueOutbox } from "@/lib/outbox/enqueue";

/** Time the answering engine may take for a draft before the conversation goes to a human (004_… §9). */
export const DRAFT_BUDGET_MS = 8_000;
/** Default approval timeouts (004_… §9): remind the operator, then alert supervisors (an org may change them). */
export const OPERATOR_TIMEOUT_MS = DEFAULT_TRIAGE_RULES.operatorReminderMinutes * 60_000;
export const MANAGER_TIMEOUT_MS = DEFAULT_TRIAGE_RULES.managerAlertMinutes * 60_000;
const HISTORY_LIMIT = 20;

export type ProcessOutcome =
  | { action: "ignored"; reason: "unmapped_inbox" | "duplicate" | "own_note" | "not_a_customer_message" | "unknown_conversation" }
  | { action: "stored"; conversationId: string }
  | { action: "escalated"; conversationId: string; rule: string }
  | { action: "routed_to_human"; conversationId: string; reason: "engine_failed" | "engine_timeout" | "low_confidence" | "handover" }
  | { action: "drafted"; conversationId: string; approvalId: string; noteId: number | null; orgId: string; operatorDueAt: string; managerDueAt: string; outboxId: string | null };

const epoch = (s: number | null | undefined) => (typeof s === "number" ? new Date(s * 1000) : null);
const instant = (v: string | number) => (typeof v === "number" ? new Date(v * 1000) : new Date(v));

/**
 * Whether a conversation update moved it from one agent to another (`assignee_id` changed between two agents). A first
 * assignment (from nobody) is not a reassignment: Tandem's own routing makes those.
 */
function reassigned(changes: { [key: string]: { previous_value?: unknown; current_value?: unknown } }[] | null | undefined): boolean {
  const change = changes?.find((c) => "assignee_id" in c)?.assignee_id;
  return Boolean(change && change.previous_value != null && change.current_value != null && change.previous_value !== change.current_value);
}

/** Tandem's contact id for a Chatwoot conversation's contact (the `chatwoot` prefix marks Chatwoot conversations; the purge relies on it). */
const contactIdOf = (c: ChatwootConversation) => (c.meta?.sender ? `chatwoot:${c.meta.sender.id}` : `chatwoot-conversation:${c.id}`);

/** Upserts the Tandem conversation for a Chatwoot conversation on the mapped channel. @returns its id and whether it is new */
async function upsertConversation(db: Db, link: LoadedLink, channelId: string, c: ChatwootConversation, firstText: string, at: Date) {
  const sender = c.meta?.sender;
  const [row] = await db
    .insert(conversations)
    .values({
      orgId: link.orgId,
      channelId,
      externalId: String(c.id),
      contactId: contactIdOf(c),
      contactName: sender?.name ?? null,
      contactEmail: sender?.email ?? null,
      contactPhone: sender?.phone_number ?? null,
      ...contactIndexes({ phone: sender?.phone_number, email: sender?.email }),
      status: c.status === "resolved" ? "RESOLVED" : "OPEN",
      firstMessagePreview: firstText.slice(0, 200) || "(no text)",
      lastMessageAt: at,
      createdAt: epoch(c.created_at) ?? at,
    })
    .onConflictDoUpdate({ target: [conversations.channelId, conversations.externalId], set: { contactName: sql`coalesce(excluded.contact_name, ${conversations.contactName})` } })
    .returning({ id: conversations.id, createdAt: conversations.createdAt, priority: conversations.priority, slaDue: conversations.slaFirstResponseDueAt, status: conversations.status, handoverAt: conversations.handoverAt });
  return row!;
}

/** The org's agent-role member with the fewest pending approvals (online first), or null. */
async function pickOperator(db: Db, orgId: string): Promise<string | null> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "agent"), eq(memberships.status, "active")))
    .orderBy(
      sql`(${memberships.availability} = 'online') DESC`,
      sql`(SELECT count(*) FROM approvals a WHERE a.org_id = ${orgId} AND a.assignee_id = ${memberships.userId} AND a.status = 'pending')`,
      memberships.userId,
    )
    .limit(1);
  return row?.userId ?? null;
}

/** A triage rule in words for an alert: `priority:P0:card declined` → “card declined”; `keyword:lawsuit` → keyword “lawsuit”. */
function describeRule(rule: string): string {
  const p0 = /^priority:P0:(.+)$/.exec(rule);
  if (p0) return `“${p0[1]}”`;
  const [kind, ...rest] = rule.split(":");
  return rest.length ? `${kind} “${rest.join(":")}”` : rule;
}

/** Logs a Chatwoot call that failed (the triage and the draft live in Tandem either way). */
function warnIfFailed(what: string, outcome: CallOutcome<unknown>) {
  if (outcome.ran && !outcome.ok) console.warn(`[chatwoot] could not ${what}:`, outcome.error);
}

/**
 * Writes priority and labels back to Chatwoot, once per customer message however often it is delivered (issue 18
 * item 5); a failure is logged, never fatal (the triage is stored in Tandem).
 */
async function writeBack(db: Db, link: LoadedLink, client: ChatwootClient, c: ChatwootConversation, messageKey: string, triage: Triage) {
  const labels = (c.labels ?? []).filter((l) => !/^priority-p[0-3]$/.test(l));
  labels.push(`priority-${triage.priority.toLowerCase()}`);
  if (triage.escalation && !labels.includes("escalated")) labels.push("escalated");
  warnIfFailed("write the priority back", await callOnce(db, { orgId: link.orgId, key: `${messageKey}:priority`, call: () => client.setPriority(c.id, CHATWOOT_PRIORITY[triage.priority]) }));
  warnIfFailed("write the labels back", await callOnce(db, { orgId: link.orgId, key: `${messageKey}:labels`, call: () => client.setLabels(c.id, labels) }));
}

/** Hands the conversation to a human in Chatwoot per the org's rule (agent, else team), once per message; logged on failure. */
async function assignToHuman(db: Db, link: LoadedLink, client: ChatwootClient, c: ChatwootConversation, conversationId: string, messageKey: string) {
  await db.update(conversations).set({ status: "WAITING_ASSIGN_AGENT", handoverAt: sql`coalesce(${conversations.handoverAt}, now())` }).where(eq(conversations.id, conversationId));
  if (!link.escalationAssigneeId && !link.escalationTeamId) return;
  warnIfFailed("assign the conversation", await callOnce(db, { orgId: link.orgId, key: `${messageKey}:assign`, call: () => client.assign(c.id, { assigneeId: link.escalationAssigneeId, teamId: link.escalationTeamId }) }));
}

async function draftWithin(db: Db, link: LoadedLink, channelId: string, conversationId: string, messageId: string, text: string, model: ModelClient | null): Promise<AgentOutput | "timeout" | "failed"> {
  const ctx = await loadChannelContext(db, channelId);
  const agent = channelAgent(ctx ?? { agentId: null, agentName: null, agentStatus: null, agentVersionId: null, agentConfig: null });
  const earlier: EngineTurn[] = await engineHistory(db, { conversationId, exceptMessageId: messageId, limit: HISTORY_LIMIT });
  let timer: NodeJS.Timeout | undefined;
  try {
    const output = await Promise.race([
      runAgent(db, { orgId: link.orgId, config: agent.config, history: [...earlier, { sender: "customer", content: text }], model }),
      new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), DRAFT_BUDGET_MS);
      }),
    ]);
    return output;
  } catch (error) {
    console.warn("[chatwoot] the answering engine failed:", errorMessage(error));
    return "failed";
  } finally {
    clearTimeout(timer);
  }
}

async function customerMessage(db: Db, link: LoadedLink, client: ChatwootClient, event: MessageCreated, channelId: string, model: ModelClient | null, now: Date): Promise<ProcessOutcome> {
  const c = event.conversation;
  const text = (event.content ?? "").trim();
  const sentAt = instant(event.created_at);
  const stored = await db.transaction(async (tx) => {
    const conv = await upsertConversation(tx, link, channelId, c, text, sentAt);
    const sentiment = text ? scoreSentiment(text) : null;
    const [msg] = await tx
      .insert(messages)
      .values({ orgId: link.orgId, conversationId: conv.id, externalId: String(event.id), sender: "customer", content: text || "(no text)", sentAt, sentiment })
      .onConflictDoNothing()
      .returning({ id: messages.id });
    let messageId = msg?.id;
    if (msg) {
      await recordCustomerSentiment(tx, { conversationId: conv.id, score: sentiment });
      await tx.update(conversations).set({ messageCount: sql`${conversations.messageCount} + 1`, lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${sentAt.toISOString()}::timestamptz)` }).where(eq(conversations.id, conv.id));
    } else {
      // stored before: a redelivery — unless an earlier attempt died after storing it and before the draft or the
      // handover (no approval, still with the AI), in which case this attempt finishes the work
      const [existing] = await tx.select({ id: messages.id }).from(messages).where(and(eq(messages.conversationId, conv.id), eq(messages.externalId, String(event.id))));
      const [drafted] = existing ? await tx.select({ id: approvals.id }).from(approvals).where(eq(approvals.messageId, existing.id)) : [];
      const [state] = await tx.select({ status: conversations.status, handoverAt: conversations.handoverAt }).from(conversations).where(eq(conversations.id, conv.id));
      if (!existing || drafted || state?.status !== "OPEN" || state.handoverAt) return null;
      messageId = existing.id;
    }
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(conversations)
      .where(and(eq(conversations.orgId, link.orgId), eq(conversations.contactId, contactIdOf(c)), ne(conversations.status, "RESOLVED"), ne(conversations.id, conv.id)));
    const [graded] = await tx
      .select({ grade: sql<number>`(${approvals.toneGrade} + ${approvals.accuracyGrade} + ${approvals.policyGrade}) / 3.0` })
      .from(approvals)
      .where(and(eq(approvals.conversationId, conv.id), isNotNull(approvals.gradedAt)))
      .orderBy(desc(approvals.gradedAt))
      .limit(1);
    const rawOrderValue = c.custom_attributes?.order_value ?? c.meta?.sender?.custom_attributes?.order_value ?? event.sender?.custom_attributes?.order_value;
    const orderValue = typeof rawOrderValue === "number" ? rawOrderValue : typeof rawOrderValue === "string" && /^\d+(\.\d+)?$/.test(rawOrderValue) ? Number(rawOrderValue) : null;
    const triage = triageMessage(link.triageRules, { text, otherUnresolved: Number(n), previousDraftGrade: graded ? Number(graded.grade) : null, orderValue });
    const [org] = await tx.select({ timezone: organizations.timezone, businessHours: organizations.businessHours, holidays: organizations.holidays }).from(organizations).where(eq(organizations.id, link.orgId));
    // the SLA clocks start at the first triaged message; a more urgent message later restarts them from itself
    const rank = { P0: 0, P1: 1, P2: 2, P3: 3 } as const;
    const escalate = !conv.priority || rank[triage.priority] < rank[conv.priority];
    const due = escalate ? slaDueTimes(triage.priority, sentAt, org!) : null;
    const changes = {
      ...(escalate ? { priority: triage.priority, slaFirstResponseDueAt: due!.firstResponseDueAt, slaResolutionDueAt: due!.resolutionDueAt } : {}),
      ...(triage.escalation ? { escalationRule: triage.escalation } : {}),
    };
    // a follow-up no more urgent than the conversation, without an escalation, changes nothing (and drizzle refuses an empty SET)
    if (Object.keys(changes).length > 0) await tx.update(conversations).set(changes).where(eq(conversations.id, conv.id));
    return { conversationId: conv.id, messageId: messageId!, triage, withHuman: conv.status === "WAITING_ASSIGN_AGENT" || conv.status === "ASSIGNED" || conv.handoverAt !== null };
  });
  if (!stored) return { action: "ignored", reason: "duplicate" };
  // one intent key per customer message: its handling — priority, labels, assignment, draft, notes, events — runs once
  // however often and however concurrently the message is delivered (issue 18 item 5). A handling that failed (or died
  // with its process: its claim is stale after STALE_CLAIM_MS) is taken up again by the outbox's retry.
  const messageKey = `message:${event.id}`;
  const handled = await callOnce(db, { orgId: link.orgId, key: `${messageKey}:handle`, call: () => handleStoredMessage(db, { link, client, event, channelId, model, now, stored, messageKey }) });
  if (!handled.ran && handled.state === "done") return { action: "ignored", reason: "duplicate" };
  // another attempt is on it: it may still die — the outbox retries this one with backoff, and once that attempt is done
  // (or its claim stale) the retry answers "duplicate" or takes the work over
  if (!handled.ran) throw new Error(`another attempt is handling Chatwoot message ${event.id}; retry later`);
  if (!handled.ok) throw new Error(`the Chatwoot message could not be handled: ${handled.error}`);
  return handled.value;
}

/** The stored customer message's triage write-back, routing or draft (once per message, see {@link customerMessage}). */
async function handleStoredMessage(
  db: Db,
  { link, client, event, channelId, model, now, stored, messageKey }: {
    link: LoadedLink; client: ChatwootClient; event: MessageCreated; channelId: string; model: ModelClient | null; now: Date; messageKey: string;
    stored: { conversationId: string; messageId: string; triage: Triage; withHuman: boolean };
  },
): Promise<ProcessOutcome> {
  const c = event.conversation;
  const text = (event.content ?? "").trim();
  const { conversationId, messageId, triage, withHuman } = stored;
  await writeBack(db, link, client, c, messageKey, triage);
  // handed to a human already (escalated, or routed without a draft): the AI doesn't draft behind their back
  if (withHuman) return { action: "stored", conversationId };
  if (triage.escalation) {
    await assignToHuman(db, link, client, c, conversationId, messageKey);
    await recordEvent(db, { orgId: link.orgId, conversationId, name: "chatwoot_escalated", properties: { rule: triage.escalation, priority: triage.priority } });
    // a P0 escalation alerts the supervisors at once (issue 18 item 4)
    if (triage.priority === "P0") await raiseChatwootAlert(db, { conversationId, channelId, signal: { signal: "p0_escalation", value: triage.escalation, detail: describeRule(triage.escalation) }, at: now });
    return { action: "escalated", conversationId, rule: triage.escalation };
  }
  const output = await draftWithin(db, link, channelId, conversationId, messageId, text, model);
  const skip = output === "timeout" ? "engine_timeout" : output === "failed" ? "engine_failed" : output.action !== "answer" ? "handover" : output.confidence < link.triageRules.minDraftConfidence || output.sources.length === 0 ? "low_confidence" : null;
  if (skip || typeof output === "string") {
    await assignToHuman(db, link, client, c, conversationId, messageKey);
    // staff guidance that matched goes to the human as suggested steps (a private note), never as the reply
    if (typeof output !== "string" && output.guidance.length > 0) {
      const guidance = output.guidance;
      warnIfFailed("post the suggested steps", await callOnce(db, { orgId: link.orgId, key: `${messageKey}:guidance-note`, call: () => client.createMessage(c.id, { content: formatGuidanceNote(guidance), private: true }) }));
    }
    await recordEvent(db, { orgId: link.orgId, conversationId, name: "chatwoot_draft_skipped", properties: { reason: skip, confidence: typeof output === "string" ? null : output.confidence } });
    // the drafting engine failing (not a low-confidence skip) leaves a customer without a draft: alert (issue 18 item 4)
    if (typeof output === "string") await raiseChatwootAlert(db, { conversationId, channelId, signal: { signal: "draft_engine_failed", value: skip ?? "engine_failed" }, at: now });
    return { action: "routed_to_human", conversationId, reason: skip ?? "engine_failed" };
  }
  // 004_… §9: 30 and 60 minutes unless the org chose otherwise in its triage rules
  const operatorDueAt = new Date(now.getTime() + link.triageRules.operatorReminderMinutes * 60_000);
  const managerDueAt = new Date(now.getTime() + link.triageRules.managerAlertMinutes * 60_000);
  const assigneeId = await pickOperator(db, link.orgId);
  const opened = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(approvals)
      .values({ orgId: link.orgId, conversationId, messageId, draft: output.reply, confidence: output.confidence, sources: output.sources, assigneeId, operatorDueAt, managerDueAt })
      .onConflictDoNothing()
      .returning({ id: approvals.id });
    // with an engine, its per-approval timer starts from the outbox (the every-minute sweep fires due times either way)
    const outboxId = row && inngestConfigured()
      ? await enqueueOutbox(tx, {
          orgId: link.orgId,
          topic: "approvals/approval.opened",
          payload: { approvalId: row.id, orgId: link.orgId, operatorDueAt: operatorDueAt.toISOString(), managerDueAt: managerDueAt.toISOString() },
          dedupKey: `approval-opened:${row.id}`,
        })
      : null;
    return row ? { id: row.id, outboxId } : null;
  });
  if (!opened) return { action: "ignored", reason: "duplicate" };
  const approval = opened;
  let noteId: number | null = null;
  // the approval still works from Tandem's drawer if the note fails; the note is a convenience for Chatwoot users
  const note = await callOnce(db, { orgId: link.orgId, key: `approval:${approval.id}:draft-note`, call: () => client.createMessage(c.id, { content: formatDraftNote({ draft: output.reply, confidence: output.confidence, sources: output.sources }), private: true }) });
  warnIfFailed("post the draft note", note);
  if (note.ran && note.ok) {
    noteId = note.value;
    await db.update(approvals).set({ noteChatwootMessageId: noteId }).where(eq(approvals.id, approval.id));
  }
  await recordEvent(db, { orgId: link.orgId, conversationId, name: "chatwoot_draft_created", properties: { approval_id: approval.id, confidence: output.confidence, priority: triage.priority } });
  return { action: "drafted", conversationId, approvalId: approval.id, noteId, orgId: link.orgId, operatorDueAt: operatorDueAt.toISOString(), managerDueAt: managerDueAt.toISOString(), outboxId: approval.outboxId };
}

/**
 * Processes one parsed event for a link.
 * @param params.client the link's Chatwoot client (the stand-in server in tests)
 * @param params.model optional model client for the engine's wording
 */
export async function processChatwootEvent(
  db: Db,
  { link, event, client, model = null, now = new Date() }: { link: LoadedLink; event: ChatwootEvent; client: ChatwootClient; model?: ModelClient | null; now?: Date },
): Promise<ProcessOutcome> {
  const c = event.event === "message_created" || event.event === "message_updated" ? event.conversation : event;
  const channelId = link.inboxes.find((i) => i.inboxId === c.inbox_id)?.channelId;
  if (!channelId) return { action: "ignored", reason: "unmapped_inbox" };
  if (event.event === "message_updated") {
    // the customer answered the CSAT survey (004_… §10): stored on the conversation for the approvals report
    const rating = csatRating(event);
    if (rating === null) return { action: "ignored", reason: "not_a_customer_message" };
    const [conv] = await db
      .update(conversations)
      .set({ csatScore: rating })
      .where(and(eq(conversations.channelId, channelId), eq(conversations.externalId, String(c.id))))
      .returning({ id: conversations.id });
    if (!conv) return { action: "ignored", reason: "unknown_conversation" };
    await recordEvent(db, { orgId: link.orgId, conversationId: conv.id, name: "csat_received", dedupKey: `csat:${conv.id}:${event.id}`, properties: { rating } });
    return { action: "stored", conversationId: conv.id };
  }
  if (event.event === "message_created") {
    if (event.private) return { action: "ignored", reason: "own_note" };
    if (event.message_type === "incoming") return customerMessage(db, link, client, event, channelId, model, now);
    if (event.message_type !== "outgoing") return { action: "ignored", reason: "not_a_customer_message" };
    // a public reply: ours (an approval's reply, already stored) or a human answering in Chatwoot
    const [ours] = await db.select({ id: approvals.id }).from(approvals).where(and(eq(approvals.orgId, link.orgId), eq(approvals.replyChatwootMessageId, event.id)));
    if (ours) return { action: "ignored", reason: "duplicate" };
    const [conv] = await db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.channelId, channelId), eq(conversations.externalId, String(c.id))));
    if (!conv) return { action: "ignored", reason: "unknown_conversation" };
    const sentAt = instant(event.created_at);
    const content = (event.content ?? "").trim() || "(no text)";
    // a reply typed in Tandem coming back from Chatwoot before its sender recorded Chatwoot's id: adopt the id
    const adopted = await db
      .update(messages)
      .set({ externalId: String(event.id) })
      .where(
        sql`${messages.id} = (SELECT m.id FROM messages m WHERE m.conversation_id = ${conv.id} AND m.sender = 'agent' AND m.external_id IS NULL
          AND m.content = ${content} AND m.created_at > now() - interval '1 hour' ORDER BY m.created_at LIMIT 1)`,
      )
      .returning({ id: messages.id });
    if (adopted.length > 0) return { action: "ignored", reason: "duplicate" };
    const stored = await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(messages)
        .values({ orgId: link.orgId, conversationId: conv.id, externalId: String(event.id), sender: "agent", content, sentAt })
        .onConflictDoNothing()
        .returning({ id: messages.id });
      if (inserted.length === 0) return false;
      await tx.update(conversations).set({ firstResponseAt: sql`coalesce(${conversations.firstResponseAt}, ${sentAt.toISOString()}::timestamptz)`, messageCount: sql`${conversations.messageCount} + 1` }).where(eq(conversations.id, conv.id));
      // a person answered in Chatwoot: the drafts waiting on this conversation are stale (issue 18 item 2)
      await supersedeApprovals(tx, { orgId: link.orgId, conversationId: conv.id, reason: "human_reply", at: sentAt });
      return true;
    });
    if (!stored) return { action: "ignored", reason: "duplicate" };
    return { action: "stored", conversationId: conv.id };
  }
  const at = epoch(c.created_at) ?? now;
  const conv = await upsertConversation(db, link, channelId, c, "", at);
  if (event.event !== "conversation_created") {
    // a close in Chatwoot is an agent's close: the stored closed_reason is derived from what happened (issue 15)
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(conversations).where(eq(conversations.id, conv.id)).for("update");
      if (!row) return;
      if (c.status === "resolved" && row.status !== "RESOLVED") await closeConversation(tx, { conversation: row, request: { via: "agent", closedReason: "RESOLVE" }, at: now });
      else if (c.status !== "resolved" && row.status === "RESOLVED") await reopenConversation(tx, { conversation: row, at: now });
      if (c.status === "resolved") await supersedeApprovals(tx, { orgId: link.orgId, conversationId: row.id, reason: "resolved", at: now });
      // moved from one agent to another in Chatwoot: the waiting draft was for the previous agent's hands
      else if ("changed_attributes" in event && reassigned(event.changed_attributes)) await supersedeApprovals(tx, { orgId: link.orgId, conversationId: row.id, reason: "reassigned", at: now, onlyPending: true });
    });
  }
  return { action: "stored", conversationId: conv.id };
}
