"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { FormError } from "@/components/form/field";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { revokeInvite } from "./actions";

/** Open invitations with a revoke button each. */
export function PendingInvitations({ invites }: { invites: { id: string; email: string; role: string; expiresAt: string }[] }) {
  const [state, action] = useActionState<ActionState, FormData>(revokeInvite, {});
  useActionToast(state);
  const t = useTranslations("settings.members.pending");
  const roles = useTranslations("settings.roles");
  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5">
      <h2 className="mb-3 font-semibold">{t("title")}</h2>
      <FormError message={state.error} />
      <div className="relative overflow-x-auto">
      <table className="min-w-full text-sm">
        <thead><tr className="text-left text-gray-500"><th className="py-1 pr-4 font-medium">{t("email")}</th><th className="py-1 pr-4 font-medium">{t("role")}</th><th className="py-1 pr-4 font-medium">{t("expires")}</th><th className="py-1"><span className="sr-only">{t("actions")}</span></th></tr></thead>
        <tbody>
          {invites.map((i) => (
            <tr key={i.id} className="border-t border-gray-100">
              <td className="py-2 pr-4">{i.email}</td>
              <td className="py-2 pr-4 capitalize">{roles.has(i.role as never) ? roles(i.role as never) : i.role}</td>
              <td className="py-2 pr-4">{i.expiresAt}</td>
              <td className="py-2 text-right">
                <form action={action}>
                  <input type="hidden" name="invitationId" value={i.id} />
                  <SubmitButton variant="secondary" pendingLabel={t("revoking")} className="!py-1 text-xs">{t("revoke")}</SubmitButton>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </section>
  );
}
