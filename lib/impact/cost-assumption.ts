/**
 * The org's own cost assumption (001_… IMPACT-S04): agent-hour rate in whole rupiah and handling minutes per
 * conversation. There is no default: hours and rupiah appear only after an owner/admin saves one (AC-3). Saving
 * validates (ERR-1: nothing persisted on bad input), writes the audit entry and the `cost_assumption_updated` event
 * in one transaction.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { costAssumptions, organizations } from "@/db/schema";
import { diffFields, recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { recordEvent } from "@/lib/events/record-event";
import { impactAccess } from "./impact-access";

/** Bounds of the agent-hour rate, whole rupiah: from Rp 1.000 to Rp 10.000.000 an hour. */
export const RATE_BOUNDS = { min: 1_000, max: 10_000_000 } as const;
/** Bounds of handling time per conversation, minutes: 1 minute to a full 8-hour shift. */
export const MINUTES_BOUNDS = { min: 1, max: 480 } as const;

/** Accepts "150000", "150.000" or "Rp 150.000" (Indonesian thousands dots) and plain numbers. */
const rupiahInput = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/^\s*Rp\.?\s*/i, "").replace(/\.(?=\d{3}(\D|$))/g, "").trim() : v),
  z.coerce
    .number({ error: "Enter an amount in rupiah." })
    .refine((n) => Number.isFinite(n), "Enter an amount in rupiah.")
    .int("Enter whole rupiah, without cents.")
    .min(RATE_BOUNDS.min, "Enter at least Rp 1.000 an hour.")
    .max(RATE_BOUNDS.max, "Enter at most Rp 10.000.000 an hour."),
);

export const costAssumptionSchema = z.object({
  agentHourRate: z.preprocess((v) => (v === "" || v == null ? undefined : v), rupiahInput.pipe(z.number()).optional()).refine((v) => v !== undefined, "Enter your agents' cost per hour."),
  minutesPerConversation: z.preprocess(
    (v) => (v === "" || v == null ? undefined : v),
    z.coerce
      .number({ error: "Enter minutes as a number." })
      .refine((n) => Number.isFinite(n), "Enter minutes as a number.")
      .int("Enter whole minutes.")
      .min(MINUTES_BOUNDS.min, "Enter at least 1 minute.")
      .max(MINUTES_BOUNDS.max, "Enter at most 480 minutes (8 hours).")
      .optional(),
  ).refine((v) => v !== undefined, "Enter the average minutes per conversation."),
}).required(); // a missing key is refused with its field message too (optional inner schemas would skip it)

export type CostAssumption = { agentHourRate: number; minutesPerConversation: number; updatedAt: Date; updatedBy: string | null };

/** The org's saved assumption, or null when none was set (IMPACT-S04 AC-3). */
export async function getCostAssumption(db: Db, orgId: string): Promise<CostAssumption | null> {
  const [row] = await db
    .select({ agentHourRate: costAssumptions.agentHourRate, minutesPerConversation: costAssumptions.minutesPerConversation, updatedAt: costAssumptions.updatedAt, updatedBy: costAssumptions.updatedBy })
    .from(costAssumptions)
    .where(eq(costAssumptions.orgId, orgId));
  return row ?? null;
}

/**
 * Work absorbed by the AI (IMPACT-S04 AC-1): contained conversations × minutes → hours × rate.
 * @returns hours (1 decimal is enough to show) and rupiah (whole)
 */
export function workAbsorbed(contained: number, assumption: Pick<CostAssumption, "agentHourRate" | "minutesPerConversation">): { hours: number; rupiah: number } {
  const hours = (contained * assumption.minutesPerConversation) / 60;
  return { hours, rupiah: Math.round(hours * assumption.agentHourRate) };
}

/**
 * Saves the org's assumption (owner/admin of an org that has the report).
 * @param input `{ agentHourRate, minutesPerConversation }` as form strings or numbers
 * @throws UserError 403 for other roles or orgs without the report; ZodError for bad values (nothing written)
 */
export async function saveCostAssumption(db: Db, { actor, input }: { actor: Membership; input: unknown }): Promise<CostAssumption> {
  const next = costAssumptionSchema.parse(input) as { agentHourRate: number; minutesPerConversation: number };
  return db.transaction(async (tx) => {
    const [org] = await tx
      .select({ aiAgentAddon: organizations.aiAgentAddon, aiAgentImpactReport: organizations.aiAgentImpactReport, aiAgentImpactReportForecast: organizations.aiAgentImpactReportForecast })
      .from(organizations)
      .where(eq(organizations.id, actor.orgId));
    if (!org || !impactAccess(org, actor.role).canEditCost) throw new UserError("Only owners and admins set the cost assumption.", 403);
    const before = await getCostAssumption(tx, actor.orgId);
    const [saved] = await tx
      .insert(costAssumptions)
      .values({ orgId: actor.orgId, ...next, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: costAssumptions.orgId, set: { ...next, updatedBy: actor.userId, updatedAt: new Date() } })
      .returning({ agentHourRate: costAssumptions.agentHourRate, minutesPerConversation: costAssumptions.minutesPerConversation, updatedAt: costAssumptions.updatedAt, updatedBy: costAssumptions.updatedBy });
    const changes = diffFields({ agentHourRate: before?.agentHourRate ?? null, minutesPerConversation: before?.minutesPerConversation ?? null }, next);
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, { actor: { userId: actor.userId, name: actor.name, orgId: actor.orgId }, area: "reports", action: "impact.cost_assumption_updated", changes });
    }
    await recordEvent(tx, {
      orgId: actor.orgId,
      userId: actor.userId,
      name: "cost_assumption_updated",
      properties: { org_id: actor.orgId, agent_hour_rate: next.agentHourRate, minutes_per_conversation: next.minutesPerConversation, timestamp: new Date().toISOString() },
    });
    return saved!;
  });
}
