"use client";

import Link from "next/link";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { CREATABLE_CHANNEL_TYPES } from "@/components/channel-type";
import { createChannelAction, type RevealedSecret } from "./actions";
import { SecretReveal } from "./secret-reveal";

/** Create a channel; on success reveals its secret once with a signed curl example. */
export function CreateChannelForm() {
  const [state, action] = useActionState<ActionState<RevealedSecret>, FormData>(createChannelAction, {});
  useActionToast(state);
  const t = useTranslations("settings.channels.create");
  const tc = useTranslations("common.channelType");
  const fe = state.fieldErrors ?? {};
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5">
      <h2 className="mb-3 font-semibold">{t("title")}</h2>
      <ActionForm action={action} className="flex flex-wrap items-start gap-3" noValidate>
        <div className="w-72">
          <Field id="channel-name" label={t("name")} error={fe.name}>
            <input id="channel-name" name="name" required maxLength={80} placeholder={t("namePlaceholder")} aria-invalid={!!fe.name} aria-describedby="channel-name-error" className={inputClass} />
          </Field>
        </div>
        <div className="w-48">
          <Field id="channel-type" label={t("type")} error={fe.type}>
            <select id="channel-type" name="type" defaultValue="whatsapp" className={inputClass}>
              {CREATABLE_CHANNEL_TYPES.map((value) => <option key={value} value={value}>{tc(value)}</option>)}
            </select>
          </Field>
        </div>
        <div className="pt-6"><SubmitButton pendingLabel={t("creating")}>{t("create")}</SubmitButton></div>
      </ActionForm>
      <div className="mt-3"><FormError message={state.error} /></div>
      {state.ok && state.data ? (
        <div className="mt-4 space-y-2">
          <SecretReveal secret={state.data.secret} curl={state.data.curl} />
          <Link href={`/settings/channels/${state.data.channelId}`} className="inline-block text-sm font-medium text-blue-700 hover:underline">
            {t("open", { name: state.data.name ?? "" })}
          </Link>
        </div>
      ) : null}
    </section>
  );
}
