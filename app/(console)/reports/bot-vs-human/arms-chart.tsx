"use client";

import { BarChart, LineChart } from "@tremor/react";

/** Daily conversations per arm (Tremor, drawn in the browser). */
export function ArmsChart({ data }: { data: { date: string; Bot: number; Human: number }[] }) {
  return (
    <BarChart data={data} index="date" categories={["Bot", "Human"]} colors={["blue", "emerald"]} stack
      yAxisWidth={40} showAnimation={false} className="h-64" aria-label="Conversations per day by arm" />
  );
}

const percent = (v: number) => `${Math.round(v)}%`;

/**
 * Each day's observed bot share against the bot_percent in force that day (null on days without conversations:
 * the lines break there).
 */
export function FidelityChart({ data }: { data: { date: string; "Expected (in force)": number | null; Observed: number | null }[] }) {
  return (
    <LineChart data={data} index="date" categories={["Expected (in force)", "Observed"]} colors={["gray", "blue"]}
      valueFormatter={percent} minValue={0} maxValue={100} yAxisWidth={44} showAnimation={false} className="h-56"
      aria-label="Bot share per day: expected vs observed" />
  );
}
