"use client";

import { useActionState } from "react";
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
  return (
    <section className="space-y-3 rounded-lg border border-gray-200 bg-white p-5" aria-labelledby="outbound-reply-url-heading">
      <div>
        <h2 id="outbound-reply-url-heading" className="font-semibold">Outbound reply URL</h2>
        <p className="text-xs text-gray-500">
          Where Tandem sends a reply that took longer than the webhook&apos;s answer (e.g. when a model writes it) and the replies
          your team types on a conversation&apos;s page. Signed with this
          channel&apos;s webhook secret (Standard Webhooks); the body is <code>{BODY}</code>.
        </p>
      </div>
      {canEdit ? (
        <>
          <ActionForm action={save} className="flex flex-wrap items-start gap-3" noValidate>
            <input type="hidden" name="channelId" value={channelId} />
            <div className="w-full max-w-xl">
              <Field id="outbound-reply-url" label="URL" error={state.fieldErrors?.url}
                hint="Leave empty to return replies only in the webhook's answer.">
                <input id="outbound-reply-url" name="url" type="url" inputMode="url" defaultValue={url ?? ""} maxLength={2000}
                  placeholder="https://example.com/tandem/replies" autoComplete="off" className={inputClass}
                  aria-invalid={state.fieldErrors?.url ? true : undefined}
                  aria-describedby={state.fieldErrors?.url ? "outbound-reply-url-error" : undefined} />
              </Field>
            </div>
            <div className="pt-6"><SubmitButton variant="secondary" pendingLabel="Saving…">Save</SubmitButton></div>
          </ActionForm>
          <FormError message={state.fieldErrors?.url ? undefined : state.error} />
        </>
      ) : (
        <p className="text-sm">
          {url ? <code className="text-xs" data-testid="outbound-reply-url">{url}</code> : <span className="text-gray-500">Not set: replies are returned only in the webhook&apos;s answer.</span>}
        </p>
      )}
    </section>
  );
}
