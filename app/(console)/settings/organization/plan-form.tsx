"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { savePlanAndFlags } from "./actions";

type Plan = { plan: string; aiAgentAddon: boolean; botTrafficSplitEnabled: boolean; aiAgentImpactReport: boolean; aiAgentImpactReportForecast: boolean };

// labels and hints in `settings.organization.plan.flags.<name>`
const FLAGS: (keyof Omit<Plan, "plan">)[] = ["aiAgentAddon", "botTrafficSplitEnabled", "aiAgentImpactReport", "aiAgentImpactReportForecast"];

/** Plan and feature flags: editable by the owner on a self-hosted install, read-only otherwise (with the reason). */
export function PlanForm({ plan, editable, managed }: { plan: Plan; editable: boolean; managed: boolean }) {
  const [state, action] = useActionState<ActionState, FormData>(savePlanAndFlags, {});
  useActionToast(state);
  const t = useTranslations("settings.organization.plan");
  return (
    <form action={action} className="space-y-4 rounded-lg border border-gray-200 bg-white p-5">
      <div>
        <h2 className="font-semibold">{t("title")}</h2>
        {managed ? (
          <p role="note" className="mt-1 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">{t("managed")}</p>
        ) : !editable ? (
          <p role="note" className="mt-1 text-sm text-gray-500">{t("ownerOnly")}</p>
        ) : null}
      </div>
      <div className="max-w-xs">
        <label htmlFor="plan" className="block text-sm font-medium text-gray-700">{t("plan")}</label>
        <select id="plan" name="plan" defaultValue={plan.plan} disabled={!editable} className={`${inputClass} capitalize`}>
          <option value="starter">{t("plans.starter")}</option>
          <option value="professional">{t("plans.professional")}</option>
          <option value="enterprise">{t("plans.enterprise")}</option>
        </select>
      </div>
      <ul className="space-y-3">
        {FLAGS.map((f) => (
          <li key={f} className="flex items-start gap-3">
            <input id={f} name={f} type="checkbox" defaultChecked={plan[f]} disabled={!editable} className="mt-1 h-4 w-4 rounded border-gray-300" />
            <label htmlFor={f} className="text-sm">
              <span className="font-medium text-gray-900">{t(`flags.${f}.label`)}</span>
              <span className="block text-xs text-gray-500">{t(`flags.${f}.hint`)}</span>
            </label>
          </li>
        ))}
      </ul>
      <FormError message={state.error} />
      {editable ? <SubmitButton pendingLabel={t("saving")}>{t("save")}</SubmitButton> : null}
    </form>
  );
}
