/**
 * Who receives an alert (003_… supervisors): the org's active supervisors plus its explicit recipients (org-wide or
 * for the alert's channel), each subject to their per-signal opt-in and quiet hours (in the org's time zone). When
 * nobody is left, the org's owners and admins receive it and the alert records that no supervisor was available.
 */
import { and, eq, inArray, isNull, or } from "drizzle-orm";
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
 * Resolves the recipients of an alert of `signal` on `channelId` at `at`.
 * A member with recipient rows (org-wide and/or this channel) receives it if any applicable row opts in to the
 * signal and not all applicable opted-in rows are in quiet hours; a supervisor without rows receives every signal.
 * @returns user ids (deduplicated) and whether the owner/admin fallback was used
 */
export async function resolveRecipients(
  db: Db,
  { orgId, channelId, signal, at }: { orgId: string; channelId: string | null; signal: AgentSignalName; at: Date },
): Promise<Recipients> {
  const [[org], members, rows] = await Promise.all([
    db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, orgId)),
    db
      .select({ userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, orgId), eq(memberships.status, "active"))),
    db
      .select()
      .from(alertRecipients)
      .where(and(eq(alertRecipients.orgId, orgId), channelId ? or(isNull(alertRecipients.channelId), eq(alertRecipients.channelId, channelId)) : isNull(alertRecipients.channelId))),
  ]);
  const timezone = org?.timezone ?? "Asia/Jakarta";
  const active = new Set(members.map((m) => m.userId));
  const supervisors = members.filter((m) => m.role === "supervisor").map((m) => m.userId);
  const byUser = new Map<string, (typeof rows)[number][]>();
  for (const r of rows) if (active.has(r.userId)) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);

  const chosen = new Set<string>();
  for (const userId of new Set([...supervisors, ...byUser.keys()])) {
    const own = byUser.get(userId);
    if (!own) {
      chosen.add(userId); // a supervisor with no preferences gets everything, any time
      continue;
    }
    const optedIn = own.filter((r) => r.signals.includes(signal));
    if (optedIn.some((r) => !inQuietHours(r.quietHours ?? null, at, timezone))) chosen.add(userId);
  }
  if (chosen.size > 0) return { userIds: [...chosen], noSupervisor: false };
  const fallback = members.filter((m) => m.role === "owner" || m.role === "admin").map((m) => m.userId);
  return { userIds: fallback, noSupervisor: true };
}

/** Members of the org with their role, for the recipients editor. */
export function listRecipientRows(db: Db, orgId: string) {
  return db.select().from(alertRecipients).where(eq(alertRecipients.orgId, orgId));
}

/** Drops ids that are not active members of the org (recipient editor input). */
export async function activeMemberIds(db: Db, orgId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.status, "active"), inArray(memberships.userId, userIds)));
  return new Set(rows.map((r) => r.userId));
}
