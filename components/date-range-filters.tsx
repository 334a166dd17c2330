"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import type { DateRangeParams } from "@/lib/time/date-range-params";

/** A preset number of days (e.g. "30") and its label; "Custom range" is always offered last. */
export type RangePreset = { value: string; label: string };

/**
 * Channel and date-range selectors of a report; the state lives in the URL so a view can be shared.
 * @param props.channels `split` (the channel's bot %) is shown after the name when not null
 * @param props.max the latest selectable day of a custom range (`YYYY-MM-DD`)
 */
export function DateRangeFilters({ channels, params, from, to, presets, max }: { channels: { id: string; name: string; split?: number | null }[]; params: DateRangeParams; from: string; to: string; presets: RangePreset[]; max?: string }) {
  const t = useTranslations("common.dateRange");
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [custom, setCustom] = useState({ from, to });
  const go = (next: Partial<Record<"channel" | "range" | "from" | "to", string | undefined>>) => {
    const merged = { channel: params.channel, range: params.range, ...(params.range === "custom" ? { from, to } : {}), ...next };
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(merged)) if (v) q.set(k, v);
    startTransition(() => router.push(`${pathname}?${q}`));
  };
  return (
    <div className="flex flex-wrap items-end gap-3" aria-busy={pending}>
      {channels.length > 0 ? (
        <label className="text-sm">
          <span className="block text-gray-600">{t("channel")}</span>
          <select aria-label={t("channel")} value={params.channel ?? ""} onChange={(e) => go({ channel: e.target.value || undefined })}
            className="mt-1 rounded-md border border-gray-300 px-3 py-2 text-sm">
            <option value="">{t("allChannels")}</option>
            {channels.map((c) => <option key={c.id} value={c.id}>{c.split != null ? t("channelSplit", { name: c.name, percent: c.split }) : c.name}</option>)}
          </select>
        </label>
      ) : null}
      <label className="text-sm">
        <span className="block text-gray-600">{t("range")}</span>
        <select aria-label={t("range")} value={params.range} onChange={(e) => (e.target.value === "custom" ? go({ range: "custom", ...custom }) : go({ range: e.target.value, from: undefined, to: undefined }))}
          className="mt-1 rounded-md border border-gray-300 px-3 py-2 text-sm">
          {[...presets, { value: "custom", label: t("custom") }].map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
        </select>
      </label>
      {params.range === "custom" ? (
        <form className="flex items-end gap-2" onSubmit={(e) => { e.preventDefault(); go({ range: "custom", ...custom }); }}>
          <label className="text-sm"><span className="block text-gray-600">{t("from")}</span>
            <input type="date" value={custom.from} max={max} onChange={(e) => setCustom({ ...custom, from: e.target.value })} className="mt-1 rounded-md border border-gray-300 px-2 py-1.5 text-sm" /></label>
          <label className="text-sm"><span className="block text-gray-600">{t("to")}</span>
            <input type="date" value={custom.to} max={max} onChange={(e) => setCustom({ ...custom, to: e.target.value })} className="mt-1 rounded-md border border-gray-300 px-2 py-1.5 text-sm" /></label>
          <button type="submit" className="rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-700">{t("apply")}</button>
        </form>
      ) : null}
      {pending ? <span className="pb-2 text-xs text-gray-500">{t("loading")}</span> : null}
    </div>
  );
}
