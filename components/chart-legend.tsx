/** Tailwind classes of the Tremor colours our charts use (Tremor draws its series in the 500 shade). */
const DOT: Record<string, string> = { blue: "bg-blue-500", emerald: "bg-emerald-500", gray: "bg-gray-500", amber: "bg-amber-500", violet: "bg-violet-500" };

/**
 * A chart's legend as a plain list: Tremor's own puts non-item elements inside its `<ol>`, which screen readers and
 * axe reject (issue 19 item 5). Pair it with `showLegend={false}` on the chart.
 */
export function ChartLegend({ items }: { items: { name: string; color: keyof typeof DOT | string }[] }) {
  return (
    <ul className="flex flex-wrap justify-end gap-x-4 gap-y-1 text-xs text-gray-600">
      {items.map((i) => (
        <li key={i.name} className="inline-flex items-center gap-1.5">
          <span aria-hidden className={`h-2 w-2 rounded-full ${DOT[i.color] ?? "bg-gray-500"}`} />
          {i.name}
        </li>
      ))}
    </ul>
  );
}
