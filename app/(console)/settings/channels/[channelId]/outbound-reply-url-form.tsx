"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { Field, FormError, inputClass } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { outboundReplyUrlAction } from "../actions";

const BODY = `{type: "reply.created", channel_id, conversation_id, message_id, reply_to_message_id, text, action, confidence, sources}`;

/** The channel's outbound reply URL: a form for owners/admins (the server checks again), read-only otherwise. */
export function OutboundReplyUrlForm({ channelId, url, canEdit }: { channelId: string; url: string | null; canEdit: boolean }) {
  const [state, save] = useActionState<ActionState, FormData>(outboundReplyUrlAction, {});
  useActionToast(state);
  const t = useTranslations("settings.channels.replyUrl");
  return (
    <section className="space-y-3 rounded-lg border border-gray-200 bg-white p-5" aria-labelledby="outbound-reply-url-heading">
      <div>
        <h2 id="outbound-reply-url-heading" className="font-semibold">{t("title")}</h2>
        <p className="text-xs text-gray-500">
          {t.rich("intro", { body: BODY, code: (chunks) => <code>{chunks}</code> })}
        </p>
      </div>
      {canEdit ? (
        <>
          <ActionForm action={save} className="flex flex-wrap items-start gap-3" noValidate>
            <input type="hidden" name="channelId" value={channelId} />
            <div className="w-full max-w-xl">
              <Field id="outbound-reply-url" label={t("url")} error={state.fieldErrors?.url}
                hint={t("hint")}>
                <input id="outbound-reply-url" name="url" type="url" inputMode="url" defaultValue={url ?? ""} maxLength={2000}
                  placeholder={t("placeholder")} autoComplete="off" className={inputClass}
                  aria-invalid={state.fieldErrors?.url ? true : undefined}
                  aria-describedby={state.fieldErrors?.url ? "outbound-reply-url-error" : undefined} />
              </Field>
            </div>
            <div className="pt-6"><SubmitButton variant="secondary" pendingLabel={t("saving")}>{t("save")}</SubmitButton></div>
          </ActionForm>
          <FormError message={state.fieldErrors?.url ? undefined : state.error} />
        </>
      ) : (
        <p className="text-sm">
          {url ? <code className="text-xs" data-testid="outbound-reply-url">{url}</code> : <span className="text-gray-500">{t("notSet")}</span>}
        </p>
      )}
    </section>
  );
}
