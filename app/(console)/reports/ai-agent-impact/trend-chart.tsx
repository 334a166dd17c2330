"use client";

import { useTranslations } from "next-intl";
import { CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, Area, Legend } from "recharts";

export type TrendDatum = { label: string; net?: number | null; projected?: number | null; band?: [number, number] | null };

/**
 * Net containment over time (%), the onboarding baseline as a dashed reference line and, when given, the forecast as a
 * dashed line with its prediction band (001_… IMPACT-S05 AC-1/AC-2). Drawn with recharts (Tremor's chart engine),
 * which can dash one series.
 */
export function TrendChart({ data, baseline, label }: { data: TrendDatum[]; baseline: number | null; label: string }) {
  const t = useTranslations("reports.impact.chart");
  const hasForecast = data.some((d) => d.projected != null);
  return (
    <div role="img" aria-label={label} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e5e7eb" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#6b7280" }} tickLine={false} axisLine={false} minTickGap={16} />
          <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} tick={{ fontSize: 12, fill: "#6b7280" }} tickLine={false} axisLine={false} width={44} />
          <Tooltip formatter={(v: unknown, name: string) => [Array.isArray(v) ? `${v[0]}–${v[1]}%` : `${v}%`, name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {hasForecast ? <Area type="monotone" dataKey="band" name={t("likelyRange")} stroke="none" fill="#bfdbfe" fillOpacity={0.5} isAnimationActive={false} connectNulls /> : null}
          <Line type="monotone" dataKey="net" name={t("net")} stroke="#2563eb" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
          {hasForecast ? <Line type="monotone" dataKey="projected" name={t("projected")} stroke="#2563eb" strokeWidth={2} strokeDasharray="6 4" dot={false} isAnimationActive={false} connectNulls /> : null}
          {baseline !== null ? (
            <ReferenceLine y={baseline} stroke="#9ca3af" strokeDasharray="3 3" label={{ value: t("baseline", { value: baseline }), position: "insideTopLeft", fontSize: 12, fill: "#6b7280" }} />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
