"use client";

import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type SortingState,
} from "@tanstack/react-table";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { CONVERSATION_STATUSES, StatusBadge } from "@/components/status-badge";
import type { Conversation } from "@/db/schema";

export type TableRow = {
  id: string;
  channelName: string;
  contact: string;
  firstMessage: string;
  handledBy: string;
  status: Conversation["status"];
  messageCount: number;
  createdAt: string;
};

type Props = {
  rows: TableRow[];
  total: number;
  page: number;
  pageSize: number;
  sort: string;
  dir: "asc" | "desc";
  channel?: string;
  status?: string;
  customer?: string;
  view: "mine" | "queue" | "all";
  channels: { id: string; name: string }[];
  pageSizes: readonly number[];
};

/** A column's header in the reader's language. */
function Header({ k }: { k: "firstMessage" | "contact" | "channel" | "handledBy" | "status" | "messages" | "created" }) {
  const t = useTranslations("conversations.table");
  return t(k);
}

const col = createColumnHelper<TableRow>();
const columns = [
  col.accessor("firstMessage", {
    header: () => <Header k="firstMessage" />,
    enableSorting: false,
    cell: (c) => (
      <Link href={`/conversations/${c.row.original.id}`} className="line-clamp-2 min-w-[16rem] max-w-sm text-gray-900 hover:text-blue-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500">
        {c.getValue()}
      </Link>
    ),
  }),
  col.accessor("contact", { header: () => <Header k="contact" />, enableSorting: false, cell: (c) => <span className="block max-w-[10rem] truncate" title={c.getValue()}>{c.getValue()}</span> }),
  col.accessor("channelName", { id: "channel", header: () => <Header k="channel" />, cell: (c) => <span className="block min-w-[9.5rem]">{c.getValue()}</span> }),
  col.accessor("handledBy", { header: () => <Header k="handledBy" />, enableSorting: false }),
  col.accessor("status", { id: "status", header: () => <Header k="status" />, cell: (c) => <StatusBadge status={c.getValue()} /> }),
  col.accessor("messageCount", { id: "messages", header: () => <Header k="messages" />, cell: (c) => <span className="tabular-nums">{c.getValue()}</span> }),
  col.accessor("createdAt", { id: "created_at", header: () => <Header k="created" />, cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span> }),
];

/** Server-paginated, server-sorted conversations table; state lives in the URL so every view is linkable. */
export function ConversationsTable(props: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();
  const t = useTranslations("conversations");
  const tStatus = useTranslations("common.status");

  function navigate(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(searchParams.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, v);
    }
    startTransition(() => router.push(`${pathname}?${next.toString()}`));
  }

  const sorting: SortingState = [{ id: props.sort, desc: props.dir === "desc" }];
  // TanStack Table returns fresh functions each render by design; the compiler skips memoising this component
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: props.rows,
    columns,
    state: { sorting },
    manualSorting: true,
    manualPagination: true,
    pageCount: Math.max(1, Math.ceil(props.total / props.pageSize)),
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
  });

  const pageCount = table.getPageCount();
  const from = props.total === 0 ? 0 : (props.page - 1) * props.pageSize + 1;
  const to = Math.min(props.total, props.page * props.pageSize);
  const exportQuery = new URLSearchParams(searchParams.toString());
  exportQuery.delete("page");

  const views = [
    { id: "mine", label: t("table.viewMine") },
    { id: "queue", label: t("table.viewQueue") },
    { id: "all", label: t("table.viewAll") },
  ] as const;
  exportQuery.set("view", props.view);

  return (
    <div className="space-y-3" aria-busy={pending}>
      <nav aria-label={t("table.views")} className="flex gap-1 border-b border-gray-200">
        {views.map((v) => (
          <button key={v.id} type="button" aria-current={props.view === v.id ? "page" : undefined} onClick={() => navigate({ view: v.id, page: undefined })}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 ${props.view === v.id ? "border-blue-600 text-blue-700" : "border-transparent text-gray-600 hover:text-gray-900"}`}>
            {v.label}
          </button>
        ))}
      </nav>
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="block text-gray-600">{t("table.filterChannel")}</span>
          <select aria-label={t("table.filterChannelLabel")} value={props.channel ?? ""} onChange={(e) => navigate({ channel: e.target.value, page: undefined })}
            className="mt-1 rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm">
            <option value="">{t("table.allChannels")}</option>
            {props.channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label className="text-sm">
          <span className="block text-gray-600">{t("table.filterStatus")}</span>
          <select aria-label={t("table.filterStatusLabel")} value={props.status ?? ""} onChange={(e) => navigate({ status: e.target.value, page: undefined })}
            className="mt-1 rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm">
            <option value="">{t("table.allStatuses")}</option>
            {CONVERSATION_STATUSES.map((value) => <option key={value} value={value}>{tStatus(value)}</option>)}
          </select>
        </label>
        <form
          role="search"
          className="text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            navigate({ customer: String(new FormData(e.currentTarget).get("customer") ?? "").trim(), page: undefined });
          }}
        >
          <label htmlFor="customer-search" className="block text-gray-600">{t("table.customer")}</label>
          <span className="mt-1 flex gap-1">
            <input id="customer-search" name="customer" type="search" defaultValue={props.customer ?? ""} key={props.customer ?? ""}
              placeholder={t("table.customerPlaceholder")} autoComplete="off"
              className="w-56 rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm" />
            <button type="submit" className="rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-gray-700 hover:bg-gray-50">{t("table.find")}</button>
          </span>
        </form>
        {pending ? <span role="status" className="text-sm text-gray-500">{t("table.loading")}</span> : null}
        <a href={`/api/conversations/export?${exportQuery.toString()}`} className="ml-auto rounded-md border border-gray-300 bg-white px-3 py-1.5 text-sm text-gray-700 hover:bg-gray-50" download>
          {t("table.exportCsv")}
        </a>
      </div>

      <div className="relative overflow-x-auto rounded-lg border border-gray-200 bg-white">
        <table className="min-w-full divide-y divide-gray-200 text-sm">
          <thead className="bg-gray-50">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const sorted = h.column.getIsSorted();
                  const canSort = h.column.getCanSort();
                  return (
                    <th key={h.id} scope="col" aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}
                      className="whitespace-nowrap px-3 py-2 text-left font-medium text-gray-600">
                      {canSort ? (
                        <button type="button" className="inline-flex items-center gap-1 hover:text-gray-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
                          onClick={() => navigate({ sort: h.column.id, dir: sorted === "desc" ? "asc" : "desc", page: undefined })}>
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          <span aria-hidden className="text-xs">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-gray-100">
            {table.getRowModel().rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-3 py-12 text-center text-gray-500">
                  {props.customer
                    ? t("empty.customer")
                    : props.channel || props.status
                    ? t("empty.filtered")
                    : props.view === "mine"
                    ? t("empty.mine")
                    : props.view === "queue"
                    ? t("empty.queue")
                    : t("empty.all")}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id} className="hover:bg-gray-50">
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className="px-3 py-2 align-top text-gray-700">{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      <div className="flex flex-wrap items-center gap-3 text-sm text-gray-600">
        <span>{props.total === 0 ? t("table.countNone") : t("table.countRange", { from, to, total: props.total })}</span>
        <label className="ml-auto flex items-center gap-2">
          {t("table.rowsPerPage")}
          <select aria-label={t("table.rowsPerPage")} value={props.pageSize} onChange={(e) => navigate({ pageSize: e.target.value, page: undefined })}
            className="rounded-md border border-gray-300 bg-white px-2 py-1">
            {props.pageSizes.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <button type="button" disabled={props.page <= 1} onClick={() => navigate({ page: String(props.page - 1) })}
          className="rounded-md border border-gray-300 bg-white px-3 py-1 disabled:opacity-50">{t("table.previous")}</button>
        <span>{t("table.pageOf", { page: props.page, pageCount })}</span>
        <button type="button" disabled={props.page >= pageCount} onClick={() => navigate({ page: String(props.page + 1) })}
          className="rounded-md border border-gray-300 bg-white px-3 py-1 disabled:opacity-50">{t("table.next")}</button>
      </div>
    </div>
  );
}
