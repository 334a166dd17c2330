"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { recordAlertOpenedAction } from "@/app/(console)/monitoring/actions";

/**
 * On a conversation opened from an alert (`?alert=`): records the open with a POST once the page has loaded (a GET
 * never changes state), then says so.
 */
export function AlertOpened({ alertId }: { alertId: string }) {
  const [state, setState] = useState<"saving" | "done" | "failed">("saving");
  const t = useTranslations("conversations.alertOpened");
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    recordAlertOpenedAction(alertId).then(
      (result) => setState(result.error ? "failed" : "done"),
      () => setState("failed"),
    );
  }, [alertId]);
  if (state === "saving") return null;
  return (
    <p role="status" className={`rounded-md px-3 py-2 text-sm ${state === "done" ? "bg-blue-50 text-blue-800" : "bg-amber-50 text-amber-800"}`}>
      {state === "done" ? t("done") : t("failed")}
    </p>
  );
}
