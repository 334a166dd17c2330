import { useTranslations } from "next-intl";
import type { ImpactReport } from "@/lib/impact/impact-report";

const SEGMENTS = [
  { key: "aiAlone", color: "bg-blue-600", dot: "text-blue-600" },
  { key: "aiAssisted", color: "bg-sky-300", dot: "text-sky-400" },
  { key: "escalated", color: "bg-gray-400", dot: "text-gray-500" },
] as const;

/**
 * The blended journey (001_… IMPACT-S02): every conversation of the headline's base in exactly one segment, summing to
 * 100 %. The seed's three segments, then — visibly apart, hatched — the conversations with no confirmed outcome
 * (issue 15): the customer came back within 48 h, still open with the AI, went silent, or closed by hand without a human.
 */
export function JourneyBar({ journey, locale }: { journey: ImpactReport["journey"]; locale: string }) {
  const t = useTranslations("reports.impact.journey");
  if (!journey) {
    return <p className="rounded-md bg-gray-50 px-3 py-4 text-sm text-gray-600">{t("notEnough")}</p>;
  }
  const n = (v: number) => v.toLocaleString(locale);
  const noOutcomePct = journey.percent[3];
  const parts = ([
    { n: journey.breakdown.cameBack, key: "cameBack" },
    { n: journey.breakdown.openWithAi, key: "openWithAi" },
    { n: journey.breakdown.silence, key: "silence" },
    { n: journey.breakdown.other, key: "other" },
  ] as const).filter((p) => p.n > 0);
  return (
    <div>
      <div className="flex h-6 w-full gap-1" role="img"
        aria-label={[...SEGMENTS.map((s, i) => `${t(s.key)} ${journey.percent[i]}%`), `${t("noOutcome")} ${noOutcomePct}%`].join(", ")}>
        <div className="flex h-full overflow-hidden rounded-full bg-gray-100" style={{ width: `${100 - noOutcomePct}%` }}>
          {SEGMENTS.map((s, i) => (journey.percent[i]! > 0 ? <div key={s.key} className={s.color} style={{ width: `${(journey.percent[i]! / Math.max(1, 100 - noOutcomePct)) * 100}%` }} /> : null))}
        </div>
        {noOutcomePct > 0 ? (
          <div className="h-full rounded-full border border-dashed border-gray-400 bg-[repeating-linear-gradient(45deg,#f3f4f6,#f3f4f6_4px,#e5e7eb_4px,#e5e7eb_8px)]" style={{ width: `${noOutcomePct}%` }} />
        ) : null}
      </div>
      <ul className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-sm" data-testid="journey">
        {SEGMENTS.map((s, i) => (
          <li key={s.key} data-segment={s.key}>
            <span aria-hidden className={s.dot}>●</span> {t(s.key)}: <span className="font-semibold tabular-nums">{journey.percent[i]}%</span>{" "}
            <span className="text-gray-500">({n(journey[s.key])})</span>
          </li>
        ))}
        <li data-segment="noOutcome" className="text-gray-600">
          <span aria-hidden className="text-gray-500">◌</span> {t("noOutcome")}: <span className="font-semibold tabular-nums">{noOutcomePct}%</span>{" "}
          <span className="text-gray-500">({n(journey.noOutcome)})</span>
        </li>
      </ul>
      {parts.length ? (
        <p className="mt-1 text-sm text-gray-600" data-testid="no-outcome-breakdown">
          {t("notCounted", { parts: parts.map((p) => t(p.key, { count: n(p.n) })).join(", ") })}
        </p>
      ) : null}
      <p className="mt-2 text-xs text-gray-500">
        {t("base", { total: n(journey.total) })}
      </p>
    </div>
  );
}
