"use client";

import Link from "next/link";
import { createColumnHelper, flexRender, getCoreRowModel, getPaginationRowModel, getSortedRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import type { ActionState } from "@/app/_auth/action";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { SortableHead } from "@/components/sortable-th";
import { TablePager } from "@/components/table-pager";
import type { AgentListRow } from "@/lib/agent/list-agents";
import { AgentStatusBadge } from "./agent-status-badge";
import { agentCommandAction } from "./actions";

/** A row of `listAgents`, with the date serialized for the client. */
export type AgentTableRow = Omit<AgentListRow, "updatedAt"> & { updatedAt: string };

/** Pause/resume, duplicate and archive buttons for one agent (archive asks first). */
export function AgentCommands({ id, name, status }: { id: string; name: string; status: AgentTableRow["status"] }) {
  const [state, action] = useActionState<ActionState, FormData>(agentCommandAction, {});
  useActionToast(state, { errors: true });
  const t = useTranslations("agents");
  const button = (command: string, label: string, pending: string, variant: "secondary" | "danger" = "secondary", confirm?: string) => (
    <ActionForm action={action} confirm={confirm ? () => window.confirm(confirm) : undefined}>
      <input type="hidden" name="agentId" value={id} />
      <input type="hidden" name="command" value={command} />
      <SubmitButton variant={variant} pendingLabel={pending} className="!px-2 !py-1 text-xs">{label}</SubmitButton>
    </ActionForm>
  );
  return (
    <div className="flex flex-wrap gap-1" aria-label={t("commands.label", { name })}>
      {status === "live" ? button("pause", t("commands.pause"), t("commands.pausing")) : null}
      {status === "paused" ? button("resume", t("commands.resume"), t("commands.resuming")) : null}
      {button("duplicate", t("commands.duplicate"), t("commands.copying"))}
      {button("archive", t("commands.archive"), t("commands.archiving"), "danger", t("commands.archiveConfirm", { name }))}
    </div>
  );
}

const col = createColumnHelper<AgentTableRow>();

/** The org's agents: name, status, channels, version, last edited by/at; sortable, paged. */
export function AgentsTable({ rows, canEdit, timezone, locale }: { rows: AgentTableRow[]; canEdit: boolean; timezone: string; locale: string }) {
  const t = useTranslations("agents");
  const [sorting, setSorting] = useState<SortingState>([{ id: "updatedAt", desc: true }]);
  const format = new Intl.DateTimeFormat(locale, { timeZone: timezone, dateStyle: "medium", timeStyle: "short" });
  const columns = [
    col.accessor("name", {
      header: t("table.name"),
      cell: (c) => <Link href={`/settings/agents/${c.row.original.id}`} className="font-medium text-blue-700 hover:underline">{c.getValue()}</Link>,
    }),
    col.accessor("status", {
      header: t("table.status"),
      cell: (c) => (
        <span className="flex items-center gap-2">
          <AgentStatusBadge status={c.getValue()} />
          {c.row.original.hasUnpublishedChanges && c.getValue() !== "draft" ? <span className="text-xs text-amber-700">{t("table.unpublished")}</span> : null}
        </span>
      ),
    }),
    col.accessor((r) => r.channels.join(", "), { id: "channels", header: t("table.channels"), cell: (c) => c.getValue() || <span className="text-gray-500">{t("table.none")}</span> }),
    col.accessor("publishedVersion", { header: t("table.version"), cell: (c) => { const v = c.getValue(); return v ? t("table.versionValue", { version: v }) : "—"; } }),
    col.accessor("updatedAt", {
      header: t("table.lastEdited"),
      cell: (c) => {
        const date = format.format(new Date(c.getValue()));
        return c.row.original.updatedByName ? t("table.editedBy", { date, name: c.row.original.updatedByName }) : date;
      },
    }),
    ...(canEdit ? [col.display({ id: "actions", header: t("table.actions"), cell: (c) => <AgentCommands id={c.row.original.id} name={c.row.original.name} status={c.row.original.status} /> })] : []),
  ];
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    initialState: { pagination: { pageSize: 20 } },
  });
  if (rows.length === 0) {
    return (
      <section className="rounded-lg border border-dashed border-gray-300 bg-white p-8 text-center text-sm text-gray-600">
        {canEdit ? t("table.emptyEditor") : t("table.emptyViewer")}
      </section>
    );
  }
  return (
    <section className="relative overflow-x-auto rounded-lg border border-gray-200 bg-white">
      <table className="min-w-full text-sm" aria-label={t("table.label")}>
        <SortableHead table={table} className="bg-gray-50 text-left text-gray-600" />
        <tbody>
          {table.getRowModel().rows.map((r) => (
            <tr key={r.id} className="border-t border-gray-100 align-top">
              {r.getVisibleCells().map((c) => <td key={c.id} className="px-4 py-2">{flexRender(c.column.columnDef.cell, c.getContext())}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      <TablePager table={table} />
    </section>
  );
}
