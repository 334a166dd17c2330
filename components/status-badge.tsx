import type { Conversation } from "@/db/schema";

const LABEL: Record<Conversation["status"], string> = {
  OPEN: "Open",
  WAITING_ASSIGN_AGENT: "Waiting for agent",
  ASSIGNED: "With an agent",
  RESOLVED: "Resolved",
};
const TONE: Record<Conversation["status"], string> = {
  OPEN: "bg-blue-50 text-blue-700 ring-blue-600/20",
  WAITING_ASSIGN_AGENT: "bg-amber-50 text-amber-800 ring-amber-600/20",
  ASSIGNED: "bg-violet-50 text-violet-700 ring-violet-600/20",
  RESOLVED: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
};

export const STATUS_LABEL = LABEL;

export function StatusBadge({ status }: { status: Conversation["status"] }) {
  return (
    <span className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE[status]}`}>
      {LABEL[status]}
    </span>
  );
}
