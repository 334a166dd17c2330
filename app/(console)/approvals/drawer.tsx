"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { FieldError, FormError } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { withSuccessToast } from "@/components/form/use-action-toast";
import { decideAction, escalateAction, gradeAction, retrySendAction } from "./actions";

export type DrawerApproval = {
  id: string;
  status: "pending" | "sending" | "sent" | "escalated" | "superseded";
  /** why Chatwoot overtook the draft, in a sentence (status superseded) */
  supersededSentence: string | null;
  /** the conversation in Chatwoot's own app */
  chatwootUrl: string | null;
  decision: string | null;
  draft: string;
  finalText: string | null;
  confidence: number;
  sources: { title: string; score: number }[];
  lastSendError: string | null;
  escalationReason: string | null;
  editDistance: number | null;
  graded: { tone: number; accuracy: number; policy: number } | null;
  customer: string;
  channel: string;
  priority: string;
  slaLabel: string;
  escalationRule: string | null;
  history: { id: string; sender: string; content: string; at: string }[];
  closeHref: string;
  canDecide: boolean;
  /** the reply's send attempt was lost with its process (no result recorded): it may be retried */
  stuck: boolean;
  /** supervisors, admins and owners answer escalated drafts */
  canAnswerEscalated: boolean;
  /** the grading form must be filled before anything else */
  gradingRequired: boolean;
};

type T = ReturnType<typeof useTranslations<"approvals">>;

/** A triage rule as recorded (`keyword:lawsuit`, `unresolved_conversations:3`, … — lib/chatwoot/triage.ts) in plain words. */
function triageLabel(t: T, rule: string): string {
  const [kind = "", ...rest] = rule.split(":");
  const value = rest.join(":");
  const n = Number(value);
  switch (kind) {
    case "priority":
      return t("triage.priority", { priority: rest[0] ?? "", keyword: rest.slice(1).join(":") });
    case "keyword":
      return t("triage.keyword", { keyword: value });
    case "unresolved_conversations":
      return Number.isFinite(n) ? t("triage.unresolved", { count: n }) : rule;
    case "previous_draft_grade":
      return Number.isFinite(n) ? t("triage.previousGrade", { grade: n }) : rule;
    case "order_value":
      return Number.isFinite(n) ? t("triage.orderValue", { value: n }) : rule;
    case "refund_amount":
      return Number.isFinite(n) ? t("triage.refund", { amount: n }) : rule;
    case "anger":
      return Number.isFinite(n) ? t("triage.anger", { score: n }) : rule;
    default:
      return rule;
  }
}

function Grades({ approval }: { approval: DrawerApproval }) {
  const t = useTranslations("approvals");
  const [state, action] = useActionState<ActionState, FormData>(withSuccessToast(gradeAction), {});
  const e = state.fieldErrors ?? {};
  return (
    <ActionForm action={action} className="space-y-3 rounded-md border border-blue-200 bg-blue-50 p-3" aria-label={t("grades.label")}>
      <input type="hidden" name="approvalId" value={approval.id} />
      <p className="text-sm font-semibold text-blue-900">{t("grades.heading")}</p>
      {(["tone", "accuracy", "policy"] as const).map((k) => (
        <fieldset key={k}>
          <legend className="text-sm text-gray-700">{t(`grades.${k}`)}</legend>
          <div className="mt-1 flex gap-3">
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n} className="inline-flex items-center gap-1 text-sm">
                <input type="radio" name={k} value={n} required /> {n}
              </label>
            ))}
          </div>
          <FieldError id={`${k}-error`} messages={e[k]} />
        </fieldset>
      ))}
      <FormError message={state.fieldErrors ? undefined : state.error} />
      <SubmitButton pendingLabel={t("grades.saving")}>{t("grades.save")}</SubmitButton>
    </ActionForm>
  );
}

function Decide({ approval }: { approval: DrawerApproval }) {
  const t = useTranslations("approvals");
  const [state, action] = useActionState<ActionState, FormData>(withSuccessToast(decideAction), {});
  const [escState, escalate] = useActionState<ActionState, FormData>(withSuccessToast(escalateAction), {});
  const [mode, setMode] = useState<"view" | "edit" | "reject" | "escalate">("view");
  return (
    <div className="space-y-3">
      {mode === "view" ? (
        <div className="flex flex-wrap gap-2">
          <ActionForm action={action}>
            <input type="hidden" name="approvalId" value={approval.id} />
            <input type="hidden" name="decision" value="approve" />
            <SubmitButton pendingLabel={t("decide.sending")}>{t("decide.approve")}</SubmitButton>
          </ActionForm>
          <button type="button" onClick={() => setMode("edit")} className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-semibold text-gray-700 hover:bg-gray-50">{t("decide.editApprove")}</button>
          <button type="button" onClick={() => setMode("reject")} className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-semibold text-gray-700 hover:bg-gray-50">{t("decide.reject")}</button>
          {approval.status === "pending" ? (
            <button type="button" onClick={() => setMode("escalate")} className="rounded-md border border-amber-300 bg-white px-3 py-2 text-sm font-semibold text-amber-800 hover:bg-amber-50">{t("decide.escalate")}</button>
          ) : null}
        </div>
      ) : mode === "escalate" ? (
        <ActionForm action={escalate} className="space-y-2">
          <input type="hidden" name="approvalId" value={approval.id} />
          <label htmlFor="reason" className="block text-sm font-medium text-gray-700">{t("decide.escalateReason")}</label>
          <textarea id="reason" name="reason" rows={3} autoFocus className="block w-full rounded-md border border-gray-300 px-3 py-2 text-sm" aria-invalid={Boolean(escState.fieldErrors)} />
          <FormError message={escState.error} />
          <div className="flex gap-2">
            <SubmitButton pendingLabel={t("decide.escalating")}>{t("decide.escalate")}</SubmitButton>
            <button type="button" onClick={() => setMode("view")} className="rounded-md border border-gray-300 px-3 py-2 text-sm">{t("decide.cancel")}</button>
          </div>
        </ActionForm>
      ) : (
        <ActionForm action={action} className="space-y-2">
          <input type="hidden" name="approvalId" value={approval.id} />
          <input type="hidden" name="decision" value={mode} />
          <label htmlFor="text" className="block text-sm font-medium text-gray-700">{mode === "edit" ? t("decide.editLabel") : t("decide.ownReplyLabel")}</label>
          <textarea id="text" name="text" rows={7} autoFocus defaultValue={mode === "edit" ? approval.draft : ""} className="block w-full rounded-md border border-gray-300 px-3 py-2 text-sm" />
          <div className="flex gap-2">
            <SubmitButton pendingLabel={t("decide.sending")}>{mode === "edit" ? t("decide.approveEdited") : t("decide.rejectAndSend")}</SubmitButton>
            <button type="button" onClick={() => setMode("view")} className="rounded-md border border-gray-300 px-3 py-2 text-sm">{t("decide.cancel")}</button>
          </div>
        </ActionForm>
      )}
      <FormError message={state.fieldErrors?.text?.[0] ?? state.error} />
    </div>
  );
}

function RetrySend({ approval }: { approval: DrawerApproval }) {
  const t = useTranslations("approvals");
  const [state, action] = useActionState<ActionState, FormData>(withSuccessToast(retrySendAction), {});
  return (
    <ActionForm action={action} className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3">
      <input type="hidden" name="approvalId" value={approval.id} />
      <p role="alert" className="text-sm text-red-800">{approval.lastSendError ? t("retry.failed", { error: approval.lastSendError }) : t("retry.interrupted")}</p>
      <SubmitButton pendingLabel={t("retry.sending")}>{t("retry.button")}</SubmitButton>
      <FormError message={state.error} />
    </ActionForm>
  );
}

/** The approvals drawer: conversation, draft with sources and confidence, and the four decisions (004_… §4 Step 3). */
export function ApprovalDrawer({ approval }: { approval: DrawerApproval }) {
  const t = useTranslations("approvals");
  const decision = approval.decision ?? "";
  const decisionLabel = t.has(`drawer.decision.${decision}` as never) ? t(`drawer.decision.${decision}` as never) : decision;
  return (
    <aside aria-label={t("drawer.label")} className="space-y-4 rounded-lg border border-gray-200 bg-white p-5">
      <div className="flex items-start justify-between gap-2">
        <div>
          <h2 className="text-lg font-semibold">{approval.customer}</h2>
          <p className="text-xs text-gray-500">{approval.channel} · {approval.priority} · {t("drawer.sla", { label: approval.slaLabel })}{approval.escalationRule ? ` · ${t("drawer.triage", { rule: triageLabel(t, approval.escalationRule) })}` : ""}</p>
          {approval.chatwootUrl ? (
            <a href={approval.chatwootUrl} target="_blank" rel="noopener noreferrer" className="text-xs font-medium text-blue-700 hover:underline">{t("drawer.openInChatwoot")} <span aria-hidden>↗</span></a>
          ) : null}
        </div>
        <Link href={approval.closeHref} scroll={false} className="rounded-md px-2 py-1 text-sm text-gray-600 hover:bg-gray-100" aria-label={t("drawer.close")}>✕</Link>
      </div>
      <ol className="max-h-72 space-y-2 overflow-y-auto rounded-md bg-gray-50 p-3 text-sm" aria-label={t("drawer.conversation")}>
        {approval.history.map((m) => (
          <li key={m.id} className={m.sender === "customer" ? "" : "pl-6"}>
            <span className="text-xs font-medium text-gray-500">{t.has(`drawer.sender.${m.sender}` as never) ? t(`drawer.sender.${m.sender}` as never) : m.sender} · {m.at}</span>
            <p className="whitespace-pre-wrap text-gray-900">{m.content}</p>
          </li>
        ))}
      </ol>
      <section aria-label={t("drawer.draftLabel")} className="space-y-2">
        <p className="text-sm font-semibold">{t("drawer.draftHeading")} <span className="font-normal text-gray-500">{t("drawer.confidence", { confidence: approval.confidence })}</span></p>
        <p className="whitespace-pre-wrap rounded-md border border-gray-200 p-3 text-sm" data-testid="draft">{approval.draft}</p>
        <p className="text-xs text-gray-600">{t("drawer.sources", { list: approval.sources.length ? approval.sources.map((s) => s.title).join(" · ") : t("drawer.sourcesNone") })}</p>
      </section>
      {approval.status === "sent" ? (
        <p className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          {approval.editDistance
            ? t("drawer.sentEdited", { decision: decisionLabel, count: approval.editDistance, text: approval.finalText ?? "" })
            : t("drawer.sent", { decision: decisionLabel, text: approval.finalText ?? "" })}
        </p>
      ) : null}
      {approval.status === "escalated" ? <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("drawer.escalated", { reason: approval.escalationReason ?? "" })}</p> : null}
      {approval.status === "superseded" ? <p role="status" className="rounded-md bg-gray-100 px-3 py-2 text-sm text-gray-800" data-testid="superseded">{approval.supersededSentence}</p> : null}
      {approval.status === "sending" && (approval.lastSendError || approval.stuck) && approval.canDecide ? <RetrySend approval={approval} /> : null}
      {approval.status === "sending" && !approval.lastSendError && !approval.stuck ? <p className="text-sm text-gray-600">{t("drawer.sending")}</p> : null}
      {approval.status === "escalated" && approval.canAnswerEscalated ? <Decide key={approval.id} approval={approval} /> : null}
      {approval.status === "sent" && !approval.graded && approval.gradingRequired ? <Grades approval={approval} /> : null}
      {approval.graded ? <p className="text-sm text-gray-700">{t("drawer.grades", approval.graded)}</p> : null}
      {approval.status === "pending" && approval.canDecide ? <Decide key={approval.id} approval={approval} /> : null}
      {approval.status === "pending" && !approval.canDecide ? <p className="text-sm text-gray-600">{t("drawer.assignedElsewhere")}</p> : null}
    </aside>
  );
}
