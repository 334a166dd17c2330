import type { ImpactReport } from "@/lib/impact/impact-report";

const SEGMENTS = [
  { key: "aiAlone", label: "AI resolved alone", color: "bg-blue-600", dot: "text-blue-600" },
  { key: "aiAssisted", label: "AI assisted, human closed", color: "bg-sky-300", dot: "text-sky-400" },
  { key: "escalated", label: "Escalated to human", color: "bg-gray-400", dot: "text-gray-400" },
] as const;

/** The blended journey (001_… IMPACT-S02): three plain-language segments at room grain that sum to 100 %. */
export function JourneyBar({ journey, locale }: { journey: ImpactReport["journey"]; locale: string }) {
  if (!journey) {
    return <p className="rounded-md bg-gray-50 px-3 py-4 text-sm text-gray-600">Not enough data yet to show how the work was split.</p>;
  }
  return (
    <div>
      <div className="flex h-6 w-full overflow-hidden rounded-full bg-gray-100" role="img"
        aria-label={SEGMENTS.map((s, i) => `${s.label} ${journey.percent[i]}%`).join(", ")}>
        {SEGMENTS.map((s, i) => (journey.percent[i]! > 0 ? <div key={s.key} className={s.color} style={{ width: `${journey.percent[i]}%` }} /> : null))}
      </div>
      <ul className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-sm" data-testid="journey">
        {SEGMENTS.map((s, i) => (
          <li key={s.key}>
            <span aria-hidden className={s.dot}>●</span> {s.label}: <span className="font-semibold tabular-nums">{journey.percent[i]}%</span>{" "}
            <span className="text-gray-500">({journey[s.key].toLocaleString(locale)})</span>
          </li>
        ))}
      </ul>
      <p className="mt-2 text-xs text-gray-500">
        Of the {journey.total.toLocaleString(locale)} conversations that ended one of these three ways; conversations still open or closed by hand
        without the AI are not in the bar.
      </p>
    </div>
  );
}
