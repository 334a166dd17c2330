"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { FormError } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { removeDeviceAction, sendTestPushAction } from "../actions";

type Device = { id: string; label: string; host: string; createdAt: string; lastSuccessAt: string | null };

function RemoveDevice({ device }: { device: Device }) {
  const t = useTranslations("monitoring");
  const [state, action] = useActionState<ActionState, FormData>(removeDeviceAction, {});
  useActionToast(state, { errors: true });
  return (
    <ActionForm action={action} confirm={() => window.confirm(t("devices.removeConfirm", { label: device.label }))}>
      <input type="hidden" name="subscriptionId" value={device.id} />
      <SubmitButton variant="danger" pendingLabel={t("devices.removePending")} className="!px-2 !py-1 text-xs">{t("devices.remove")}</SubmitButton>
    </ActionForm>
  );
}

/** The member's registered devices, each removable, and "Send test notification" to all of them. */
export function DeviceList({ devices }: { devices: Device[] }) {
  const t = useTranslations("monitoring");
  const [state, action] = useActionState<ActionState>(sendTestPushAction, {});
  useActionToast(state);
  return (
    <section className="rounded-lg border border-gray-200 bg-white" aria-labelledby="devices-heading">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-gray-100 px-5 py-3">
        <h2 id="devices-heading" className="font-semibold">{t("devices.listTitle")}</h2>
        <ActionForm action={() => action()}>
          <SubmitButton variant="secondary" pendingLabel={t("devices.sendTestPending")}>{t("devices.sendTest")}</SubmitButton>
        </ActionForm>
      </div>
      <div className="px-5 pt-3"><FormError message={state.error} /></div>
      {devices.length === 0 ? <p className="px-5 py-4 text-sm text-gray-600">{t("devices.empty")}</p> : (
        <ul className="divide-y divide-gray-100" aria-label={t("devices.listLabel")}>
          {devices.map((d) => (
            <li key={d.id} className="flex items-center justify-between gap-3 px-5 py-3 text-sm">
              <div>
                <p className="font-medium">{d.label}</p>
                <p className="text-xs text-gray-500">{t("devices.details", { host: d.host, added: d.createdAt })}{d.lastSuccessAt ? ` · ${t("devices.lastDelivered", { when: d.lastSuccessAt })}` : ""}</p>
              </div>
              <RemoveDevice device={d} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
