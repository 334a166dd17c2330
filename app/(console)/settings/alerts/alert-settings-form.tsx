"use client";

import type { AgentSignalName } from "@/db/schema";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import type { AlertSettings } from "@/lib/alerts/alert-settings";
import { saveAlertSettingsAction } from "./actions";

/** Dedup window, storm threshold and severity per signal (owner/admin; read-only for supervisors). */
export function AlertSettingsForm({ settings, readOnly }: { settings: AlertSettings; readOnly: boolean }) {
  const [state, action] = useActionState<ActionState, FormData>(saveAlertSettingsAction, {});
  useActionToast(state);
  const t = useTranslations("settings.alerts.throttle");
  const signalName = useTranslations("monitoring.signal");
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5" aria-labelledby="throttle-heading">
      <h2 id="throttle-heading" className="font-semibold">{t("title")}</h2>
      <ActionForm action={action} className="mt-3 space-y-4">
        <fieldset disabled={readOnly} className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="dedupWindowMinutes" label={t("dedupWindow")} error={state.fieldErrors?.dedupWindowMinutes} hint={t("dedupWindowHint")}>
              <input id="dedupWindowMinutes" name="dedupWindowMinutes" type="number" defaultValue={settings.dedupWindowMinutes} className={inputClass} aria-invalid={Boolean(state.fieldErrors?.dedupWindowMinutes)} />
            </Field>
            <Field id="stormThreshold" label={t("stormThreshold")} error={state.fieldErrors?.stormThreshold} hint={t("stormThresholdHint")}>
              <input id="stormThreshold" name="stormThreshold" type="number" defaultValue={settings.stormThreshold} className={inputClass} aria-invalid={Boolean(state.fieldErrors?.stormThreshold)} />
            </Field>
            <Field id="noisyPerHour" label={t("noisyPerHour")} error={state.fieldErrors?.noisyPerHour} hint={t("noisyPerHourHint")}>
              <input id="noisyPerHour" name="noisyPerHour" type="number" defaultValue={settings.noisyPerHour} className={inputClass} aria-invalid={Boolean(state.fieldErrors?.noisyPerHour)} />
            </Field>
          </div>
          <fieldset>
            <legend className="text-sm font-medium text-gray-700">{t("severity")}</legend>
            <div className="mt-1 grid gap-3 sm:grid-cols-4">
              {Object.entries(settings.severities).map(([signal, severity]) => (
                <label key={signal} className="text-sm">
                  <span className="block text-gray-600">{signalName(signal as AgentSignalName)}</span>
                  <select name={`severity.${signal}`} defaultValue={severity} className={inputClass}>
                    <option value="high">{t("severities.high")}</option>
                    <option value="medium">{t("severities.medium")}</option>
                    <option value="low">{t("severities.low")}</option>
                  </select>
                </label>
              ))}
            </div>
          </fieldset>
        </fieldset>
        <FormError message={state.error} />
        {readOnly ? null : <SubmitButton pendingLabel={t("saving")}>{t("save")}</SubmitButton>}
      </ActionForm>
    </section>
  );
}
