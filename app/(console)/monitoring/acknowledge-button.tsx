"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { acknowledgeAlertAction } from "./actions";

/** "Acknowledge" for one alert of the feed. */
export function AcknowledgeButton({ alertId }: { alertId: string }) {
  const [state, action] = useActionState<ActionState, FormData>(acknowledgeAlertAction, {});
  useActionToast(state, { errors: true });
  return (
    <ActionForm action={action}>
      <input type="hidden" name="alertId" value={alertId} />
      <SubmitButton variant="secondary" pendingLabel="…" className="!px-2 !py-1 text-xs">Acknowledge</SubmitButton>
    </ActionForm>
  );
}
