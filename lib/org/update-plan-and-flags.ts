/**
 * Plan, AI add-on and feature flags (issue 8). Admins see them read-only; only an owner changes them, and only on a
 * demo/self-hosted install — with `TANDEM_PLAN_MANAGED=1` a provider manages them and every change is refused.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { organizations, planEnum } from "@/db/schema";
import { diffFields, recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";

const flag = z.boolean().default(false);

export const planAndFlagsSchema = z.object({
  plan: z.enum(planEnum.enumValues, "Choose a plan."),
  aiAgentAddon: flag,
  botTrafficSplitEnabled: flag,
  aiAgentImpactReport: flag,
  aiAgentImpactReportForecast: flag,
});

/**
 * Saves plan and flags.
 * @param managed true when the provider manages plans (env `TANDEM_PLAN_MANAGED=1`)
 * @returns the names of the fields that changed
 * @throws UserError 403 when not the owner or when managed; ZodError for bad input
 */
export async function updatePlanAndFlags(
  db: Db,
  { actor, input, managed }: { actor: Membership; input: unknown; managed: boolean },
): Promise<string[]> {
  if (managed) throw new UserError("Plan and features are managed by your provider.", 403);
  if (actor.role !== "owner") throw new UserError("Only an owner can change the plan and features.", 403);
  const next = planAndFlagsSchema.parse(input);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        plan: organizations.plan, aiAgentAddon: organizations.aiAgentAddon, botTrafficSplitEnabled: organizations.botTrafficSplitEnabled,
        aiAgentImpactReport: organizations.aiAgentImpactReport, aiAgentImpactReportForecast: organizations.aiAgentImpactReportForecast,
      })
      .from(organizations)
      .where(eq(organizations.id, actor.orgId))
      .for("update");
    if (!before) throw new UserError("Organization not found.", 404);
    const changes = diffFields(before, next);
    if (Object.keys(changes).length === 0) return [];
    await tx.update(organizations).set({ ...next, updatedAt: new Date() }).where(eq(organizations.id, actor.orgId));
    await recordAudit(tx, { actor, area: "flags", action: "organization.plan_and_flags_changed", targetId: actor.orgId, changes });
    return Object.keys(changes);
  });
}
