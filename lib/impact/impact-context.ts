import type { Db } from "@/db/client";
import type { Organization } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { getOrganization } from "@/lib/org/get-organization";
import { type CostAssumption, getCostAssumption } from "./cost-assumption";
import { type ImpactAccess, impactAccess } from "./impact-access";

export type ImpactContext = { org: Organization; access: ImpactAccess; assumption: CostAssumption | null };

/**
 * What the report page and its export need about the caller's org: the org, the member's access (gates) and the
 * org's cost assumption.
 * @returns null when the member may not see the report (the caller answers "not found": no data, no 403)
 */
export async function impactContext(db: Db, member: { orgId: string; role: Role }): Promise<ImpactContext | null> {
  const org = await getOrganization(db, { orgId: member.orgId });
  if (!org) return null;
  const access = impactAccess(org, member.role);
  if (!access.canView) return null;
  return { org, access, assumption: await getCostAssumption(db, org.id) };
}
