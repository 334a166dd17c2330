"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { savePlanAndFlags } from "./actions";

type Plan = { plan: string; aiAgentAddon: boolean; botTrafficSplitEnabled: boolean; aiAgentImpactReport: boolean; aiAgentImpactReportForecast: boolean };

const FLAGS: { name: keyof Omit<Plan, "plan">; label: string; hint: string }[] = [
  { name: "aiAgentAddon", label: "AI agent add-on", hint: "The autonomous AI agent answers conversations." },
  { name: "botTrafficSplitEnabled", label: "Bot-vs-human traffic split", hint: "bot_traffic_split_enabled — split new conversations between bot and agents." },
  { name: "aiAgentImpactReport", label: "AI agent impact report", hint: "ai_agent_impact_report — what the AI agent achieved." },
  { name: "aiAgentImpactReportForecast", label: "Impact forecast", hint: "ai_agent_impact_report_forecast — next-period forecast on the report." },
];

/** Plan and feature flags: editable by the owner on a self-hosted install, read-only otherwise (with the reason). */
export function PlanForm({ plan, editable, managed }: { plan: Plan; editable: boolean; managed: boolean }) {
  const [state, action] = useActionState<ActionState, FormData>(savePlanAndFlags, {});
  useActionToast(state);
  return (
    <form action={action} className="space-y-4 rounded-lg border border-gray-200 bg-white p-5">
      <div>
        <h2 className="font-semibold">Plan and features</h2>
        {managed ? (
          <p role="note" className="mt-1 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">Managed by your provider. Contact them to change your plan or features.</p>
        ) : !editable ? (
          <p role="note" className="mt-1 text-sm text-gray-500">Only the owner can change the plan and features.</p>
        ) : null}
      </div>
      <div className="max-w-xs">
        <label htmlFor="plan" className="block text-sm font-medium text-gray-700">Plan</label>
        <select id="plan" name="plan" defaultValue={plan.plan} disabled={!editable} className={`${inputClass} capitalize`}>
          <option value="starter">Starter</option>
          <option value="professional">Professional</option>
          <option value="enterprise">Enterprise</option>
        </select>
      </div>
      <ul className="space-y-3">
        {FLAGS.map((f) => (
          <li key={f.name} className="flex items-start gap-3">
            <input id={f.name} name={f.name} type="checkbox" defaultChecked={plan[f.name]} disabled={!editable} className="mt-1 h-4 w-4 rounded border-gray-300" />
            <label htmlFor={f.name} className="text-sm">
              <span className="font-medium text-gray-900">{f.label}</span>
              <span className="block text-xs text-gray-500">{f.hint}</span>
            </label>
          </li>
        ))}
      </ul>
      <FormError message={state.error} />
      {editable ? <SubmitButton pendingLabel="Saving…">Save plan and features</SubmitButton> : null}
    </form>
  );
}
