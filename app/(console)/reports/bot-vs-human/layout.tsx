import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requireMemberOrNotFound } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { getOrganization } from "@/lib/org/get-organization";
import { canViewComparison } from "@/lib/routing/split-eligibility";

/**
 * Who may see the comparison is decided here, above the page's loading skeleton, so "not found" is a real 404 sent
 * before anything streams (issue 19 item 6).
 */
export default async function BotVsHumanLayout({ children }: { children: ReactNode }) {
  const member = await requireMemberOrNotFound("reports");
  const org = await getOrganization(await getDb(), { orgId: member.orgId });
  if (!org || !canViewComparison(org, member.role)) notFound();
  return children;
}
