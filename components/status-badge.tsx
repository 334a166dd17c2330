import { useTranslations } from "next-intl";
import type { Conversation } from "@/db/schema";

/** The conversation statuses in the order people filter by them (labels in `common.status`). */
export const CONVERSATION_STATUSES: Conversation["status"][] = ["OPEN", "WAITING_ASSIGN_AGENT", "ASSIGNED", "RESOLVED"];

const TONE: Record<Conversation["status"], string> = {
  OPEN: "bg-blue-50 text-blue-700 ring-blue-600/20",
  WAITING_ASSIGN_AGENT: "bg-amber-50 text-amber-800 ring-amber-600/20",
  ASSIGNED: "bg-violet-50 text-violet-700 ring-violet-600/20",
  RESOLVED: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
};

/** A conversation's status in the reader's language ("With an agent" / "Ditangani agen"). */
export function StatusBadge({ status }: { status: Conversation["status"] }) {
  const t = useTranslations("common.status");
  return (
    <span className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE[status]}`}>
      {t(status)}
    </span>
  );
}
