import type { KnowledgeAudience } from "@/db/schema";

const TONE = {
  customer: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  internal: "bg-amber-50 text-amber-800 ring-amber-600/20",
} as const;

/** Short names, for badges and filters. */
export const AUDIENCE_LABEL = { customer: "Customer-facing", internal: "Internal guidance" } as const;

/** Longer names, for the choice in a form. */
export const AUDIENCE_OPTIONS = [
  { value: "customer", label: "Customer-facing answers" },
  { value: "internal", label: "Internal guidance for staff" },
] as const;

/** Customer-facing / Internal guidance pill. */
export function AudienceBadge({ audience }: { audience: KnowledgeAudience }) {
  return <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE[audience]}`}>{AUDIENCE_LABEL[audience]}</span>;
}
