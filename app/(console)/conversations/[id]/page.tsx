import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/app/_auth/guard";
import { AlertOpened } from "@/components/alert-opened";
import { StatusBadge } from "@/components/status-badge";
import { getDb } from "@/db/client";
import type { AgentSignalName, Conversation } from "@/db/schema";
import { canAccess } from "@/lib/auth/roles";
import { mayActOn } from "@/lib/conversations/conversation-actions";
import { getConversation, type ConversationDetail } from "@/lib/conversations/get-conversation";
import { humanHandles, isChatwootConversation } from "@/lib/conversations/handed-back";
import { listMembers } from "@/lib/members/list-members";
import { ConversationActions, ReplyComposer, RetryReply } from "./conversation-controls";
import { formatInZone } from "@/lib/time/format";

export const metadata: Metadata = { title: "Conversation" };

const SENDER_LABEL = { customer: "Customer", bot: "AI agent", agent: "Agent", system: "System" } as const;

const CLOSED_REASON: Record<NonNullable<Conversation["closedReason"]>, string> = {
  RESOLVE_AI: "Resolved by the AI agent",
  RESOLVE: "Closed with no agent attached (not counted as an AI resolution)",
  ASSIGN_AGENT: "Closed by an agent; the AI never answered",
  ASSIGN_AGENT_AI: "Closed by an agent after the AI answered",
  WAITING_ASSIGN_AGENT: "Closed while waiting for an agent",
  SPAM: "Marked as spam",
};

const CLOSED_VIA: Record<NonNullable<Conversation["closedVia"]>, string> = {
  customer_confirmed: "the customer confirmed the answer",
  agent: "closed by an agent or the helpdesk",
  silence: "the customer went quiet",
  spam: "marked as spam",
};

const AGENT_ACTION_LABEL = { answer: "Answered", handover: "Handed over", resolve: "Resolved" } as const;
const SIGNAL_LABEL: Record<AgentSignalName, string> = {
  low_confidence: "low confidence",
  message_cap: "message cap reached",
  unexpected_handoff: "unexpected handoff",
  agent_error: "agent error",
  draft_engine_failed: "no AI draft",
  p0_escalation: "P0 escalation",
  sla_breach: "SLA breach",
};

/** Where an agent's reply typed in Tandem stands: delivered, still trying, or failed with Retry. */
function DeliveryLine({ conversationId, messageId, delivery, canRetry }: { conversationId: string; messageId: string; delivery: ConversationDetail["deliveries"][string]; canRetry: boolean }) {
  const via = delivery.transport === "chatwoot" ? "Chatwoot" : "the channel";
  if (delivery.status === "delivered") return <p className="mt-1 text-xs text-gray-500" data-testid="delivery">Delivered via {via}</p>;
  if (delivery.status === "pending") return <p className="mt-1 text-xs text-amber-700" data-testid="delivery">Sending via {via}… (attempt {Math.max(1, delivery.attempts)}; retrying automatically)</p>;
  return (
    <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-red-700" data-testid="delivery">
      <span>Not delivered via {via}{delivery.lastError ? `: ${delivery.lastError}` : ""}</span>
      {canRetry ? <RetryReply conversationId={conversationId} messageId={messageId} /> : null}
    </p>
  );
}

export default async function ConversationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember("conversations");
  const { id } = await params;
  const { alert } = await searchParams;
  // opened from an alert's link: the open is recorded by the page, once loaded (components/alert-opened.tsx)
  const fromAlert = typeof alert === "string" && canAccess(member.role, "monitoring") ? alert : null;
  const db = await getDb();
  const [detail, team] = await Promise.all([getConversation(db, { orgId: member.orgId, id }), listMembers(db, { orgId: member.orgId })]);
  if (!detail) notFound();
  const { conversation: c } = detail;
  const when = (d: Date) => formatInZone(d, member.timezone, member.locale);
  // what this member may do here (each action checks again on the server)
  const open = c.status !== "RESOLVED";
  const mayAct = mayActOn(member, c) && open;
  const chatwoot = isChatwootConversation(c);
  const can = {
    takeOver: mayAct && !(c.assignChannelAgentId === member.userId && c.status === "ASSIGNED"),
    assign: mayAct,
    handBack: mayAct && !chatwoot && c.variant !== "human" && humanHandles(c),
    resolve: mayAct,
    reply: mayAct,
  };
  const replyBlocked = chatwoot
    ? (detail.chatwootUrl ? null : "Chatwoot is no longer linked, so a reply can't reach the customer.")
    : detail.hasOutboundReplyUrl
    ? null
    : "Replies typed here go to the channel's outbound reply URL, and this channel has none. An admin sets one under Settings › Channels; until then, answer in your helpdesk.";
  const members = team.filter((m) => m.status === "active").map((m) => ({ id: m.userId, label: `${m.name}${m.userId === member.userId ? " (you)" : ""} · ${m.role}` }));
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_280px]">
      <section aria-label="Messages" className="space-y-3">
        <Link href="/conversations" className="text-sm text-blue-700 hover:underline">← All conversations</Link>
        <h1 className="text-xl font-semibold">{c.contactName ?? c.contactId}</h1>
        {fromAlert ? <AlertOpened alertId={fromAlert} /> : null}
        <ol className="space-y-3">
          {detail.messages.map((m) => {
            const fromCustomer = m.sender === "customer";
            return (
              <li key={m.id} className={`flex ${fromCustomer ? "justify-start" : "justify-end"}`}>
                <article className={`max-w-[75%] rounded-lg px-4 py-3 text-sm shadow-sm ${fromCustomer ? "bg-white ring-1 ring-gray-200" : m.sender === "bot" ? "bg-blue-50 ring-1 ring-blue-100" : "bg-violet-50 ring-1 ring-violet-100"}`}>
                  <header className="mb-1 flex gap-2 text-xs text-gray-500">
                    <span className="font-medium text-gray-700">{SENDER_LABEL[m.sender]}</span>
                    <time dateTime={m.sentAt.toISOString()}>{when(m.sentAt)}</time>
                  </header>
                  <p className="whitespace-pre-wrap break-words text-gray-900">{m.content}</p>
                  {m.sender === "agent" && detail.deliveries[m.id] ? <DeliveryLine conversationId={c.id} messageId={m.id} delivery={detail.deliveries[m.id]!} canRetry={mayActOn(member, c)} /> : null}
                  {m.sender === "bot" && m.confidence !== null ? (
                    <footer className="mt-2 space-y-1 border-t border-blue-100 pt-2 text-xs text-gray-600">
                      <p>
                        {m.agentAction ? `${AGENT_ACTION_LABEL[m.agentAction]} · ` : null}Confidence {Math.round(m.confidence * 100)}%
                        {m.capabilityId ? <> · capability <code>{m.capabilityId}</code></> : null}
                      </p>
                      {m.sources && m.sources.length > 0 ? (
                        <p>{m.agentAction === "handover" ? "Closest articles (not sure enough to answer)" : "Sources"}: {m.sources.map((s) => s.title).join("; ")}</p>
                      ) : m.agentAction !== "resolve" ? (
                        <p>No knowledge article matched.</p>
                      ) : null}
                      {m.guidance && m.guidance.length > 0 ? (
                        <div aria-label="Internal guidance" className="rounded border border-amber-200 bg-amber-50 p-2 text-gray-800">
                          <p className="font-medium">Internal guidance for you — not sent to the customer</p>
                          {m.guidance.map((g) => (
                            <div key={g.articleId} className="mt-1">
                              <p className="font-medium">{g.title}</p>
                              <p className="whitespace-pre-wrap">{g.text}</p>
                            </div>
                          ))}
                        </div>
                      ) : null}
                      {m.signals && m.signals.length > 0 ? (
                        <p>Signals: {m.signals.map((x) => SIGNAL_LABEL[x.signal]).join(", ")}</p>
                      ) : null}
                    </footer>
                  ) : null}
                </article>
              </li>
            );
          })}
        </ol>
        <ReplyComposer conversationId={c.id} can={can} replyBlocked={replyBlocked} />
      </section>
      <div className="space-y-4">
      <ConversationActions conversationId={c.id} can={can} replyBlocked={replyBlocked} members={members} assigneeId={c.assignChannelAgentId} />
      <aside className="h-fit space-y-3 rounded-lg border border-gray-200 bg-white p-4 text-sm">
        <h2 className="font-semibold">Details</h2>
        {detail.chatwootUrl ? (
          <a href={detail.chatwootUrl} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 text-sm font-medium text-blue-700 hover:underline">
            Open in Chatwoot <span aria-hidden>↗</span>
          </a>
        ) : null}
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-2">
          <dt className="text-gray-500">Status</dt><dd><StatusBadge status={c.status} /></dd>
          <dt className="text-gray-500">Handled by</dt><dd>{detail.handledBy}</dd>
          <dt className="text-gray-500">Channel</dt><dd>{detail.channelName}</dd>
          {detail.agentVersion ? (<><dt className="text-gray-500">AI agent</dt><dd>{detail.agentVersion.label}</dd></>) : null}
          <dt className="text-gray-500">Contact</dt><dd className="break-all">{c.contactId}</dd>
          {c.variant ? (<><dt className="text-gray-500">Split arm</dt><dd>{c.variant} (bot {c.botPercent}%)</dd></>) : null}
          <dt className="text-gray-500">Started</dt><dd>{when(c.createdAt)}</dd>
          {c.handoverAt ? (<><dt className="text-gray-500">Handed over</dt><dd>{when(c.handoverAt)}</dd></>) : null}
          {c.assignedAt ? (<><dt className="text-gray-500">Assigned</dt><dd>{when(c.assignedAt)}</dd></>) : null}
          {c.closedAt ? (<><dt className="text-gray-500">Closed</dt><dd>{when(c.closedAt)}{c.closedReason ? <span className="block text-xs text-gray-500" data-testid="closed-reason">{CLOSED_REASON[c.closedReason]}{c.closedVia && (c.closedReason === "RESOLVE" || c.closedReason === "RESOLVE_AI") ? ` — ${CLOSED_VIA[c.closedVia]}` : ""}</span> : null}</dd></>) : null}
          {c.csatScore ? (<><dt className="text-gray-500">CSAT</dt><dd className="tabular-nums">{c.csatScore} / 5</dd></>) : null}
          {c.handedBackAt ? (<><dt className="text-gray-500">Handed back</dt><dd>{when(c.handedBackAt)}</dd></>) : null}
          <dt className="text-gray-500">Messages</dt><dd className="tabular-nums">{c.messageCount}</dd>
        </dl>
      </aside>
      </div>
    </div>
  );
}
