/**
 * Plan, AI add-on and feature flags (issue 8). Admins see them read-only; only an owner changes them, and only on a
 * demo/self-hosted install — with `TANDEM_PLAN_MANAGED=1` a provider manages them and every change is refused.
 * A change that leaves the org without traffic-split eligibility (plan, add-on or flag) turns the split off on its
 * channels in the same transaction, recorded per channel (lib/routing/stop-split.ts; issue 15 item 5).
 */
import { requireCapability } from "@/lib/auth/roles";
import { z } from "zod";
import type { Db } from "@/db/client";
import { planEnum } from "@/db/schema";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { stopSplitIfIneligible } from "@/lib/routing/stop-split";
import { writeOrganizationFields } from "./write-organization-fields";
import { say, localized } from "@/lib/i18n/language-scope";

const flag = z.boolean().default(false);

export const planAndFlagsSchema = z.object({
  plan: z.enum(planEnum.enumValues, localized("org.choosePlan")),
  aiAgentAddon: flag,
  botTrafficSplitEnabled: flag,
  aiAgentImpactReport: flag,
  aiAgentImpactReportForecast: flag,
});

/**
 * Saves plan and flags.
 * @param managed true when the provider manages plans (env `TANDEM_PLAN_MANAGED=1`)
 * @returns the names of the organization fields that changed (channels whose split was turned off are not listed)
 * @throws UserError 403 when not the owner or when managed; ZodError for bad input
 */
export async function updatePlanAndFlags(
  db: Db,
  { actor, input, managed }: { actor: Membership; input: unknown; managed: boolean },
): Promise<string[]> {
  if (managed) throw new UserError(say("org.planManaged"), 403);
  requireCapability(actor, "changePlan", "roles.changePlan");
  const next = planAndFlagsSchema.parse(input);
  return db.transaction(async (tx) => {
    const changed = await writeOrganizationFields(tx, { actor, next, area: "flags", action: "organization.plan_and_flags_changed" });
    await stopSplitIfIneligible(tx, { actor, org: next });
    return changed;
  });
}
