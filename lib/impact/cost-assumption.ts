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
import { say, type ErrorKey } from "@/lib/i18n/language-scope";

/** Bounds of the agent-hour rate, whole rupiah: from Rp 1.000 to Rp 10.000.000 an hour. */
export const RATE_BOUNDS = { min: 1_000, max: 10_000_000 } as const;
/** Bounds of handling time per conversation, minutes: 1 minute to a full 8-hour shift. */
export const MINUTES_BOUNDS = { min: 1, max: 480 } as const;

/**
 * A whole number typed into a form (or sent as a number): blank → `required`, anything but digits (after `normalize`)
 * → `invalid`, a decimal → `decimals`, then the bounds. `"1e5"`, `"0x10"` or `true` are not numbers here.
 * @param messages the catalogue keys of each refusal, said when the check fails (in the reader's language)
 */
function wholeNumber(messages: { required: ErrorKey; invalid: ErrorKey; decimals: ErrorKey; min: [number, ErrorKey]; max: [number, ErrorKey] }, normalize = (s: string) => s) {
  return z.unknown().transform((value, ctx) => {
    const raw = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : value == null ? "" : null;
    const fail = (key: ErrorKey) => {
      ctx.addIssue({ code: "custom", message: say(key) });
      return z.NEVER;
    };
    if (raw === "") return fail(messages.required);
    if (raw === null) return fail(messages.invalid);
    const s = normalize(raw);
    if (/^-?\d+[.,]\d+$/.test(s)) return fail(messages.decimals);
    if (!/^-?\d+$/.test(s)) return fail(messages.invalid);
    const n = Number(s);
    if (n < messages.min[0]) return fail(messages.min[1]);
    if (n > messages.max[0]) return fail(messages.max[1]);
    return n;
  });
}

/** "Rp 150.000", "150.000" (Indonesian thousands dots) or "150000" → "150000". */
const stripRupiah = (s: string) => s.replace(/^Rp\.?\s*/i, "").replace(/\.(?=\d{3}(\D|$))/g, "");

export const costAssumptionSchema = z.object({
  agentHourRate: wholeNumber(
    {
      required: "impact.rate.required",
      invalid: "impact.rate.invalid",
      decimals: "impact.rate.decimals",
      min: [RATE_BOUNDS.min, "impact.rate.min"],
      max: [RATE_BOUNDS.max, "impact.rate.max"],
    },
    stripRupiah,
  ),
  minutesPerConversation: wholeNumber({
    required: "impact.minutes.required",
    invalid: "impact.minutes.invalid",
    decimals: "impact.minutes.decimals",
    min: [MINUTES_BOUNDS.min, "impact.minutes.min"],
    max: [MINUTES_BOUNDS.max, "impact.minutes.max"],
  }),
});

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
 * Both figures come from the same unrounded minutes (issue 15 item 4): `hours` = minutes ÷ 60 (unrounded; show it with
 * one decimal), `rupiah` = minutes × rate ÷ 60 rounded to whole rupiah — so the shown hours × rate matches the rupiah.
 * @returns minutes (whole), hours (unrounded) and rupiah (whole)
 */
export function workAbsorbed(contained: number, assumption: Pick<CostAssumption, "agentHourRate" | "minutesPerConversation">): { minutes: number; hours: number; rupiah: number } {
  const minutes = contained * assumption.minutesPerConversation;
  return { minutes, hours: minutes / 60, rupiah: Math.round((minutes * assumption.agentHourRate) / 60) };
}

/**
 * Saves the org's assumption (owner/admin of an org that has the report).
 * @param input `{ agentHourRate, minutesPerConversation }` as form strings or numbers
 * @throws UserError 403 for other roles or orgs without the report (checked first); ZodError for bad values (nothing written)
 */
export async function saveCostAssumption(db: Db, { actor, input }: { actor: Membership; input: unknown }): Promise<CostAssumption> {
  return db.transaction(async (tx) => {
    const [org] = await tx
      .select({ aiAgentAddon: organizations.aiAgentAddon, aiAgentImpactReport: organizations.aiAgentImpactReport, aiAgentImpactReportForecast: organizations.aiAgentImpactReportForecast })
      .from(organizations)
      .where(eq(organizations.id, actor.orgId));
    if (!org || !impactAccess(org, actor.role).canEditCost) throw new UserError(say("impact.onlyAdminsSetCost"), 403);
    const next = costAssumptionSchema.parse(input);
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
