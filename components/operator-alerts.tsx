import { getTranslations } from "next-intl/server";
import type { listOperatorAlerts } from "@/lib/routing/experiment-health";
import { formatInZone } from "@/lib/time/format";

type OperatorAlert = Awaited<ReturnType<typeof listOperatorAlerts>>[number];

/**
 * A traffic split's health alerts (000_… §7: decision fallbacks, human-arm queue wait), written from each alert's kind
 * and measured value in the reader's language, with when it was raised in the org's time zone.
 */
export async function OperatorAlerts({ alerts, timezone, locale, label }: { alerts: OperatorAlert[]; timezone: string; locale: string; label?: string }) {
  if (alerts.length === 0) return null;
  const t = await getTranslations("common.operatorAlerts");
  const text = (a: OperatorAlert) =>
    a.kind === "decision_fallback_rate"
      ? t("decision_fallback_rate", { channel: a.channelName, rate: a.value })
      : t("queue_wait_p90", { channel: a.channelName, minutes: Math.round(a.value), target: Math.round(a.threshold) });
  return (
    <section aria-label={label} className="space-y-2">
      {alerts.map((a) => (
        <p key={a.id} role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {text(a)} <span className="text-xs text-amber-700">({formatInZone(a.createdAt, timezone, locale)})</span>
        </p>
      ))}
    </section>
  );
}
