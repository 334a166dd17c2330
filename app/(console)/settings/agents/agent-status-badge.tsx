import { useTranslations } from "next-intl";

const TONE = {
  draft: "bg-gray-100 text-gray-700 ring-gray-500/20",
  live: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  paused: "bg-amber-50 text-amber-800 ring-amber-600/20",
} as const;

/** Draft / Live / Paused pill. */
export function AgentStatusBadge({ status }: { status: keyof typeof TONE }) {
  const t = useTranslations("agents");
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE[status]}`}>{t(`statusBadge.${status}`)}</span>;
}
