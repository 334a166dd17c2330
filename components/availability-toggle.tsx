"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { useActionToast } from "@/components/form/use-action-toast";

/** An agent's online/offline switch in the header (000_… BTS-S03: only online agents receive human-arm chats). */
export function AvailabilityToggle({
  availability, action,
}: { availability: "online" | "offline"; action: (prev: ActionState, formData: FormData) => Promise<ActionState> }) {
  const t = useTranslations("common.availability");
  const [state, submit, pending] = useActionState<ActionState, FormData>(action, {});
  useActionToast(state, { errors: true });
  const online = availability === "online";
  return (
    <form action={submit}>
      <input type="hidden" name="availability" value={online ? "offline" : "online"} />
      <button type="submit" role="switch" aria-checked={online} disabled={pending} aria-label={t("label")}
        className={`inline-flex items-center gap-2 rounded-full border px-3 py-1.5 text-xs font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 disabled:opacity-60 ${online ? "border-green-300 bg-green-50 text-green-800" : "border-gray-300 bg-white text-gray-600"}`}>
        <span aria-hidden className={`h-2 w-2 rounded-full ${online ? "bg-green-500" : "bg-gray-400"}`} />
        {pending ? t("pending") : online ? t("online") : t("offline")}
      </button>
    </form>
  );
}
