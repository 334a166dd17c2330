import { canAccess } from "@/lib/auth/roles";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, type Organization } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { errorMessagesFor } from "@/lib/i18n/error-messages";
import { say } from "@/lib/i18n/language-scope";

/** Plans that include autonomous AI agents (with the AI add-on). */
export const AGENT_PLANS: readonly Organization["plan"][] = ["professional", "enterprise"];

/**
 * The English wording of the plan refusal (`agents.upgradeRequired`), for code outside a request's language (tests).
 * The refusal itself is built with `say`, in the caller's language.
 */
export const AGENTS_UPGRADE_MESSAGE: string = errorMessagesFor("en").agents.upgradeRequired;

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
  if (!canEditAgents(actor.role)) throw new UserError(say("agents.writeRole"), 403);
  const [org] = await db
    .select({ plan: organizations.plan, aiAgentAddon: organizations.aiAgentAddon })
    .from(organizations)
    .where(eq(organizations.id, actor.orgId));
  if (!org || !agentsAvailable(org)) throw new UserError(say("agents.upgradeRequired"), 403);
}
