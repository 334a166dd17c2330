import type { ReactNode } from "react";
import type { VerdictTone } from "@/lib/impact/verdicts";

/** A verdict as a tile shows it: words in the reader's language and a tone. */
export type TileVerdict = { label: string; tone: VerdictTone };

const TONE = {
  good: "bg-green-50 text-green-800 ring-green-200",
  watch: "bg-amber-50 text-amber-900 ring-amber-200",
  poor: "bg-red-50 text-red-800 ring-red-200",
  info: "bg-gray-100 text-gray-700 ring-gray-200",
} as const;

/** A verdict pill (001_… IMPACT-S01 AC-5): a plain word with a colour, never a bare number. */
export function VerdictPill({ verdict }: { verdict: TileVerdict }) {
  return <span data-testid="verdict" className={`inline-block max-w-full rounded-xl px-2 py-0.5 text-xs font-medium leading-snug ring-1 ring-inset ${TONE[verdict.tone]}`}>{verdict.label}</span>;
}

/** One report tile: plain label, the figure, its verdict and a short explanation. */
export function Tile({ label, value, verdict, children, hero = false, testId }: { label: string; value: ReactNode; verdict?: TileVerdict | null; children?: ReactNode; hero?: boolean; testId?: string }) {
  return (
    <div data-testid={testId} className={`rounded-lg p-4 ${hero ? "border-2 border-blue-600 bg-blue-50" : "border border-gray-200 bg-white"}`}>
      <p className={`text-sm ${hero ? "font-medium text-blue-900" : "text-gray-600"}`}>{label}</p>
      <p className={`mt-1 text-3xl font-semibold tabular-nums ${hero ? "text-blue-900" : "text-gray-900"}`}>{value}</p>
      {verdict ? <p className="mt-1"><VerdictPill verdict={verdict} /></p> : null}
      {children ? <div className="mt-2 text-xs text-gray-600">{children}</div> : null}
    </div>
  );
}

/** A tile that has nothing to show yet (per-tile degradation: the rest of the report still renders). */
export function Unavailable({ children }: { children: ReactNode }) {
  return <span className="text-base font-normal text-gray-600">{children}</span>;
}
