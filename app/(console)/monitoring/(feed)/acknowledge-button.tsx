"use client";

import { useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { acknowledgeAlertAction } from "../actions";

/**
 * "Acknowledge" for one alert of the feed. The toast is raised from the action's result directly: the button itself
 * disappears once the refreshed feed shows the alert as acknowledged.
 */
export function AcknowledgeButton({ alertId }: { alertId: string }) {
  const t = useTranslations("monitoring");
  const [pending, startTransition] = useTransition();
  function acknowledge() {
    startTransition(async () => {
      const form = new FormData();
      form.set("alertId", alertId);
      const result = await acknowledgeAlertAction({}, form);
      if (result.ok) toast.success(result.message ?? t("acknowledge.done"));
      else toast.error(result.error ?? t("acknowledge.failed"));
    });
  }
  return (
    <button type="button" onClick={acknowledge} disabled={pending} aria-busy={pending}
      className="rounded-md border border-gray-300 bg-white px-2 py-1 text-xs font-semibold text-gray-700 hover:bg-gray-50 disabled:opacity-70">
      {pending ? "…" : t("acknowledge.button")}
    </button>
  );
}
