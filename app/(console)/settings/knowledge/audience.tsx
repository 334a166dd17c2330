import { useTranslations } from "next-intl";
import type { KnowledgeAudience } from "@/db/schema";

const TONE = {
  customer: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  internal: "bg-amber-50 text-amber-800 ring-amber-600/20",
} as const;

/** The audiences, in the order forms and filters list them: short names under `audience.label.*` (badges and
 * filters), longer ones under `audience.option.*` (the choice in a form). */
export const AUDIENCES = ["customer", "internal"] as const satisfies readonly KnowledgeAudience[];

/** Customer-facing / Internal guidance pill. */
export function AudienceBadge({ audience }: { audience: KnowledgeAudience }) {
  const t = useTranslations("agents");
  return <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE[audience]}`}>{t(`audience.label.${audience}`)}</span>;
}
