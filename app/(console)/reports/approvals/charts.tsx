"use client";

import { BarChart, LineChart } from "@tremor/react";
import { useTranslations } from "next-intl";

/** Mean edit distance per week (Tremor; the series is named in the reader's language). */
export function EditDistanceChart({ data }: { data: { week: string; changed: number }[] }) {
  const t = useTranslations("reports.approvals.edits");
  const series = t("series");
  return <LineChart data={data.map((d) => ({ week: d.week, [series]: d.changed }))} index="week" categories={[series]} colors={["blue"]} yAxisWidth={40} showAnimation={false} showLegend={false} className="h-56" role="img" aria-label={t("chartLabel")} />;
}

/** Acceptance rate per confidence band (Tremor; the series is named in the reader's language). */
export function CalibrationChart({ data }: { data: { band: string; accepted: number }[] }) {
  const t = useTranslations("reports.approvals.calibration");
  const series = t("series");
  return <BarChart data={data.map((d) => ({ band: d.band, [series]: d.accepted }))} index="band" categories={[series]} colors={["emerald"]} yAxisWidth={40} maxValue={100} showAnimation={false} showLegend={false} className="h-56" role="img" aria-label={t("chartLabel")} />;
}
