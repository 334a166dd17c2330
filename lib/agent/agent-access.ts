import { canAccess } from "@/lib/auth/roles";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, type Organization } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";

/** Plans that include autonomous AI agents (with the AI add-on). */
export const AGENT_PLANS: readonly Organization["plan"][] = ["professional", "enterprise"];

export const AGENTS_UPGRADE_MESSAGE = "AI agents need the AI add-on on the Professional or Enterprise plan.";

/** Whether the org may use AI agents: the AI add-on on an eligible plan (002_… plan gating). */
export function agentsAvailable(org: Pick<Organization, "aiAgentAddon" | "plan">): boolean {
  return org.aiAgentAddon && AGENT_PLANS.includes(org.plan);
}

/** Roles that may change agents; supervisors only read them, agents see nothing. */
export function canEditAgents(role: Membership["role"]): boolean {
  return canAccess(role, "manageAgents");
}

/**
 * Refuses an agent write unless the actor is an owner/admin of an org with AI agents available. Call inside the
 * write's transaction.
 * @throws UserError 403 (role, or plan/add-on)
 */
export async function assertAgentWriter(db: Db, actor: Membership): Promise<void> {
  if (!canEditAgents(actor.role)) throw new UserError("Only owners and admins change AI agents.", 403);
  const [org] = await db
    .select({ plan: organizations.plan, aiAgentAddon: organizations.aiAgentAddon })
    .from(organizations)
    .where(eq(organizations.id, actor.orgId));
  if (!org || !agentsAvailable(org)) throw new UserError(AGENTS_UPGRADE_MESSAGE, 403);
}
