"use client";

import { flexRender, type Header, type Table } from "@tanstack/react-table";

/** A TanStack table header cell: a sort toggle button (with `aria-sort`) when the column sorts, else its label. */
export function SortableTh<T>({ header }: { header: Header<T, unknown> }) {
  const sorted = header.column.getIsSorted();
  const label = flexRender(header.column.columnDef.header, header.getContext());
  return (
    <th scope="col" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined} className="px-3 py-2 text-left font-medium text-gray-600">
      {header.column.getCanSort() ? (
        <button type="button" onClick={header.column.getToggleSortingHandler()} className="inline-flex items-center gap-1 hover:text-gray-900">
          {label}
          <span aria-hidden>{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}</span>
        </button>
      ) : label}
    </th>
  );
}

/** The `<thead>` of a TanStack table: every header group, each cell a {@link SortableTh}. */
export function SortableHead<T>({ table, className = "bg-gray-50" }: { table: Table<T>; className?: string }) {
  return (
    <thead className={className}>
      {table.getHeaderGroups().map((g) => (
        <tr key={g.id}>
          {g.headers.map((h) => <SortableTh key={h.id} header={h} />)}
        </tr>
      ))}
    </thead>
  );
}
