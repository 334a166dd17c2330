"use client";

import { BarChart, LineChart } from "@tremor/react";
import { useTranslations } from "next-intl";
import { ChartLegend } from "@/components/chart-legend";

/** Daily conversations per arm (Tremor, drawn in the browser; series named in the reader's language). */
export function ArmsChart({ data }: { data: { date: string; bot: number; human: number }[] }) {
  const t = useTranslations("reports.botVsHuman.perDay");
  const [bot, human] = [t("bot"), t("human")];
  return (
    <div>
      <ChartLegend items={[{ name: bot, color: "blue" }, { name: human, color: "emerald" }]} />
      <BarChart data={data.map((d) => ({ date: d.date, [bot]: d.bot, [human]: d.human }))} index="date" categories={[bot, human]} colors={["blue", "emerald"]} stack
        yAxisWidth={40} showAnimation={false} showLegend={false} className="h-64" role="img" aria-label={t("chartLabel")} />
    </div>
  );
}

const percent = (v: number) => `${Math.round(v)}%`;

/**
 * Each day's observed bot share against the bot_percent in force that day (null on days without conversations:
 * the lines break there).
 */
export function FidelityChart({ data }: { data: { date: string; expected: number | null; observed: number | null }[] }) {
  const t = useTranslations("reports.botVsHuman.fidelity");
  const [expected, observed] = [t("expected"), t("observed")];
  return (
    <div>
      <ChartLegend items={[{ name: expected, color: "gray" }, { name: observed, color: "blue" }]} />
      <LineChart data={data.map((d) => ({ date: d.date, [expected]: d.expected, [observed]: d.observed }))} index="date" categories={[expected, observed]} colors={["gray", "blue"]}
        valueFormatter={percent} minValue={0} maxValue={100} yAxisWidth={44} showAnimation={false} showLegend={false} className="h-56"
        role="img" aria-label={t("chartLabel")} />
    </div>
  );
}
