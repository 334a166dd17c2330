"use client";

import { useActionState, useMemo } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { acknowledgeAlertsAction } from "../actions";

/** The form the feed's checkboxes belong to (`form="bulk-acknowledge"`). */
export const BULK_FORM_ID = "bulk-acknowledge";

/**
 * Bulk acknowledge (issue 18 item 6): "Acknowledge selected" takes the ticked alerts of the feed, "Acknowledge all on
 * this page" every alert shown that nobody acted on. Toasts the count; a refusal (nothing ticked) as an error.
 */
export function BulkAcknowledge({ pageAlertIds }: { pageAlertIds: string[] }) {
  const t = useTranslations("monitoring");
  const run = useMemo(() => async (prev: ActionState, formData: FormData) => {
    const result = await acknowledgeAlertsAction(prev, formData);
    if (result.ok && result.message) toast.success(result.message);
    else if (result.fieldErrors) toast.error(t("bulk.tickFirst"));
    else if (result.error) toast.error(result.error);
    return result;
  }, [t]);
  const [, action] = useActionState(run, {});
  if (pageAlertIds.length === 0) return null;
  return (
    <ActionForm id={BULK_FORM_ID} action={action} className="flex flex-wrap items-center gap-2" aria-label={t("bulk.ariaLabel")}>
      {pageAlertIds.map((id) => <input key={id} type="hidden" name="pageAlertId" value={id} />)}
      <SubmitButton variant="secondary" pendingLabel={t("bulk.pending")} name="scope" value="selected" className="!py-1 text-xs">{t("bulk.selected")}</SubmitButton>
      <SubmitButton variant="secondary" pendingLabel={t("bulk.pending")} name="scope" value="page" className="!py-1 text-xs">{t("bulk.page", { count: pageAlertIds.length })}</SubmitButton>
    </ActionForm>
  );
}
