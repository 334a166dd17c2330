"use client";

import { useActionState, useEffect, useMemo, useRef } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { FormError } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast, withSuccessToast } from "@/components/form/use-action-toast";
import { assignAction, handBackAction, replyAction, resolveAction, retryReplyAction, takeOverAction } from "./actions";

export type ControlsProps = {
  conversationId: string;
  /** what the signed-in member may do here (computed on the server; every action checks again) */
  can: { takeOver: boolean; assign: boolean; handBack: boolean; resolve: boolean; reply: boolean };
  /** why replying is not possible (no outbound URL, resolved…); null when it is */
  replyBlocked: string | null;
  /** active members to assign to (name and role) */
  members: { id: string; label: string }[];
  assigneeId: string | null;
};

const RESOLVE_REASONS = [
  { value: "ASSIGN_AGENT", label: "reasonOurTeam" },
  { value: "RESOLVE_AI", label: "reasonAi" },
  { value: "RESOLVE", label: "reasonNoAction" },
  { value: "SPAM", label: "reasonSpam" },
] as const;

const selectClass = "w-full rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm";

/** A one-button action form with its toast and inline refusal. */
function OneButton({ action, conversationId, label, pendingLabel, variant = "secondary", confirm }: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>; conversationId: string; label: string; pendingLabel: string; variant?: "primary" | "secondary" | "danger"; confirm?: string;
}) {
  // the button may unmount on success (Take over disappears once it is yours): toast from the result itself
  const withToast = useMemo(() => withSuccessToast(action), [action]);
  const [state, run] = useActionState(withToast, {});
  return (
    <ActionForm action={run} confirm={confirm ? () => window.confirm(confirm) : undefined} className="space-y-1">
      <input type="hidden" name="conversationId" value={conversationId} />
      <SubmitButton variant={variant} pendingLabel={pendingLabel} className="w-full">{label}</SubmitButton>
      <FormError message={state.error} />
    </ActionForm>
  );
}

/**
 * The conversation's actions (issue 18 item 1): take over, assign, hand back to the AI agent, resolve with a reason.
 * Each button shows its pending state, a toast on success and the server's refusal inline.
 */
export function ConversationActions({ conversationId, can, members, assigneeId }: ControlsProps) {
  const [assignState, assign] = useActionState(assignAction, {});
  const [resolveState, resolve] = useActionState(resolveAction, {});
  const t = useTranslations("conversations.controls");
  useActionToast(assignState);
  useActionToast(resolveState);
  if (!can.takeOver && !can.assign && !can.handBack && !can.resolve) return null;
  return (
    <section aria-labelledby="actions-heading" className="space-y-3 rounded-lg border border-gray-200 bg-white p-4 text-sm">
      <h2 id="actions-heading" className="font-semibold">{t("actions")}</h2>
      {can.takeOver ? <OneButton action={takeOverAction} conversationId={conversationId} label={t("takeOver")} pendingLabel={t("takingOver")} variant="primary" /> : null}
      {can.assign ? (
        <ActionForm action={assign} className="space-y-1">
          <input type="hidden" name="conversationId" value={conversationId} />
          <label htmlFor="assignee" className="block text-gray-600">{t("assignTo")}</label>
          <div className="space-y-2">
            <select id="assignee" name="assigneeId" defaultValue={assigneeId ?? ""} className={selectClass}>
              <option value="" disabled>{t("choosePerson")}</option>
              {members.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
            </select>
            <SubmitButton variant="secondary" pendingLabel={t("assigning")} className="w-full">{t("assign")}</SubmitButton>
          </div>
          <FormError message={assignState.fieldErrors?.assigneeId?.[0] ?? assignState.error} />
        </ActionForm>
      ) : null}
      {can.handBack ? <OneButton action={handBackAction} conversationId={conversationId} label={t("handBack")} pendingLabel={t("handingBack")} /> : null}
      {can.resolve ? (
        <ActionForm action={resolve} className="space-y-1">
          <input type="hidden" name="conversationId" value={conversationId} />
          <label htmlFor="closed-reason" className="block text-gray-600">{t("resolveAs")}</label>
          <div className="space-y-2">
            <select id="closed-reason" name="closedReason" defaultValue="ASSIGN_AGENT" className={selectClass}>
              {RESOLVE_REASONS.map((r) => <option key={r.value} value={r.value}>{t(r.label)}</option>)}
            </select>
            <SubmitButton variant="secondary" pendingLabel={t("resolving")} className="w-full">{t("resolve")}</SubmitButton>
          </div>
          <FormError message={resolveState.fieldErrors?.closedReason?.[0] ?? resolveState.error} />
        </ActionForm>
      ) : null}
    </section>
  );
}

/**
 * The reply box: Ctrl/⌘+Enter sends; the text is cleared once the reply is stored (delivered, retrying or failed —
 * a failed one shows Retry beside it, so sending again never duplicates it).
 */
export function ReplyComposer({ conversationId, can, replyBlocked }: Pick<ControlsProps, "conversationId" | "can" | "replyBlocked">) {
  const [state, run] = useActionState(replyAction, {});
  const t = useTranslations("conversations.controls");
  const text = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!state.ok) return;
    toastSent(state);
    if (text.current) text.current.value = "";
  }, [state]);
  if (!can.reply) return null;
  if (replyBlocked) return <p className="rounded-md bg-gray-50 px-3 py-2 text-sm text-gray-600" data-testid="reply-blocked">{replyBlocked}</p>;
  return (
    <ActionForm action={run} className="space-y-2 rounded-lg border border-gray-200 bg-white p-3" aria-label={t("composer")}>
      <input type="hidden" name="conversationId" value={conversationId} />
      <label htmlFor="reply-text" className="block text-sm font-medium text-gray-700">{t("replyLabel")}</label>
      <textarea ref={text} id="reply-text" name="text" rows={3} maxLength={4000} required
        onKeyDown={(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); e.currentTarget.form?.requestSubmit(); } }}
        aria-invalid={Boolean(state.fieldErrors?.text)} aria-describedby="reply-error"
        className="w-full rounded-md border border-gray-300 px-3 py-2 text-sm focus:border-blue-500 focus:outline-none focus:ring-1 focus:ring-blue-500" />
      <div className="flex items-center justify-between gap-3">
        <p className="text-xs text-gray-500">{t("replyHint")}</p>
        <SubmitButton pendingLabel={t("sending")}>{t("send")}</SubmitButton>
      </div>
      <div id="reply-error"><FormError message={state.fieldErrors?.text?.[0] ?? (state.ok ? undefined : state.error)} /></div>
    </ActionForm>
  );
}

/** Toasts a reply's result: sent or still trying (success), saved but not delivered or refused (error). */
function toastSent(state: ActionState) {
  const sent = (state.data as { sent?: string } | undefined)?.sent;
  if (state.ok && state.message) (sent === "failed" ? toast.error : toast.success)(state.message);
  else if (state.error) toast.error(state.error);
}

/** Retry for an agent's reply whose delivery failed (the button unmounts once delivered: it toasts from the result). */
export function RetryReply({ conversationId, messageId }: { conversationId: string; messageId: string }) {
  const retry = useMemo(() => async (prev: ActionState, formData: FormData) => {
    const result = await retryReplyAction(prev, formData);
    toastSent(result);
    return result;
  }, []);
  const [, run] = useActionState(retry, {});
  const t = useTranslations("conversations.controls");
  return (
    <ActionForm action={run} className="inline">
      <input type="hidden" name="conversationId" value={conversationId} />
      <input type="hidden" name="messageId" value={messageId} />
      <SubmitButton variant="secondary" pendingLabel={t("retrying")} className="!px-2 !py-0.5 text-xs">{t("retry")}</SubmitButton>
    </ActionForm>
  );
}
