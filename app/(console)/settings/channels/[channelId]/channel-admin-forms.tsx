"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { formatInZone } from "@/lib/time/format";
import { archiveChannelAction, renameChannelAction, rotateSecretAction, type RevealedSecret } from "../actions";
import { SecretReveal } from "../secret-reveal";

/** Rename, rotate secret, archive/restore — owner/admin only (the server checks again). */
export function ChannelAdminForms({ channel, timezone, locale }: { channel: { id: string; name: string; archived: boolean }; timezone: string; locale: string }) {
  const [renameState, rename] = useActionState<ActionState, FormData>(renameChannelAction, {});
  const [rotateState, rotate] = useActionState<ActionState<RevealedSecret>, FormData>(rotateSecretAction, {});
  const [archiveState, archive] = useActionState<ActionState, FormData>(archiveChannelAction, {});
  useActionToast(renameState);
  useActionToast(rotateState);
  useActionToast(archiveState, { errors: true });
  const t = useTranslations("settings.channels.manage");
  return (
    <section className="space-y-5 rounded-lg border border-gray-200 bg-white p-5">
      <h2 className="font-semibold">{t("title")}</h2>
      <ActionForm action={rename} className="flex flex-wrap items-start gap-3" noValidate>
        <input type="hidden" name="channelId" value={channel.id} />
        <div className="w-72">
          <Field id="rename" label={t("name")} error={renameState.fieldErrors?.name}>
            <input id="rename" name="name" defaultValue={channel.name} maxLength={80} className={inputClass} />
          </Field>
        </div>
        <div className="pt-6"><SubmitButton variant="secondary" pendingLabel={t("saving")}>{t("rename")}</SubmitButton></div>
      </ActionForm>
      <FormError message={renameState.error} />

      <div className="space-y-2">
        <form action={rotate}
          onSubmit={(e) => { if (!confirm(t("confirmRotate"))) e.preventDefault(); }}>
          <input type="hidden" name="channelId" value={channel.id} />
          <SubmitButton variant="secondary" pendingLabel={t("rotating")}>{t("rotate")}</SubmitButton>
          <span className="ml-3 text-xs text-gray-500">{t("rotateHint")}</span>
        </form>
        <FormError message={rotateState.error} />
        {rotateState.ok && rotateState.data ? (
          <SecretReveal secret={rotateState.data.secret} curl={rotateState.data.curl}
            note={rotateState.data.previousValidUntil ? t("previousAcceptedUntil", { when: formatInZone(rotateState.data.previousValidUntil, timezone, locale) }) : undefined} />
        ) : null}
      </div>

      <form action={archive}
        onSubmit={(e) => { if (!channel.archived && !confirm(t("confirmArchive", { name: channel.name }))) e.preventDefault(); }}>
        <input type="hidden" name="channelId" value={channel.id} />
        <input type="hidden" name="archived" value={channel.archived ? "false" : "true"} />
        <SubmitButton variant={channel.archived ? "secondary" : "danger"} pendingLabel={t("saving")}>{channel.archived ? t("restore") : t("archive")}</SubmitButton>
      </form>
    </section>
  );
}
