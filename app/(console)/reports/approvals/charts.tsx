"use client";

import { BarChart, LineChart } from "@tremor/react";

/** Mean edit distance per week (Tremor). */
export function EditDistanceChart({ data }: { data: { week: string; "Characters changed": number }[] }) {
  return <LineChart data={data} index="week" categories={["Characters changed"]} colors={["blue"]} yAxisWidth={40} showAnimation={false} className="h-56" aria-label="Mean edit distance per week" />;
}

/** Acceptance rate per confidence band (Tremor). */
export function CalibrationChart({ data }: { data: { band: string; "Accepted %": number }[] }) {
  return <BarChart data={data} index="band" categories={["Accepted %"]} colors={["emerald"]} yAxisWidth={40} maxValue={100} showAnimation={false} className="h-56" aria-label="Acceptance by confidence" />;
}
