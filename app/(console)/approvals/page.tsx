import { SUPERSEDED_SENTENCE } from "@/lib/approvals/supersede-approvals";
import { chatwootConversationUrl } from "@/lib/chatwoot/conversation-url";
import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { isStuck, mayDecide, ungradedByMember } from "@/lib/approvals/decide-approval";
import { approvalParamsSchema, getApprovalDetail, listApprovals, type ApprovalTab } from "@/lib/approvals/list-approvals";
import { canAccess } from "@/lib/auth/roles";
import { getChatwootLink } from "@/lib/chatwoot/link";
import { formatInZone } from "@/lib/time/format";
import { ApprovalDrawer, type DrawerApproval } from "./drawer";
import { QueueTable, type QueueRow } from "./queue-table";

export const metadata: Metadata = { title: "Approvals" };

/** "in 12 min", "3 h 5 min late" for a due time. */
function dueLabel(due: Date | null, now: number): { label: string; tone: QueueRow["slaTone"] } {
  if (!due) return { label: "—", tone: "none" };
  const minutes = Math.round((due.getTime() - now) / 60_000);
  const span = (m: number) => (m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`);
  if (minutes < 0) return { label: `${span(-minutes)} late`, tone: "late" };
  return { label: `in ${span(minutes)}`, tone: minutes <= 30 ? "soon" : "ok" };
}
const ageLabel = (minutes: number) => (minutes >= 1440 ? `${Math.floor(minutes / 1440)} d` : minutes >= 60 ? `${Math.floor(minutes / 60)} h` : `${minutes} min`);

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember("approvals");
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
    const due = dueLabel(r.status === "pending" || r.status === "sending" ? r.slaDueAt : null, now);
    const age = Math.max(0, Math.round((now - r.createdAt.getTime()) / 60_000));
    return {
      id: r.id, priority: r.priority ?? "P2", slaDue: r.slaDueAt?.toISOString() ?? null, slaLabel: due.label, slaTone: due.tone,
      customer: r.customer ?? r.contactId, confidence: r.confidence, ageMinutes: age, ageLabel: ageLabel(age), assignee: r.assigneeName ?? "Unassigned",
      state: r.status === "sending" ? (r.lastSendError ? "Send failed" : "Sending") : r.status === "sent" ? (r.gradedAt ? "Sent, graded" : "Sent") : r.status === "escalated" ? "Escalated" : r.status === "superseded" ? "Overtaken in Chatwoot" : r.escalationLevel >= 2 ? "Waiting · supervisors alerted" : r.escalationLevel === 1 ? "Waiting · 30 min reminder sent" : "Waiting",
    };
  });
  const tabHref = (t: ApprovalTab) => `/approvals?tab=${t}`;
  const drawer: DrawerApproval | null = detail
    ? {
        id: detail.approval.id,
        status: detail.approval.status,
        supersededSentence: detail.approval.supersededReason ? SUPERSEDED_SENTENCE[detail.approval.supersededReason] : null,
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
        slaLabel: dueLabel(detail.conversation.firstResponseAt ? null : detail.conversation.slaFirstResponseDueAt, now).label,
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
        <h1 className="text-2xl font-semibold">Approvals</h1>
        <p className="text-sm text-gray-500">AI drafts for your Chatwoot conversations wait here for a human: approve, edit, reject with your own reply, or escalate.</p>
      </div>
      {!link ? (
        <div className="rounded-lg border border-dashed border-gray-300 bg-white p-10 text-center">
          <p className="font-medium text-gray-900">Chatwoot is not linked yet</p>
          <p className="mt-1 text-sm text-gray-500">
            {canAccess(member.role, "settingsWrite") ? <>Link your account under <Link href="/settings/chatwoot" className="text-blue-700 underline">Settings › Chatwoot</Link>; drafts appear here as customers write in.</> : "Ask an owner or admin to link your Chatwoot account; drafts appear here as customers write in."}
          </p>
        </div>
      ) : (
        <>
          <nav aria-label="Approval lists" className="flex gap-1">
            {(["pending", ...(supervisor ? (["escalated"] as const) : []), "sent", "superseded"] as ApprovalTab[]).map((t) => (
              <Link key={t} href={tabHref(t)} aria-current={t === tab ? "page" : undefined}
                className={`rounded-md px-3 py-1.5 text-sm ${t === tab ? "bg-blue-50 font-medium text-blue-700" : "text-gray-600 hover:bg-gray-50"}`}>
                {t === "pending" ? "Waiting" : t === "escalated" ? "Escalated" : t === "superseded" ? "Overtaken" : "Sent"}
              </Link>
            ))}
          </nav>
          {ungraded.length > 0 ? <p role="status" className="rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-900">Grade the draft of your last reply before you take the next item.</p> : null}
          <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,28rem)]">
            {queue.length === 0 ? (
              <div className="rounded-lg border border-dashed border-gray-300 bg-white p-10 text-center text-sm text-gray-600">
                {tab === "pending" ? "No AI drafts are waiting for approval." : tab === "escalated" ? "Nothing has been escalated." : tab === "superseded" ? "No draft was overtaken: when someone answers, resolves or reassigns a conversation in Chatwoot first, its waiting draft lands here." : "No replies sent yet."}
              </div>
            ) : (
              <QueueTable rows={queue} selectedId={detail?.approval.id} />
            )}
            {drawer ? <ApprovalDrawer approval={drawer} /> : <p className="hidden text-sm text-gray-500 lg:block">Open a draft from the queue to review it.</p>}
          </div>
        </>
      )}
    </div>
  );
}
