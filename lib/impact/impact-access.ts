import type { Organization } from "@/db/schema";
import { rolesWith, type Role } from "@/lib/auth/roles";

/** Roles that may view the report (001_… §6: mirrors the /reports gate). */
export const IMPACT_VIEW_ROLES: readonly Role[] = rolesWith("reports");
/** Roles that may change the cost assumption (001_… IMPACT-S04 permission model). */
export const COST_EDIT_ROLES: readonly Role[] = rolesWith("editImpactCosts");

export type ImpactAccess = {
  /** the report (nav entry, page, export) exists for this member */
  canView: boolean;
  /** the cost-assumption editor is rendered and its write accepted */
  canEditCost: boolean;
  /** the forecast panel may render (sub-flag) */
  forecast: boolean;
};

/**
 * Who sees the AI Agent Impact report (001_… §9.1 step 2–3, IMPACT-S01-NEG NEG-1, NEG-2): the org has the flag
 * `ai_agent_impact_report` and the AI add-on, and the member is an owner, admin or supervisor. Anyone else gets no
 * entry and no data (the page answers "not found", never a 403).
 */
export function impactAccess(
  org: Pick<Organization, "aiAgentAddon" | "aiAgentImpactReport" | "aiAgentImpactReportForecast">,
  role: Role,
): ImpactAccess {
  const canView = org.aiAgentImpactReport && org.aiAgentAddon && IMPACT_VIEW_ROLES.includes(role);
  return { canView, canEditCost: canView && COST_EDIT_ROLES.includes(role), forecast: canView && org.aiAgentImpactReportForecast };
}
