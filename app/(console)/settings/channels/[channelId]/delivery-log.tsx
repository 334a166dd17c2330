"use client";

import {
  createColumnHelper, flexRender, getCoreRowModel, getFilteredRowModel, getPaginationRowModel, useReactTable,
} from "@tanstack/react-table";
import { TablePager } from "@/components/table-pager";
import { useState } from "react";
import { useTranslations } from "next-intl";

export type DeliveryLogRow = {
  id: number; receivedAt: string; endpoint: string; event: string; deliveryId: string | null; statusCode: number; latencyMs: number; error: string | null;
};

/** A column's header in the reader's language. */
function Header({ k }: { k: "time" | "event" | "status" | "latency" | "error" | "deliveryId" }) {
  return useTranslations("settings.channels.deliveryLog.columns")(k);
}

function Latency({ ms }: { ms: number }) {
  return useTranslations("settings.channels.deliveryLog")("latencyMs", { ms: String(ms) });
}

const col = createColumnHelper<DeliveryLogRow>();
const columns = [
  col.accessor("receivedAt", { header: () => <Header k="time" />, cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span> }),
  col.accessor("event", { header: () => <Header k="event" /> }),
  col.accessor("statusCode", {
    header: () => <Header k="status" />,
    cell: (c) => <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${c.getValue() < 300 ? "bg-green-50 text-green-700" : "bg-red-50 text-red-700"}`}>{c.getValue()}</span>,
  }),
  col.accessor("latencyMs", { header: () => <Header k="latency" />, cell: (c) => <span className="tabular-nums"><Latency ms={c.getValue()} /></span> }),
  col.accessor("error", { header: () => <Header k="error" />, cell: (c) => c.getValue() ?? <span className="text-gray-500">—</span> }),
  col.accessor("deliveryId", { header: () => <Header k="deliveryId" />, cell: (c) => <code className="text-xs text-gray-500">{c.getValue() ?? "—"}</code> }),
];

/** The channel's last 500 webhook deliveries, newest first; filter to failures; 25 a page; CSV export. */
export function DeliveryLog({ channelId, rows }: { channelId: string; rows: DeliveryLogRow[] }) {
  const [failuresOnly, setFailuresOnly] = useState(false);
  const t = useTranslations("settings.channels.deliveryLog");
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: failuresOnly ? rows.filter((r) => r.statusCode >= 300) : rows,
    columns,
    getCoreRowModel: getCoreRowModel(), getFilteredRowModel: getFilteredRowModel(), getPaginationRowModel: getPaginationRowModel(),
    initialState: { pagination: { pageSize: 25 } },
  });
  return (
    <section className="rounded-lg border border-gray-200 bg-white">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-gray-100 px-5 py-3">
        <div>
          <h2 className="font-semibold">{t("title")}</h2>
          <p className="text-xs text-gray-500">{t("intro", { count: 500 })}</p>
        </div>
        <div className="flex items-center gap-3 text-sm">
          <label className="flex items-center gap-2"><input type="checkbox" checked={failuresOnly} onChange={(e) => setFailuresOnly(e.target.checked)} /> {t("failuresOnly")}</label>
          <a href={`/api/channels/${channelId}/deliveries/export`} className="rounded-md border border-gray-300 px-3 py-1.5 font-medium text-gray-700 hover:bg-gray-50">{t("exportCsv")}</a>
        </div>
      </div>
      {table.getRowModel().rows.length === 0 ? (
        <p className="p-6 text-sm text-gray-600">{rows.length === 0 ? t("empty") : t("noFailures")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="min-w-full text-sm" aria-label={t("title")}>
            <thead className="bg-gray-50 text-left text-gray-600">
              {table.getHeaderGroups().map((g) => (
                <tr key={g.id}>{g.headers.map((h) => <th key={h.id} scope="col" className="px-4 py-2 font-medium">{flexRender(h.column.columnDef.header, h.getContext())}</th>)}</tr>
              ))}
            </thead>
            <tbody>
              {table.getRowModel().rows.map((r) => (
                <tr key={r.id} className="border-t border-gray-100">{r.getVisibleCells().map((c) => <td key={c.id} className="px-4 py-2">{flexRender(c.column.columnDef.cell, c.getContext())}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <TablePager table={table} />
    </section>
  );
}
