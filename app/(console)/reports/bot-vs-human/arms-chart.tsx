"use client";

import { BarChart } from "@tremor/react";

/** Daily conversations per arm (Tremor, drawn in the browser). */
export function ArmsChart({ data }: { data: { date: string; Bot: number; Human: number }[] }) {
  return (
    <BarChart data={data} index="date" categories={["Bot", "Human"]} colors={["blue", "emerald"]} stack
      yAxisWidth={40} showAnimation={false} className="h-64" aria-label="Conversations per day by arm" />
  );
}
