import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { requireMemberOrNotFound } from "@/app/_auth/guard";
import { ConsoleNav } from "@/components/console-nav";
import { getDb } from "@/db/client";
import { impactAccess } from "@/lib/impact/impact-access";
import { getOrganization } from "@/lib/org/get-organization";
import { canViewComparison } from "@/lib/routing/split-eligibility";

export default async function ReportsLayout({ children }: { children: ReactNode }) {
  // reports are not there for other roles: no nav entry and "not found", never a 403 (001_… IMPACT-S01-NEG NEG-2)
  const member = await requireMemberOrNotFound("reports");
  const org = await getOrganization(await getDb(), { orgId: member.orgId });
  // the impact report's entry exists only where it may be opened (001_… §9.1 step 3: no entry, no 403)
  const impact = org !== null && impactAccess(org, member.role).canView;
  // the comparison's entry only where the split may be used (flag, plan and AI add-on; issue 15 item 5)
  const comparison = org !== null && canViewComparison(org, member.role);
  const t = await getTranslations("reports");
  return (
    <div className="space-y-4">
      <ConsoleNav
        label={t("nav.label")}
        items={[
          { href: "/reports", label: t("nav.overview"), exact: true },
          ...(impact ? [{ href: "/reports/ai-agent-impact", label: t("nav.impact") }] : []),
          ...(comparison ? [{ href: "/reports/bot-vs-human", label: t("nav.botVsHuman") }] : []),
          { href: "/reports/approvals", label: t("nav.approvals") },
        ]}
      />
      {children}
    </div>
  );
}
