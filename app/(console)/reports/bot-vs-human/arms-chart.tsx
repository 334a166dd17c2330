"use client";

import { BarChart, LineChart } from "@tremor/react";
import { useTranslations } from "next-intl";

/** Daily conversations per arm (Tremor, drawn in the browser; series named in the reader's language). */
export function ArmsChart({ data }: { data: { date: string; bot: number; human: number }[] }) {
  const t = useTranslations("reports.botVsHuman.perDay");
  const [bot, human] = [t("bot"), t("human")];
  return (
    <BarChart data={data.map((d) => ({ date: d.date, [bot]: d.bot, [human]: d.human }))} index="date" categories={[bot, human]} colors={["blue", "emerald"]} stack
      yAxisWidth={40} showAnimation={false} className="h-64" aria-label={t("chartLabel")} />
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
    <LineChart data={data.map((d) => ({ date: d.date, [expected]: d.expected, [observed]: d.observed }))} index="date" categories={[expected, observed]} colors={["gray", "blue"]}
      valueFormatter={percent} minValue={0} maxValue={100} yAxisWidth={44} showAnimation={false} className="h-56"
      aria-label={t("chartLabel")} />
  );
}
