/**
 * Who receives an alert (003_… supervisors): the org's active supervisors plus its explicit recipients (org-wide or
 * for the alert's channel), each subject to their per-signal opt-in and quiet hours (in the org's time zone). When
 * nobody is left, the org's owners and admins receive it and the alert records that no supervisor was available.
 */
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { canAccess } from "@/lib/auth/roles";
import { TZDate } from "@date-fns/tz";
import type { Db } from "@/db/client";
import { alertRecipients, memberships, organizations, type AgentSignalName, type QuietHours } from "@/db/schema";

export type Recipients = { userIds: string[]; noSupervisor: boolean };

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether `at` falls in quiet hours `{start, end}` (HH:MM in `timezone`); a range past midnight (22:00–07:00) wraps.
 */
export function inQuietHours(quiet: QuietHours, at: Date, timezone: string): boolean {
  if (!quiet) return false;
  const local = new TZDate(at.getTime(), timezone);
  const now = local.getHours() * 60 + local.getMinutes();
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * Resolves the recipients of an alert of `signal` at `at`, on `channelId` (or, for a storm group, on any of
 * `groupChannelIds`). Only members who may open monitoring (supervisors, admins, owners) receive alerts.
 * A member with recipient rows (org-wide and/or one of these channels) receives it if an applicable row opts in to the
 * signal outside its quiet hours; a supervisor without rows receives every signal. When nobody is left, owners and
 * admins receive it (their own rows applied too; if that leaves nobody, all of them) and `noSupervisor` is true.
 * @returns user ids (deduplicated) and whether the owner/admin fallback was used
 */
export async function resolveRecipients(
  db: Db,
  { orgId, channelId, groupChannelIds = [], signal, at }: { orgId: string; channelId: string | null; groupChannelIds?: string[]; signal: AgentSignalName; at: Date },
): Promise<Recipients> {
  const channels = channelId ? [channelId] : groupChannelIds;
  const [[org], members, rows] = await Promise.all([
    db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, orgId)),
    db
      .select({ userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.status, "active"))),
    db
      .select()
      .from(alertRecipients)
      .where(and(eq(alertRecipients.orgId, orgId), channels.length > 0 ? or(isNull(alertRecipients.channelId), inArray(alertRecipients.channelId, channels)) : isNull(alertRecipients.channelId))),
  ]);
  const timezone = org?.timezone ?? "Asia/Jakarta";
  const eligible = new Map(members.filter((m) => canAccess(m.role, "monitoring")).map((m) => [m.userId, m.role]));
  const byUser = new Map<string, (typeof rows)[number][]>();
  for (const r of rows) if (eligible.has(r.userId)) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  /** a member's own rows decide; without rows, `byDefault` */
  const wants = (userId: string, byDefault: boolean) => {
    const own = byUser.get(userId);
    if (!own) return byDefault;
    return own.filter((r) => r.signals.includes(signal)).some((r) => !inQuietHours(r.quietHours ?? null, at, timezone));
  };

  const supervisors = [...eligible].filter(([, role]) => canAccess(role, "alertsByDefault")).map(([id]) => id);
  const chosen = [...new Set([...supervisors, ...byUser.keys()])].filter((userId) => wants(userId, true));
  if (chosen.length > 0) return { userIds: chosen, noSupervisor: false };
  const admins = [...eligible].filter(([, role]) => canAccess(role, "alertsWithoutSupervisor")).map(([id]) => id);
  const willing = admins.filter((userId) => wants(userId, true));
  return { userIds: willing.length > 0 ? willing : admins, noSupervisor: true };
}

/** Members of the org with their role, for the recipients editor. */
export function listRecipientRows(db: Db, orgId: string) {
  return db.select().from(alertRecipients).where(eq(alertRecipients.orgId, orgId));
}

/** Which of `userIds` are active members of the org who may receive alerts (monitoring access). */
export async function activeMemberIds(db: Db, orgId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.status, "active"), inArray(memberships.userId, userIds)));
  return new Set(rows.filter((r) => canAccess(r.role, "monitoring")).map((r) => r.userId));
}
