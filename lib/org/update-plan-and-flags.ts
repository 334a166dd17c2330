/**
 * Plan, AI add-on and feature flags (issue 8). Admins see them read-only; only an owner changes them, and only on a
 * demo/self-hosted install — with `TANDEM_PLAN_MANAGED=1` a provider manages them and every change is refused.
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { planEnum } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { writeOrganizationFields } from "./write-organization-fields";

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
  return writeOrganizationFields(db, { actor, next, area: "flags", action: "organization.plan_and_flags_changed" });
}
