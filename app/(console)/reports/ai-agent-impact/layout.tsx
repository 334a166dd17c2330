import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireMemberOrNotFound } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { impactContext } from "@/lib/impact/impact-context";

/**
 * Who may see the report is decided here, above the page's loading skeleton, so "not found" is a real 404 sent before
 * anything streams (issue 19 item 6; IMPACT-S01-NEG NEG-1, NEG-2: no data and no 403).
 */
export default async function ImpactReportLayout({ children }: { children: ReactNode }) {
  const member = await requireMemberOrNotFound("reports");
  if (!(await impactContext(await getDb(), member))) notFound();
  return children;
}
