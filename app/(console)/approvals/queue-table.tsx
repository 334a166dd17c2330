"use client";

import { createColumnHelper, flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { SortableHead } from "@/components/sortable-th";

export type QueueRow = {
  id: string;
  priority: string;
  slaDue: string | null;
  slaLabel: string;
  slaTone: "ok" | "soon" | "late" | "none";
  customer: string;
  confidence: number;
  ageMinutes: number;
  ageLabel: string;
  assignee: string;
  state: string;
};

const c = createColumnHelper<QueueRow>();
const TONE = { ok: "text-gray-700", soon: "text-amber-700 font-medium", late: "text-red-700 font-semibold", none: "text-gray-500" } as const;
const columnsFor = (t: ReturnType<typeof useTranslations<"approvals">>) => [
  c.accessor("priority", { header: t("queueTable.columns.priority"), cell: (i) => <span className="rounded bg-gray-100 px-1.5 py-0.5 text-xs font-semibold">{i.getValue()}</span> }),
  c.accessor("slaDue", { header: t("queueTable.columns.slaDue"), cell: (i) => <span className={TONE[i.row.original.slaTone]}>{i.row.original.slaLabel}</span> }),
  c.accessor("customer", { header: t("queueTable.columns.customer") }),
  c.accessor("confidence", { header: t("queueTable.columns.confidence"), cell: (i) => `${Math.round(i.getValue() * 100)}%` }),
  c.accessor("ageMinutes", { header: t("queueTable.columns.age"), cell: (i) => i.row.original.ageLabel }),
  c.accessor("assignee", { header: t("queueTable.columns.assignee") }),
  c.accessor("state", { header: t("queueTable.columns.state") }),
];

/**
 * The approvals queue (TanStack Table): sortable columns, ↑/↓ or j/k move between rows, Enter opens the drawer (the
 * open approval lives in the URL as `?id=`).
 */
export function QueueTable({ rows, selectedId }: { rows: QueueRow[]; selectedId?: string }) {
  const t = useTranslations("approvals");
  const columns = useMemo(() => columnsFor(t), [t]);
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const [sorting, setSorting] = useState<SortingState>([]);
  // TanStack Table returns fresh functions each render by design; the compiler skips memoising this component
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data: rows, columns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel() });
  const ordered = table.getRowModel().rows;
  const [cursor, setCursor] = useState(() => Math.max(0, ordered.findIndex((r) => r.original.id === selectedId)));
  const body = useRef<HTMLTableSectionElement>(null);
  const open = (id: string) => {
    const q = new URLSearchParams(search);
    q.set("id", id);
    router.push(`${pathname}?${q}`, { scroll: false });
  };
  const moved = useRef(false);
  useEffect(() => {
    // follow the keyboard; never grab focus when the page first shows
    if (!moved.current) {
      moved.current = true;
      return;
    }
    (body.current?.querySelectorAll("tr")[cursor] as HTMLElement | undefined)?.focus({ preventScroll: false });
  }, [cursor]);
  return (
    <div className="relative overflow-x-auto rounded-lg border border-gray-200 bg-white">
      <table className="min-w-full text-sm" aria-label={t("queueTable.label")}>
        <SortableHead table={table} />
        <tbody ref={body}>
          {ordered.map((row, i) => (
            <tr key={row.id} tabIndex={i === cursor ? 0 : -1} aria-selected={row.original.id === selectedId}
              onClick={() => { setCursor(i); open(row.original.id); }}
              onKeyDown={(e) => {
                if (e.key === "ArrowDown" || e.key === "j") { e.preventDefault(); setCursor(Math.min(ordered.length - 1, i + 1)); }
                if (e.key === "ArrowUp" || e.key === "k") { e.preventDefault(); setCursor(Math.max(0, i - 1)); }
                if (e.key === "Enter") open(row.original.id);
              }}
              className={`cursor-pointer border-t border-gray-100 focus:outline-none focus-visible:bg-blue-50 focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-blue-500 ${row.original.id === selectedId ? "bg-blue-50" : "hover:bg-gray-50"}`}>
              {row.getVisibleCells().map((cell) => <td key={cell.id} className="px-3 py-2">{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="border-t border-gray-100 px-3 py-2 text-xs text-gray-500">{t("queueTable.keys")}</p>
    </div>
  );
}
