import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireMember } from "@/app/_auth/guard";
import { AlertOpened } from "@/components/alert-opened";
import { StatusBadge } from "@/components/status-badge";
import { getDb } from "@/db/client";
import { canAccess } from "@/lib/auth/roles";
import { mayActOn } from "@/lib/conversations/conversation-actions";
import { getConversation, type ConversationDetail } from "@/lib/conversations/get-conversation";
import { humanHandles, isChatwootConversation } from "@/lib/conversations/handed-back";
import { listMembers } from "@/lib/members/list-members";
import { ConversationActions, ReplyComposer, RetryReply } from "./conversation-controls";
import { formatInZone } from "@/lib/time/format";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("conversations");
  return { title: t("detail.metaTitle") };
}

/** Where an agent's reply typed in Tandem stands: delivered, still trying, or failed with Retry. */
async function DeliveryLine({ conversationId, messageId, delivery, canRetry }: { conversationId: string; messageId: string; delivery: ConversationDetail["deliveries"][string]; canRetry: boolean }) {
  const t = await getTranslations("conversations");
  const via = delivery.transport === "chatwoot" ? "chatwoot" : "channel";
  if (delivery.status === "delivered") return <p className="mt-1 text-xs text-gray-500" data-testid="delivery">{t("delivery.delivered", { via })}</p>;
  if (delivery.status === "pending") return <p className="mt-1 text-xs text-amber-700" data-testid="delivery">{t("delivery.pending", { via, attempt: Math.max(1, delivery.attempts) })}</p>;
  return (
    <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-red-700" data-testid="delivery">
      <span>{delivery.lastError ? t("delivery.failedWithError", { via, error: delivery.lastError }) : t("delivery.failed", { via })}</span>
      {canRetry ? <RetryReply conversationId={conversationId} messageId={messageId} /> : null}
    </p>
  );
}

export default async function ConversationPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember("conversations");
  const [t, tCommon] = await Promise.all([getTranslations("conversations"), getTranslations("common")]);
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
    ? (detail.chatwootUrl ? null : t("replyBlocked.chatwootUnlinked"))
    : detail.hasOutboundReplyUrl
    ? null
    : t("replyBlocked.noOutboundUrl");
  const members = team.filter((m) => m.status === "active").map((m) => ({ id: m.userId, label: t(m.userId === member.userId ? "detail.memberLabelYou" : "detail.memberLabel", { name: m.name, role: tCommon(`roles.${m.role}`) }) }));
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_280px]">
      <section aria-label={t("detail.messages")} className="space-y-3">
        <Link href="/conversations" className="text-sm text-blue-700 hover:underline">{t("detail.backToList")}</Link>
        <h1 className="text-xl font-semibold">{c.contactName ?? c.contactId}</h1>
        {fromAlert ? <AlertOpened alertId={fromAlert} /> : null}
        <ol className="space-y-3">
          {detail.messages.map((m) => {
            const fromCustomer = m.sender === "customer";
            return (
              <li key={m.id} className={`flex ${fromCustomer ? "justify-start" : "justify-end"}`}>
                <article className={`max-w-[75%] rounded-lg px-4 py-3 text-sm shadow-sm ${fromCustomer ? "bg-white ring-1 ring-gray-200" : m.sender === "bot" ? "bg-blue-50 ring-1 ring-blue-100" : "bg-violet-50 ring-1 ring-violet-100"}`}>
                  <header className="mb-1 flex gap-2 text-xs text-gray-600">
                    <span className="font-medium text-gray-700">{t(`sender.${m.sender}`)}</span>
                    <time dateTime={m.sentAt.toISOString()}>{when(m.sentAt)}</time>
                  </header>
                  <p className="whitespace-pre-wrap break-words text-gray-900">{m.content}</p>
                  {m.sender === "agent" && detail.deliveries[m.id] ? <DeliveryLine conversationId={c.id} messageId={m.id} delivery={detail.deliveries[m.id]!} canRetry={mayActOn(member, c)} /> : null}
                  {m.sender === "bot" && m.confidence !== null ? (
                    <footer className="mt-2 space-y-1 border-t border-blue-100 pt-2 text-xs text-gray-600">
                      <p>
                        {m.agentAction ? `${t(`agentAction.${m.agentAction}`)} · ` : null}{t("message.confidence", { percent: Math.round(m.confidence * 100) })}
                        {m.capabilityId ? <> · {t.rich("message.capability", { id: m.capabilityId, code: (chunks) => <code>{chunks}</code> })}</> : null}
                      </p>
                      {m.sources && m.sources.length > 0 ? (
                        <p>{t(m.agentAction === "handover" ? "message.closestArticles" : "message.sources", { titles: m.sources.map((s) => s.title).join("; ") })}</p>
                      ) : m.agentAction !== "resolve" ? (
                        <p>{t("message.noArticle")}</p>
                      ) : null}
                      {m.guidance && m.guidance.length > 0 ? (
                        <div aria-label={t("message.guidanceLabel")} className="rounded border border-amber-200 bg-amber-50 p-2 text-gray-800">
                          <p className="font-medium">{t("message.guidanceTitle")}</p>
                          {m.guidance.map((g) => (
                            <div key={g.articleId} className="mt-1">
                              <p className="font-medium">{g.title}</p>
                              <p className="whitespace-pre-wrap">{g.text}</p>
                            </div>
                          ))}
                        </div>
                      ) : null}
                      {m.signals && m.signals.length > 0 ? (
                        <p>{t("message.signals", { signals: m.signals.map((x) => t(`signal.${x.signal}`)).join(", ") })}</p>
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
        <h2 className="font-semibold">{t("detail.details")}</h2>
        {detail.chatwootUrl ? (
          <a href={detail.chatwootUrl} target="_blank" rel="noopener noreferrer" className="inline-flex items-center gap-1 text-sm font-medium text-blue-700 hover:underline">
            {t("detail.openInChatwoot")} <span aria-hidden>↗</span>
          </a>
        ) : null}
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-2">
          <dt className="text-gray-500">{t("detail.status")}</dt><dd><StatusBadge status={c.status} /></dd>
          <dt className="text-gray-500">{t("detail.handledBy")}</dt><dd>{detail.handledBy}</dd>
          <dt className="text-gray-500">{t("detail.channel")}</dt><dd>{detail.channelName}</dd>
          {detail.agentVersion ? (<><dt className="text-gray-500">{t("detail.aiAgent")}</dt><dd>{detail.agentVersion.label}</dd></>) : null}
          <dt className="text-gray-500">{t("detail.contact")}</dt><dd className="break-all">{c.contactId}</dd>
          {c.variant ? (<><dt className="text-gray-500">{t("detail.trafficSplit")}</dt><dd>{t("detail.trafficSplitValue", { arm: t(`arm.${c.variant}`), percent: c.botPercent ?? 0 })}</dd></>) : null}
          <dt className="text-gray-500">{t("detail.started")}</dt><dd>{when(c.createdAt)}</dd>
          {c.handoverAt ? (<><dt className="text-gray-500">{t("detail.handedOver")}</dt><dd>{when(c.handoverAt)}</dd></>) : null}
          {c.assignedAt ? (<><dt className="text-gray-500">{t("detail.assigned")}</dt><dd>{when(c.assignedAt)}</dd></>) : null}
          {c.closedAt ? (<><dt className="text-gray-500">{t("detail.closed")}</dt><dd>{when(c.closedAt)}{c.closedReason ? <span className="block text-xs text-gray-500" data-testid="closed-reason">{t(`closedReason.${c.closedReason}`)}{c.closedVia && (c.closedReason === "RESOLVE" || c.closedReason === "RESOLVE_AI") ? ` — ${t(`closedVia.${c.closedVia}`)}` : ""}</span> : null}</dd></>) : null}
          {c.csatScore ? (<><dt className="text-gray-500">{t("detail.csat")}</dt><dd className="tabular-nums">{c.csatScore} / 5</dd></>) : null}
          {c.handedBackAt ? (<><dt className="text-gray-500">{t("detail.handedBack")}</dt><dd>{when(c.handedBackAt)}</dd></>) : null}
          <dt className="text-gray-500">{t("detail.messageCount")}</dt><dd className="tabular-nums">{c.messageCount}</dd>
        </dl>
      </aside>
      </div>
    </div>
  );
}
