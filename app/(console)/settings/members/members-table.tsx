"use client";

import {
  createColumnHelper, flexRender, getCoreRowModel, getPaginationRowModel, getSortedRowModel, useReactTable, type SortingState,
} from "@tanstack/react-table";
import { SortableHead } from "@/components/sortable-th";
import { TablePager } from "@/components/table-pager";
import { useActionState, useState } from "react";
import { useTranslations } from "next-intl";
import type { ActionState } from "@/app/_auth/action";
import { SubmitButton } from "@/components/form/submit-button";
import { useActionToast } from "@/components/form/use-action-toast";
import { canAccess, type Role } from "@/lib/auth/roles";
import { changeRole, changeStatus, saveAgentSettings } from "./actions";

export type MemberTableRow = {
  userId: string; name: string; email: string; role: Role; status: "active" | "deactivated";
  lastSeenAt: string | null; availability: "online" | "offline"; capacity: number; joinedAt: string;
};

type Ctx = { selfId: string; actorRole: Role };

function RoleCell({ row, ctx }: { row: MemberTableRow; ctx: Ctx }) {
  const [state, action] = useActionState<ActionState, FormData>(changeRole, {});
  useActionToast(state, { errors: true });
  const t = useTranslations("settings.members.table");
  const roles = useTranslations("settings.roles");
  const locked = row.role === "owner" && !canAccess(ctx.actorRole, "manageOwners");
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={row.userId} />
      <select name="role" defaultValue={row.role} disabled={locked} aria-label={t("roleOf", { name: row.name })}
        className="rounded-md border border-gray-300 px-2 py-1 text-sm disabled:bg-gray-50">
        <option value="agent">{roles("agent")}</option>
        <option value="supervisor">{roles("supervisor")}</option>
        <option value="admin">{roles("admin")}</option>
        {canAccess(ctx.actorRole, "manageOwners") || row.role === "owner" ? <option value="owner">{roles("owner")}</option> : null}
      </select>
      {locked ? null : <SubmitButton variant="secondary" pendingLabel="…" className="!px-2 !py-1 text-xs">{t("save")}</SubmitButton>}
    </form>
  );
}

function AgentCell({ row }: { row: MemberTableRow }) {
  const [state, action] = useActionState<ActionState, FormData>(saveAgentSettings, {});
  useActionToast(state, { errors: true });
  const t = useTranslations("settings.members.table");
  if (row.role !== "agent") return <span className="text-gray-500">—</span>;
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={row.userId} />
      <select name="availability" defaultValue={row.availability} aria-label={t("availabilityOf", { name: row.name })} className="rounded-md border border-gray-300 px-2 py-1 text-sm">
        <option value="online">{t("online")}</option>
        <option value="offline">{t("offline")}</option>
      </select>
      <input name="capacity" type="number" min={1} max={100} defaultValue={row.capacity} aria-label={t("capacityOf", { name: row.name })}
        className="w-14 rounded-md border border-gray-300 px-2 py-1 text-sm" />
      <SubmitButton variant="secondary" pendingLabel="…" className="!px-2 !py-1 text-xs">{t("save")}</SubmitButton>
    </form>
  );
}

function StatusCell({ row, ctx }: { row: MemberTableRow; ctx: Ctx }) {
  const [state, action] = useActionState<ActionState, FormData>(changeStatus, {});
  useActionToast(state, { errors: true });
  const t = useTranslations("settings.members.table");
  const active = row.status === "active";
  const disabled = row.userId === ctx.selfId || (row.role === "owner" && !canAccess(ctx.actorRole, "manageOwners"));
  return (
    <div className="flex items-center gap-3">
      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${active ? "bg-green-50 text-green-700" : "bg-gray-100 text-gray-600"}`}>
        {active ? t("active") : t("deactivated")}
      </span>
      {disabled ? null : (
        <form action={action} onSubmit={(e) => { if (active && !confirm(t("confirmDeactivate", { name: row.name }))) e.preventDefault(); }}>
          <input type="hidden" name="userId" value={row.userId} />
          <input type="hidden" name="status" value={active ? "deactivated" : "active"} />
          <SubmitButton variant={active ? "danger" : "secondary"} pendingLabel="…" className="!px-2 !py-1 text-xs">
            {active ? t("deactivate") : t("reactivate")}
          </SubmitButton>
        </form>
      )}
    </div>
  );
}

/** A column's header in the reader's language. */
function Header({ k }: { k: "name" | "role" | "status" | "lastSeen" | "agent" }) {
  return useTranslations("settings.members.table.columns")(k);
}

function NameCell({ row, selfId }: { row: MemberTableRow; selfId: string }) {
  const t = useTranslations("settings.members.table");
  return (
    <div>
      <div className="font-medium text-gray-900">{row.name}{row.userId === selfId ? <span className="ml-1 text-xs text-gray-500">{t("you")}</span> : null}</div>
      <div className="text-xs text-gray-500">{row.email}</div>
    </div>
  );
}

function LastSeenCell({ value }: { value: string | null }) {
  const t = useTranslations("settings.members.table");
  return <span className="whitespace-nowrap">{value ?? t("never")}</span>;
}

const col = createColumnHelper<MemberTableRow>();
// module-level so cell renderers keep their identity across renders (a new arrow would remount the cell and drop its form state)
const columns = [
  col.accessor("name", {
    header: () => <Header k="name" />,
    cell: (c) => <NameCell row={c.row.original} selfId={(c.table.options.meta as Ctx).selfId} />,
  }),
  col.accessor("role", { header: () => <Header k="role" />, cell: (c) => <RoleCell row={c.row.original} ctx={c.table.options.meta as Ctx} /> }),
  col.accessor("status", { header: () => <Header k="status" />, cell: (c) => <StatusCell row={c.row.original} ctx={c.table.options.meta as Ctx} /> }),
  col.accessor("lastSeenAt", { header: () => <Header k="lastSeen" />, cell: (c) => <LastSeenCell value={c.getValue()} /> }),
  col.display({ id: "agent", header: () => <Header k="agent" />, cell: (c) => <AgentCell row={c.row.original} /> }),
];

/** Members: sortable, paginated (25 a page); role, agent settings and status editable in place. */
export function MembersTable({ rows, selfId, actorRole }: { rows: MemberTableRow[]; selfId: string; actorRole: Role }) {
  const meta: Ctx = { selfId, actorRole };
  const t = useTranslations("settings.members.table");
  const [sorting, setSorting] = useState<SortingState>([{ id: "name", desc: false }]);
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows, columns, meta, getRowId: (r) => r.userId, state: { sorting }, onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(), getPaginationRowModel: getPaginationRowModel(),
    initialState: { pagination: { pageSize: 25 } },
  });
  return (
    <section className="relative overflow-x-auto rounded-lg border border-gray-200 bg-white">
      <table className="min-w-full text-sm" aria-label={t("label")}>
        <SortableHead table={table} className="bg-gray-50" />
        <tbody>
          {table.getRowModel().rows.map((r) => (
            <tr key={r.id} className="border-t border-gray-100 align-middle" data-testid={`member-${r.original.email}`}>
              {r.getVisibleCells().map((c) => <td key={c.id} className="px-3 py-2">{flexRender(c.column.columnDef.cell, c.getContext())}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
      <TablePager table={table} />
    </section>
  );
}
