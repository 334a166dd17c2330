import { chatwootConversationUrl } from "@/lib/chatwoot/conversation-url";
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { isStuck, mayDecide, ungradedByMember } from "@/lib/approvals/decide-approval";
import { approvalParamsSchema, getApprovalDetail, listApprovals, type ApprovalTab } from "@/lib/approvals/list-approvals";
import { canAccess } from "@/lib/auth/roles";
import { getChatwootLink } from "@/lib/chatwoot/link";
import { formatInZone } from "@/lib/time/format";
import { ApprovalDrawer, type DrawerApproval } from "./drawer";
import { QueueTable, type QueueRow } from "./queue-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("approvals");
  return { title: t("meta.title") };
}

type T = Awaited<ReturnType<typeof getTranslations<"approvals">>>;

/** "in 12 min", "3 h 5 min late" for a due time. */
function dueLabel(t: T, due: Date | null, now: number): { label: string; tone: QueueRow["slaTone"] } {
  if (!due) return { label: "—", tone: "none" };
  const minutes = Math.round((due.getTime() - now) / 60_000);
  const span = (m: number) => (m >= 60 ? t("due.hoursMinutes", { hours: Math.floor(m / 60), minutes: m % 60 }) : t("due.minutes", { minutes: m }));
  if (minutes < 0) return { label: t("due.late", { span: span(-minutes) }), tone: "late" };
  return { label: t("due.in", { span: span(minutes) }), tone: minutes <= 30 ? "soon" : "ok" };
}
const ageLabel = (t: T, minutes: number) => (minutes >= 1440 ? t("age.days", { days: Math.floor(minutes / 1440) }) : minutes >= 60 ? t("age.hours", { hours: Math.floor(minutes / 60) }) : t("age.minutes", { minutes }));

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember("approvals");
  const t = await getTranslations("approvals");
  const db = await getDb();
  const params = approvalParamsSchema.parse(await searchParams);
  const supervisor = canAccess(member.role, "decideAnyApproval");
  const tab: ApprovalTab = params.tab === "escalated" && !supervisor ? "pending" : params.tab;
  const [link, rows, ungraded] = await Promise.all([getChatwootLink(db, member.orgId), listApprovals(db, { actor: member, tab }), ungradedByMember(db, member)]);
  // grading comes before the next item (004_… §4 Step 4): the oldest ungraded reply of this member opens first
  const openId = ungraded[0] ?? params.id;
  const detail = openId ? await getApprovalDetail(db, { actor: member, approvalId: openId }) : null;
  const now = new Date().getTime();
  const queue: QueueRow[] = rows.map((r) => {
    const due = dueLabel(t, r.status === "pending" || r.status === "sending" ? r.slaDueAt : null, now);
    const age = Math.max(0, Math.round((now - r.createdAt.getTime()) / 60_000));
    return {
      id: r.id, priority: r.priority ?? "P2", slaDue: r.slaDueAt?.toISOString() ?? null, slaLabel: due.label, slaTone: due.tone,
      customer: r.customer ?? r.contactId, confidence: r.confidence, ageMinutes: age, ageLabel: ageLabel(t, age), assignee: r.assigneeName ?? t("queue.unassigned"),
      state: t(`queue.state.${r.status === "sending" ? (r.lastSendError ? "sendFailed" : "sending") : r.status === "sent" ? (r.gradedAt ? "sentGraded" : "sent") : r.status === "escalated" ? "escalated" : r.status === "superseded" ? "superseded" : r.escalationLevel >= 2 ? "waitingSupervisors" : r.escalationLevel === 1 ? "waitingReminder" : "waiting"}`),
    };
  });
  const tabHref = (tabName: ApprovalTab) => `/approvals?tab=${tabName}`;
  const drawer: DrawerApproval | null = detail
    ? {
        id: detail.approval.id,
        status: detail.approval.status,
        supersededSentence: detail.approval.supersededReason ? t(`superseded.${detail.approval.supersededReason}`) : null,
        chatwootUrl: link ? chatwootConversationUrl(link, detail.conversation.externalId) : null,
        decision: detail.approval.decision,
        draft: detail.approval.draft,
        finalText: detail.approval.finalText,
        confidence: detail.approval.confidence,
        sources: detail.approval.sources.map((s) => ({ title: s.title, score: s.score })),
        lastSendError: detail.approval.lastSendError,
        escalationReason: detail.approval.escalationReason,
        editDistance: detail.approval.editDistance,
        graded: detail.approval.gradedAt ? { tone: detail.approval.toneGrade!, accuracy: detail.approval.accuracyGrade!, policy: detail.approval.policyGrade! } : null,
        customer: detail.conversation.contactName ?? detail.conversation.contactId,
        channel: detail.channel,
        priority: detail.conversation.priority ?? "P2",
        slaLabel: dueLabel(t, detail.conversation.firstResponseAt ? null : detail.conversation.slaFirstResponseDueAt, now).label,
        escalationRule: detail.conversation.escalationRule,
        history: detail.history.map((m) => ({ id: m.id, sender: m.sender, content: m.content, at: formatInZone(m.sentAt, member.timezone, member.locale) })),
        closeHref: tabHref(tab),
        canDecide: mayDecide(member, detail.approval),
        stuck: detail.approval.status === "sending" && isStuck(detail.approval.sendStartedAt, now),
        canAnswerEscalated: supervisor,
        gradingRequired: detail.approval.decidedBy === member.userId || canAccess(member.role, "reports"),
      }
    : null;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">{t("page.title")}</h1>
        <p className="text-sm text-gray-500">{t("page.intro")}</p>
      </div>
      {!link ? (
        <div className="rounded-lg border border-dashed border-gray-300 bg-white p-10 text-center">
          <p className="font-medium text-gray-900">{t("page.notLinked.title")}</p>
          <p className="mt-1 text-sm text-gray-500">
            {canAccess(member.role, "settingsWrite")
              ? t.rich("page.notLinked.admin", { link: (chunks) => <Link href="/settings/chatwoot" className="text-blue-700 underline">{chunks}</Link> })
              : t("page.notLinked.member")}
          </p>
        </div>
      ) : (
        <>
          <nav aria-label={t("page.tabsLabel")} className="flex gap-1">
            {(["pending", ...(supervisor ? (["escalated"] as const) : []), "sent", "superseded"] as ApprovalTab[]).map((name) => (
              <Link key={name} href={tabHref(name)} aria-current={name === tab ? "page" : undefined}
                className={`rounded-md px-3 py-1.5 text-sm ${name === tab ? "bg-blue-50 font-medium text-blue-700" : "text-gray-600 hover:bg-gray-50"}`}>
                {t(`page.tabs.${name}`)}
              </Link>
            ))}
          </nav>
          {ungraded.length > 0 ? <p role="status" className="rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-900">{t("page.gradeFirst")}</p> : null}
          <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,28rem)]">
            {queue.length === 0 ? (
              <div className="rounded-lg border border-dashed border-gray-300 bg-white p-10 text-center text-sm text-gray-600">
                {t(`page.empty.${tab}`)}
              </div>
            ) : (
              <QueueTable rows={queue} selectedId={detail?.approval.id} />
            )}
            {drawer ? <ApprovalDrawer approval={drawer} /> : <p className="hidden text-sm text-gray-500 lg:block">{t("page.openHint")}</p>}
          </div>
        </>
      )}
    </div>
  );
}
