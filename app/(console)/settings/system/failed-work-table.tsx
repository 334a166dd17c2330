"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { FormError } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { retryOutboxAction } from "./actions";

export type FailedWork = { id: string; label: string; created: string; attempts: number; lastError: string | null };

/**
 * The failed background work, newest first, each with Retry (owners and admins) — one action state for the list, so
 * the toast survives the row leaving the list once it is queued again.
 */
export function FailedWorkTable({ rows, total, mayRetry }: { rows: FailedWork[]; total: number; mayRetry: boolean }) {
  const [state, action] = useActionState<ActionState, FormData>(retryOutboxAction, {});
  useActionToast(state, { errors: true });
  const t = useTranslations("settings.system.failedWork");
  return (
    <>
      <FormError message={state.error} />
      {rows.length > 0 && (
        <div className="relative overflow-x-auto rounded-lg border border-gray-200 bg-white">
          <table className="min-w-full text-sm" aria-label={t("label")}>
            <thead className="bg-gray-50 text-left text-gray-600">
              <tr>
                <th className="px-4 py-2 font-medium">{t("columns.work")}</th>
                <th className="px-4 py-2 font-medium">{t("columns.created")}</th>
                <th className="px-4 py-2 font-medium">{t("columns.attempts")}</th>
                <th className="px-4 py-2 font-medium">{t("columns.lastError")}</th>
                {mayRetry ? <th className="px-4 py-2 font-medium"><span className="sr-only">{t("columns.actions")}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.id} className="border-t border-gray-100 align-top">
                  <td className="px-4 py-2 font-medium">{f.label}</td>
                  <td className="whitespace-nowrap px-4 py-2">{f.created}</td>
                  <td className="px-4 py-2">{f.attempts}</td>
                  <td className="max-w-md break-words px-4 py-2 text-xs text-red-700">{f.lastError ?? "—"}</td>
                  {mayRetry ? (
                    <td className="px-4 py-2 text-right">
                      <ActionForm action={action}>
                        <input type="hidden" name="id" value={f.id} />
                        <SubmitButton variant="secondary" pendingLabel={t("retrying")} className="!px-2 !py-1 text-xs">{t("retry")}<span className="sr-only"> {t("retryWhat", { label: f.label, created: f.created })}</span></SubmitButton>
                      </ActionForm>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          {total > rows.length ? <p className="border-t border-gray-100 px-4 py-2 text-xs text-gray-500">{t("showing", { shown: rows.length, total })}</p> : null}
        </div>
      )}
    </>
  );
}
