"use client";

import { useActionState, useMemo } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { endSnoozeAction, snoozeSignalAction } from "../actions";

/** Wraps an action so its result toasts (the control may unmount once the page refreshes). */
function useToastingAction(action: (prev: ActionState, formData: FormData) => Promise<ActionState>) {
  const run = useMemo(() => async (prev: ActionState, formData: FormData) => {
    const result = await action(prev, formData);
    if (result.ok && result.message) toast.success(result.message);
    else if (result.error) toast.error(result.fieldErrors ? Object.values(result.fieldErrors).flat()[0] ?? result.error : result.error);
    return result;
  }, [action]);
  return useActionState(run, {});
}

/**
 * "Snooze" on an alert of the feed (issue 18 item 6): its signal, for its channel or its AI agent, for 1–24 hours.
 * A disclosure keeps the feed compact; Esc or a second click closes it.
 */
export function SnoozeControl({ signal, signalLabel, channel, agent }: { signal: string; signalLabel: string; channel: { id: string; name: string } | null; agent: { key: string; name: string } }) {
  const t = useTranslations("monitoring");
  const [, action] = useToastingAction(snoozeSignalAction);
  return (
    <details className="relative">
      <summary className="cursor-pointer list-none rounded-md border border-gray-300 bg-white px-2 py-1 text-xs font-semibold text-gray-700 hover:bg-gray-50">{t("snooze.summary")}</summary>
      <ActionForm action={action} className="absolute right-0 z-10 mt-1 w-72 space-y-2 rounded-md border border-gray-200 bg-white p-3 text-xs shadow-lg" aria-label={t("snooze.formLabel", { signal: signalLabel })}>
        <input type="hidden" name="signal" value={signal} />
        <fieldset className="space-y-1">
          <legend className="font-medium text-gray-700">{t("snooze.legend", { signal: signalLabel })}</legend>
          {channel ? (
            <label className="flex items-center gap-2"><input type="radio" name="scope" value={`channel:${channel.id}`} defaultChecked /> {t("snooze.channel", { name: channel.name })}</label>
          ) : null}
          <label className="flex items-center gap-2"><input type="radio" name="scope" value={`agent:${agent.key}`} defaultChecked={!channel} /> {t("snooze.agent", { name: agent.name })}</label>
        </fieldset>
        <label className="block">
          <span className="text-gray-700">{t("snooze.for")}</span>
          <select name="hours" defaultValue="1" className="mt-1 w-full rounded-md border border-gray-300 px-2 py-1">
            {[1, 4, 8, 24].map((h) => <option key={h} value={String(h)}>{t("snooze.hours", { count: h })}</option>)}
          </select>
        </label>
        <p className="text-gray-500">{t("snooze.note")}</p>
        <SubmitButton pendingLabel={t("snooze.pending")} className="w-full !py-1 text-xs">{t("snooze.submit")}</SubmitButton>
      </ActionForm>
    </details>
  );
}

/** "End snooze" on an active snooze. */
export function EndSnoozeButton({ snoozeId }: { snoozeId: string }) {
  const t = useTranslations("monitoring");
  const [, action] = useToastingAction(endSnoozeAction);
  return (
    <ActionForm action={action}>
      <input type="hidden" name="snoozeId" value={snoozeId} />
      <SubmitButton variant="secondary" pendingLabel={t("snooze.endPending")} className="!px-2 !py-0.5 text-xs">{t("snooze.end")}</SubmitButton>
    </ActionForm>
  );
}
