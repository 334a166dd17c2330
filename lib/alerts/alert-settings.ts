/**
 * Alert settings per org (003_…): dedup window, storm threshold and severity per signal, validated with zod and
 * audited. Orgs without a row use the defaults.
 */
import { requireCapability } from "@/lib/auth/roles";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { agentSignalEnum, alertSettings, type AgentSignalName } from "@/db/schema";
import { diffFields, recordAudit } from "@/lib/audit/record-audit";
import type { Membership } from "@/lib/auth/sessions";
import { UserError } from "@/lib/errors/user-error";
import { localized } from "@/lib/i18n/language-scope";

export type Severity = "high" | "medium" | "low";
export const SEVERITIES: readonly Severity[] = ["high", "medium", "low"];

/**
 * 003_… severities: errors and unexpected handoffs are high, the message cap medium, low confidence low. The Chatwoot
 * loop's (issue 18 item 4): a P0 escalation and an SLA breach are high, a missing AI draft medium.
 */
export const DEFAULT_SEVERITY: Record<AgentSignalName, Severity> = {
  agent_error: "high",
  unexpected_handoff: "high",
  message_cap: "medium",
  low_confidence: "low",
  draft_engine_failed: "medium",
  p0_escalation: "high",
  sla_breach: "high",
};

export type AlertSettings = {
  dedupWindowMinutes: number;
  stormThreshold: number;
  severities: Record<AgentSignalName, Severity>;
  /** more alerts of one signal than this in the last hour mark it noisy (issue 18 item 6) */
  noisyPerHour: number;
};

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { dedupWindowMinutes: 10, stormThreshold: 5, severities: DEFAULT_SEVERITY, noisyPerHour: 20 };

export const alertSettingsSchema = z.object({
  dedupWindowMinutes: z.coerce.number(localized("alerts.settings.enterMinutes")).int(localized("alerts.settings.wholeMinutes")).min(1, localized("alerts.settings.atLeastOneMinute")).max(1440, localized("alerts.settings.dedupWindowMax", { max: 1440 })),
  stormThreshold: z.coerce.number(localized("alerts.settings.enterNumber")).int(localized("alerts.settings.wholeNumber")).min(1, localized("alerts.settings.atLeast", { min: 1 })).max(1000, localized("alerts.settings.atMost", { max: 1000 })),
  /** any subset of the signals; the rest keep their defaults */
  severities: z.partialRecord(z.enum(agentSignalEnum.enumValues), z.enum(["high", "medium", "low"])),
  /** optional for callers that predate it: the default (20) then */
  noisyPerHour: z.coerce.number(localized("alerts.settings.enterNumber")).int(localized("alerts.settings.wholeNumber")).min(1, localized("alerts.settings.atLeast", { min: 1 })).max(10_000, localized("alerts.settings.atMost", { max: 10_000 })).default(20),
});

/** The org's settings, defaults filled in. */
export async function getAlertSettings(db: Db, orgId: string): Promise<AlertSettings> {
  const [row] = await db.select().from(alertSettings).where(eq(alertSettings.orgId, orgId));
  return alertSettingsOf(row);
}

/**
 * Settings from the org's stored row (read on its own or joined into another query, like the ingest's channel
 * context), defaults filled in; the defaults when the org saved none.
 */
export function alertSettingsOf(
  row: (Pick<typeof alertSettings.$inferSelect, "dedupWindowMinutes" | "stormThreshold" | "severities"> & { noisyPerHour?: number | null }) | null | undefined,
): AlertSettings {
  if (!row) return DEFAULT_ALERT_SETTINGS;
  return {
    dedupWindowMinutes: row.dedupWindowMinutes,
    stormThreshold: row.stormThreshold,
    noisyPerHour: row.noisyPerHour ?? DEFAULT_ALERT_SETTINGS.noisyPerHour,
    severities: { ...DEFAULT_SEVERITY, ...(row.severities as Partial<Record<AgentSignalName, Severity>>) },
  };
}

/**
 * Saves the org's alert settings (owner/admin) with an audit entry.
 * @throws UserError 403; ZodError for bad values (nothing written)
 */
export async function saveAlertSettings(db: Db, { actor, input }: { actor: Membership; input: unknown }): Promise<AlertSettings> {
  requireCapability(actor, "configureAlerts", "roles.changeAlertSettings");
  const next = alertSettingsSchema.parse(input);
  const severities = { ...DEFAULT_SEVERITY, ...next.severities };
  return db.transaction(async (tx) => {
    const before = await getAlertSettings(tx, actor.orgId);
    await tx
      .insert(alertSettings)
      .values({ orgId: actor.orgId, dedupWindowMinutes: next.dedupWindowMinutes, stormThreshold: next.stormThreshold, severities, noisyPerHour: next.noisyPerHour })
      .onConflictDoUpdate({ target: alertSettings.orgId, set: { dedupWindowMinutes: next.dedupWindowMinutes, stormThreshold: next.stormThreshold, severities, noisyPerHour: next.noisyPerHour, updatedAt: new Date() } });
    const saved = { dedupWindowMinutes: next.dedupWindowMinutes, stormThreshold: next.stormThreshold, severities, noisyPerHour: next.noisyPerHour };
    const changes = diffFields(before as unknown as Record<string, unknown>, saved);
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, { actor: { userId: actor.userId, name: actor.name, orgId: actor.orgId }, area: "alerts", action: "alerts.settings_saved", changes });
    }
    return saved;
  });
}
