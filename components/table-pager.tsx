"use client";

import type { Table } from "@tanstack/react-table";
import { useTranslations } from "next-intl";

/** Previous/next paging under a client-paginated TanStack table (hidden when everything fits on one page). */
export function TablePager<T>({ table }: { table: Table<T> }) {
  const t = useTranslations("common.pager");
  if (table.getPageCount() <= 1) return null;
  return (
    <nav aria-label={t("label")} className="flex items-center justify-end gap-2 border-t border-gray-100 px-4 py-2 text-sm">
      <span>{t("page", { page: table.getState().pagination.pageIndex + 1, pages: table.getPageCount() })}</span>
      <button type="button" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()} className="rounded border px-2 py-1 disabled:opacity-50">{t("previous")}</button>
      <button type="button" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()} className="rounded border px-2 py-1 disabled:opacity-50">{t("next")}</button>
    </nav>
  );
}
